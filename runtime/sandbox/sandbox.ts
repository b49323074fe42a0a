/**
 * The sandbox in which all user-written JavaScript runs (the Code block and expressions): QuickJS
 * compiled to WebAssembly, with a time limit (interrupt handler deadline, and a backstop that
 * terminates the worker), a memory limit that really holds (a fixed-size WebAssembly.Memory per
 * engine), no bridge to the host at all, and values crossing as JSON text only. See README.md
 * beside this file for the model and its limits.
 *
 * The engines run in a small pool of worker threads (pool.ts), so a call that spins never blocks
 * the caller's event loop. This file builds the jobs and turns failures into SandboxErrors; the
 * engines themselves are plain JavaScript (engine.mjs, host.mjs, worker.mjs) so that the worker
 * loads anywhere without TypeScript.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { TCodeCapability, TCodeLogSink, TJson, TSandboxLimits } from '@/blocks/core/executor';
import { SandboxError } from './errors';
import { hintFor } from './hints';
import {
  DEFAULT_MAX_QUEUE,
  DEFAULT_RESERVE_TIMEOUT_MS,
  InlineRunner,
  WORKER_RESOURCE_LIMITS,
  WorkerPool,
  defaultWorkerCount,
  type TLane,
  type TRunner,
  type TSandboxStats,
} from './pool';
import type { TFailure, TFault, TJob } from './protocol';

export { SandboxError, type TSandboxErrorKind } from './errors';
export type { TLane, TSandboxStats } from './pool';
export type { TFault } from './protocol';

export const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 1000, memoryBytes: 32 * MB });
export const MAX_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 10_000, memoryBytes: 256 * MB });
/** Below ~10 MB the cap is the wasm module's own 16 MB minimum memory (see engine.mjs). */
export const MIN_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 1, memoryBytes: 8 * MB });
/** JSON text handed into one call (input, scope, items), in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 5 * MB;
export const MAX_SOURCE_CHARS = 1_000_000;
/** Worker threads in the pool, at most. */
const MAX_WORKERS = 64;
/** The Function constructor puts the body after "(function anonymous(<params>\n) {\n". */
const BODY_FIRST_LINE = 3;
const STRICT_PREFIX = '"use strict";';
const EXPRESSION_PREFIX = `${STRICT_PREFIX}return (`;
/** Code blocks' jobs kept by source (see `codeJob`), the least recently made dropped first. */
const CODE_JOBS_KEPT = 256;

export interface TSandboxOptions {
  /**
   * Worker threads running engines, `min(2, os.availableParallelism())` by default. 0 runs the
   * engines on the calling thread, which a spinning call then blocks for up to its time limit
   * (benches and comparisons only).
   */
  workers?: number;
  /** Calls that may wait for a free worker (FIFO); further calls fail with a `busy` error. 1,000 by default. */
  maxQueue?: number;
  /**
   * The memory limit of the engine each worker builds before it takes calls (DEFAULT_LIMITS'
   * by default): the limit most calls will ask for, so that they find their engine ready (a worker
   * builds one engine per distinct limit it is asked for).
   */
  warmMemoryBytes?: number;
  /**
   * Workers kept for lanes that hold none (see TPoolOptions.reserve): lanes together may hold at
   * most `workers - reserve`, so however many apps loop, another app's code still finds a worker.
   * 0 by default (the IDE's sandbox has no lanes); a node's sandbox keeps one.
   */
  reserve?: number;
  /** The time limit of a call on a reserve worker (see TPoolOptions.reserveTimeoutMs). */
  reserveTimeoutMs?: number;
  /** @internal Tests only: let `runWithFault` inject faults into the workers. */
  testHooks?: boolean;
  /** @internal Tests only: the workers' V8 resource limits (see WORKER_RESOURCE_LIMITS). */
  resourceLimits?: ResourceLimits;
}

/** A code capability whose calls can also share workers in a lane (the sandbox's can; test doubles need not). */
export interface TSharedCode extends TCodeCapability {
  within?(lane: TLane): TCodeCapability;
}

/** Where the user's text sits inside the compiled body, to map QuickJS positions back. */
interface TSourceMap {
  what: 'Code' | 'Expression';
  /** Characters we put before the user's text on its first line. */
  firstLinePrefix: number;
  userLines: number;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await eval arguments undefined NaN Infinity'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class Sandbox implements TSharedCode {
  private readonly runner: TRunner;
  private readonly testHooks: boolean;
  private readonly codeJobs = new Map<string, Omit<TJob, 'payload'>>();
  private disposed = false;

  constructor(options: TSandboxOptions = {}) {
    const workers = options.workers ?? defaultWorkerCount();
    if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS) {
      throw new RangeError(`workers must be an integer from 0 to ${MAX_WORKERS}`);
    }
    const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    // At least 1: a call made while the workers are still starting waits in the queue.
    if (!Number.isInteger(maxQueue) || maxQueue < 1) throw new RangeError('maxQueue must be a positive integer');
    const reserve = options.reserve ?? 0;
    if (!Number.isInteger(reserve) || reserve < 0 || (workers > 0 && reserve >= workers)) {
      throw new RangeError('reserve must be an integer from 0 to workers - 1');
    }
    this.testHooks = options.testHooks === true;
    const warmMemoryBytes = clamp(options.warmMemoryBytes, DEFAULT_LIMITS.memoryBytes, MIN_LIMITS.memoryBytes, MAX_LIMITS.memoryBytes);
    this.runner =
      workers === 0
        ? new InlineRunner(warmMemoryBytes)
        : new WorkerPool({
            size: workers,
            maxQueue,
            warmMemoryBytes,
            testHooks: this.testHooks,
            resourceLimits: options.resourceLimits ?? WORKER_RESOURCE_LIMITS,
            reserve: options.reserve ?? 0,
            reserveTimeoutMs: options.reserveTimeoutMs ?? DEFAULT_RESERVE_TIMEOUT_MS,
          });
  }

  async run(source: string, input: TJson, limits?: Partial<TSandboxLimits>, options?: { onLog?: TCodeLogSink }): Promise<TJson> {
    return this.runCode(source, input, limits, undefined, undefined, options?.onLog);
  }

  /** This sandbox, its calls made in `lane` (one app's calls: see TLane). */
  within(lane: TLane): TCodeCapability {
    return {
      run: (source, input, limits, options) => this.runCode(source, input, limits, undefined, lane, options?.onLog),
      evaluate: (expression, scope, limits) => this.evaluateIn(expression, scope, limits, lane),
      evaluateEach: (expression, items, scope, limits) => this.evaluateEachIn(expression, items, scope, limits, lane),
    };
  }

  async evaluate(expression: string, scope: { [name: string]: TJson }, limits?: Partial<TSandboxLimits>): Promise<TJson> {
    return this.evaluateIn(expression, scope, limits);
  }

  async evaluateEach(
    expression: string,
    items: TJson[],
    scope: { [name: string]: TJson } = {},
    limits?: Partial<TSandboxLimits>,
  ): Promise<TJson[]> {
    return this.evaluateEachIn(expression, items, scope, limits);
  }

  private async evaluateIn(
    expression: string,
    scope: { [name: string]: TJson },
    limits: Partial<TSandboxLimits> | undefined,
    lane?: TLane,
  ): Promise<TJson> {
    const text = expressionText(expression);
    const names = scopeNames(scope, []);
    const job: TJob = {
      params: names,
      body: `${EXPRESSION_PREFIX}${text}\n);`,
      isAsync: usesAwait(text),
      mode: 'call',
      payload: serialize(
        names.map((name) => scope[name] ?? null),
        'Scope',
      ),
    };
    return this.execute<TJson>(job, () => expressionMap(text), limits, undefined, lane);
  }

  private async evaluateEachIn(
    expression: string,
    items: TJson[],
    scope: { [name: string]: TJson } = {},
    limits: Partial<TSandboxLimits> | undefined,
    lane?: TLane,
  ): Promise<TJson[]> {
    if (!Array.isArray(items)) throw new SandboxError('input', 'evaluateEach needs a list of items.');
    const text = expressionText(expression);
    const names = scopeNames(scope, ['item', 'index']);
    const job: TJob = {
      params: ['item', 'index', ...names],
      body: `${EXPRESSION_PREFIX}${text}\n);`,
      isAsync: usesAwait(text),
      mode: 'each',
      payload: serialize([items, names.map((name) => scope[name] ?? null)], 'Items'),
    };
    return this.execute<TJson[]>(job, () => expressionMap(text), limits, undefined, lane);
  }

  /**
   * @internal Tests only (a sandbox created with `testHooks`): `run`, with a fault injected into
   * the worker that takes the call (see TFault).
   */
  async runWithFault(fault: TFault, source: string, input: TJson, limits?: Partial<TSandboxLimits>): Promise<TJson> {
    if (!this.testHooks) throw new Error('runWithFault needs a sandbox created with testHooks.');
    return this.runCode(source, input, limits, fault);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Pool and engine figures, for tests and the bench (asks each idle worker). */
  stats(): Promise<TSandboxStats> {
    return this.runner.stats();
  }

  /** Starts the workers and builds their engines for the default limits, so the first calls do not wait. */
  async warmUp(): Promise<void> {
    await this.runner.warmUp();
  }

  /**
   * Refuses later calls (and the ones still waiting for a worker); the calls in flight finish,
   * then every engine is freed and the workers stop. Never throws: `close()` reports leaks.
   */
  dispose(): void {
    this.disposed = true;
    this.runner.dispose();
  }

  /** dispose(), then waits until the engines are freed; throws if QuickJS reported leaked handles. */
  async close(): Promise<void> {
    this.dispose();
    const errors = await this.runner.disposed();
    if (errors.length > 0) {
      throw new AggregateError(
        errors.map((message) => new Error(message)),
        'Sandbox engines failed to dispose cleanly (leaked handles?)',
      );
    }
  }

  private runCode(
    source: string,
    input: TJson,
    limits: Partial<TSandboxLimits> | undefined,
    fault?: TFault,
    lane?: TLane,
    onLog?: TCodeLogSink,
  ): Promise<TJson> {
    let job: TJob;
    try {
      checkSource(source, 'Code');
      job = { ...this.codeJob(source), payload: serialize([input ?? null], 'Input') };
    } catch (error) {
      return Promise.reject(error as Error); // a promise either way, like every call
    }
    return this.execute<TJson>(
      job,
      () => ({ what: 'Code', firstLinePrefix: STRICT_PREFIX.length, userLines: countLines(source) }),
      limits,
      fault,
      lane,
      onLog,
    );
  }

  /**
   * The job of a Code block's source but for its input, worked out once per source: a deployed
   * app runs the same code for every request, and reading it (for `await`) costs as much as the
   * rest of a short call's setup.
   */
  private codeJob(source: string): Omit<TJob, 'payload'> {
    const cached = this.codeJobs.get(source);
    if (cached) return cached;
    const job: Omit<TJob, 'payload'> = { params: ['input'], body: STRICT_PREFIX + source, isAsync: usesAwait(source), mode: 'call' };
    this.codeJobs.set(source, job);
    if (this.codeJobs.size > CODE_JOBS_KEPT) this.codeJobs.delete(this.codeJobs.keys().next().value!);
    return job;
  }

  /** Runs a job; its answer parsed, or the SandboxError of its failure (`map`: where the user's text is, read only then). */
  private async execute<T>(
    job: TJob,
    map: () => TSourceMap,
    requested: Partial<TSandboxLimits> | undefined,
    fault: TFault | undefined,
    lane: TLane | undefined,
    onLog?: TCodeLogSink,
  ): Promise<T> {
    if (this.disposed) throw new Error('The sandbox has been disposed.');
    const limits = normalizeLimits(requested);
    const outcome = await this.runner.exec(
      {
        job,
        timeoutMs: limits.timeoutMs,
        memoryBytes: limits.memoryBytes,
        ...(limits.notAfter !== undefined ? { notAfter: limits.notAfter } : {}),
        ...(fault ? { fault } : {}),
      },
      lane,
    );
    if (outcome.logs && onLog) deliverLogs(outcome.logs, onLog);
    if (outcome.ok) return JSON.parse(outcome.json) as T;
    // Stopped at the end of its run rather than at its own limit: say so, not "ran longer than".
    const runOut =
      outcome.failure.kind === 'timeout' && limits.notAfter !== undefined && performance.timeOrigin + performance.now() >= limits.notAfter;
    throw toSandboxError(runOut ? { kind: 'runOut' } : outcome.failure, map(), limits);
  }
}

const LOG_LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warn', 'error']);

/** Hands the console output of a call (the prelude's `[[level, text], ...]`, already bounded there) to its sink. */
function deliverLogs(logs: string, onLog: TCodeLogSink): void {
  let entries: unknown;
  try {
    entries = JSON.parse(logs);
  } catch {
    return;
  }
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
    onLog((LOG_LEVELS.has(entry[0]) ? entry[0] : 'info') as Parameters<TCodeLogSink>[0], entry[1]);
  }
}

/** A sandbox whose workers (and their engines) are ready. */
export async function createSandbox(options: TSandboxOptions = {}): Promise<Sandbox> {
  const sandbox = new Sandbox(options);
  try {
    await sandbox.warmUp();
  } catch (error) {
    sandbox.dispose();
    throw error;
  }
  return sandbox;
}

const SHARED = Symbol.for('poseidon.runtime.sandbox');
type TGlobalWithSandbox = typeof globalThis & { [SHARED]?: Sandbox };

/**
 * The process-wide sandbox. Its workers start on the first call (or `warmUp()`). Kept on
 * globalThis so that module reloading in development does not leave a second pool behind.
 */
export function getSandbox(): Sandbox {
  const holder = globalThis as TGlobalWithSandbox;
  let sandbox = holder[SHARED];
  if (!sandbox || sandbox.isDisposed) {
    sandbox = new Sandbox();
    holder[SHARED] = sandbox;
  }
  return sandbox;
}

// --- Helpers ----------------------------------------------------------------------------------

function normalizeLimits(requested: Partial<TSandboxLimits> | undefined): TSandboxLimits {
  const notAfter = requested?.notAfter;
  return {
    timeoutMs: clamp(requested?.timeoutMs, DEFAULT_LIMITS.timeoutMs, MIN_LIMITS.timeoutMs, MAX_LIMITS.timeoutMs),
    memoryBytes: clamp(requested?.memoryBytes, DEFAULT_LIMITS.memoryBytes, MIN_LIMITS.memoryBytes, MAX_LIMITS.memoryBytes),
    // Not a number, no end: the call has its own time limit either way.
    ...(typeof notAfter === 'number' && Number.isFinite(notAfter) ? { notAfter } : {}),
  };
}

function clamp(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function checkSource(source: string, what: string): void {
  if (typeof source !== 'string') throw new SandboxError('input', `${what} must be text.`);
  if (source.length > MAX_SOURCE_CHARS) {
    throw new SandboxError('input', `${what} is longer than ${MAX_SOURCE_CHARS.toLocaleString('en-US')} characters.`);
  }
}

function expressionMap(text: string): TSourceMap {
  return { what: 'Expression', firstLinePrefix: EXPRESSION_PREFIX.length, userLines: countLines(text) };
}

function expressionText(expression: string): string {
  checkSource(expression, 'Expression');
  // A trailing semicolon is a habit, not an error.
  const text = expression.trim().replace(/;+$/, '').trimEnd();
  if (text === '') throw new SandboxError('syntax', 'The expression is empty.');
  return text;
}

function scopeNames(scope: { [name: string]: TJson }, taken: string[]): string[] {
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) {
    throw new SandboxError('input', 'The scope must be an object of named values.');
  }
  const names: string[] = [];
  for (const name of Object.keys(scope)) {
    if (taken.includes(name)) continue;
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) {
      throw new SandboxError('input', `"${name}" cannot be used as a variable name in an expression.`);
    }
    names.push(name);
  }
  return names;
}

function usesAwait(text: string): boolean {
  return /\bawait\b/.test(text);
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

function serialize(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new SandboxError('input', `${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === undefined) throw new SandboxError('input', `${what} is not JSON.`);
  if (json.length * 3 > MAX_INPUT_BYTES) {
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_INPUT_BYTES) {
      throw new SandboxError('input', `${what} is larger than ${formatMb(MAX_INPUT_BYTES)} (${formatMb(bytes)} as JSON).`);
    }
  }
  return json;
}

function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function toSandboxError(failure: TFailure | { kind: 'runOut' }, map: TSourceMap, limits: TSandboxLimits): SandboxError {
  switch (failure.kind) {
    case 'timeout':
      return new SandboxError('timeout', `${map.what} ran longer than ${limits.timeoutMs} ms and was stopped`);
    case 'runOut':
      return new SandboxError('timeout', `${map.what} was stopped: its run's time was up`);
    case 'reserveTimeout':
      return new SandboxError(
        'timeout',
        `${map.what} ran longer than ${failure.limitMs} ms, the most code may run while this node's other sandbox workers are busy, and was stopped`,
      );
    case 'memory':
      return new SandboxError('memory', `${map.what} used more than ${formatMb(limits.memoryBytes)} of memory and was stopped`);
    case 'stack': {
      const where = userPosition(failure.stack, map);
      return new SandboxError('stack', `${map.what} nested too deeply (stack overflow) and was stopped${suffix(where)}`, where);
    }
    case 'internal':
      return new SandboxError('internal', `The sandbox failed: ${failure.message}`);
    case 'user':
      return userError(failure, map);
  }
}

function userError(failure: Extract<TFailure, { kind: 'user' }>, map: TSourceMap): SandboxError {
  const where = { ...userPosition(failure.stack, map), ...(failure.index !== undefined ? { itemIndex: failure.index } : {}) };
  if (failure.notJson) {
    const gave = map.what === 'Code' ? 'Code returned' : 'Expression gave';
    const message =
      failure.notJson === 'undefined'
        ? `${gave} undefined, which is not a JSON value${failure.index !== undefined ? '' : map.what === 'Code' ? ' (end with `return <value>`; use null for nothing)' : ''}`
        : failure.notJson === 'a promise that never settles'
          ? `${gave} a promise that never settles`
          : `The result contains ${failure.notJson}, which is not a JSON value`;
    return new SandboxError('result', message + suffix(where), where);
  }
  const kind = failure.phase === 'compile' ? 'syntax' : failure.phase === 'input' ? 'input' : 'runtime';
  const text =
    failure.thrown !== undefined
      ? `${map.what} threw ${failure.thrown}`
      : `${failure.name ?? 'Error'}${failure.message ? `: ${failure.message}` : ''}`;
  // Errors of the engine's kind (TypeError: ... ) get a word on what was likely done; a thrown non-Error value does not.
  const hint = failure.phase === 'run' && failure.thrown === undefined ? hintFor(failure, map.what) : undefined;
  return new SandboxError(kind, text + suffix(where) + (hint ? `. Hint: ${hint}` : ''), where);
}

/** Line and column of the innermost frame in user code (`<input>` is the Function constructor's file name). */
function lineOf(stack: string | undefined): { line?: number; column?: number } {
  if (!stack) return {};
  const match = /<input>:(\d+):(\d+)/.exec(stack);
  if (!match) return {};
  return { line: Number(match[1]), column: Number(match[2]) };
}

function userPosition(stack: string | undefined, map: TSourceMap): { line?: number; column?: number } {
  const raw = lineOf(stack);
  if (raw.line === undefined) return {};
  const line = Math.min(Math.max(raw.line - BODY_FIRST_LINE + 1, 1), map.userLines);
  if (line !== raw.line - BODY_FIRST_LINE + 1 || raw.column === undefined) return { line };
  const column = line === 1 ? raw.column - map.firstLinePrefix : raw.column;
  return column >= 1 ? { line, column } : { line };
}

function suffix(where: { line?: number; itemIndex?: number }): string {
  const parts: string[] = [];
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.itemIndex !== undefined) parts.push(`item ${where.itemIndex}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
