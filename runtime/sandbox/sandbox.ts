/**
 * The sandbox in which all user-written JavaScript runs (the Code block and expressions): QuickJS
 * compiled to WebAssembly, with a time limit (interrupt handler deadline), a memory limit that
 * really holds (a fixed-size WebAssembly.Memory per engine), no bridge to the host at all, and
 * values crossing as JSON text only. See README.md beside this file for the model and its limits.
 *
 * User code runs synchronously on the calling thread: a call that spins blocks the event loop for
 * up to its time limit (1 s by default, 10 s at most).
 */
import type { TCodeCapability, TJson, TSandboxLimits } from '@/blocks/core/executor';
import { Engine, MB, lineOf, memoryPagesFor, type TEngineStats, type TFailure, type TJob } from './engine';

export { MB };

export const DEFAULT_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 1000, memoryBytes: 32 * MB });
export const MAX_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 10_000, memoryBytes: 256 * MB });
/** Below ~10 MB the cap is the wasm module's own 16 MB minimum memory (see engine.ts). */
export const MIN_LIMITS: Readonly<TSandboxLimits> = Object.freeze({ timeoutMs: 1, memoryBytes: 8 * MB });
/** JSON text handed into one call (input, scope, items), in UTF-8 bytes. */
export const MAX_INPUT_BYTES = 5 * MB;
export const MAX_SOURCE_CHARS = 1_000_000;
/** Engines kept at once, one per distinct memory limit in use. */
const MAX_ENGINES = 4;
/** The Function constructor puts the body after "(function anonymous(<params>\n) {\n". */
const BODY_FIRST_LINE = 3;
const STRICT_PREFIX = '"use strict";';
const EXPRESSION_PREFIX = `${STRICT_PREFIX}return (`;

export type TSandboxErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'result' | 'input' | 'internal';

/** Anything that went wrong with user code, worded for the person who wrote it. */
export class SandboxError extends Error {
  override name = 'SandboxError';
  readonly kind: TSandboxErrorKind;
  /** 1-based line in the user's source (or expression), where known. */
  readonly line?: number;
  readonly column?: number;
  /** evaluateEach: the item whose evaluation failed. */
  readonly itemIndex?: number;

  constructor(kind: TSandboxErrorKind, message: string, where: { line?: number; column?: number; itemIndex?: number } = {}) {
    super(message);
    this.kind = kind;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
    if (where.itemIndex !== undefined) this.itemIndex = where.itemIndex;
  }

  /** A Diagnostic code, e.g. `sandbox_timeout`. */
  get code(): string {
    return `sandbox_${this.kind}`;
  }
}

export interface TSandboxStats {
  enginesCreated: number;
  disposeErrors: number;
  engines: TEngineStats[];
}

/** Where the user's text sits inside the compiled body, to map QuickJS positions back. */
interface TSourceMap {
  what: 'Code' | 'Expression';
  /** Characters we put before the user's text on its first line. */
  firstLinePrefix: number;
  userLines: number;
}

interface TEngineSlot {
  pages: number;
  engine: Promise<Engine>;
  /** The engine once created. */
  ready?: Engine;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await eval arguments undefined NaN Infinity'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class Sandbox implements TCodeCapability {
  private readonly slots = new Map<number, TEngineSlot>();
  private disposed = false;
  private enginesCreated = 0;
  private disposeErrors = 0;

  async run(source: string, input: TJson, limits?: Partial<TSandboxLimits>): Promise<TJson> {
    checkSource(source, 'Code');
    const job: TJob = {
      params: ['input'],
      body: STRICT_PREFIX + source,
      isAsync: usesAwait(source),
      mode: 'call',
      payload: serialize([input ?? null], 'Input'),
    };
    const map: TSourceMap = { what: 'Code', firstLinePrefix: STRICT_PREFIX.length, userLines: countLines(source) };
    return JSON.parse(await this.execute(job, map, limits)) as TJson;
  }

  async evaluate(expression: string, scope: { [name: string]: TJson }, limits?: Partial<TSandboxLimits>): Promise<TJson> {
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
    const map: TSourceMap = { what: 'Expression', firstLinePrefix: EXPRESSION_PREFIX.length, userLines: countLines(text) };
    return JSON.parse(await this.execute(job, map, limits)) as TJson;
  }

  async evaluateEach(
    expression: string,
    items: TJson[],
    scope: { [name: string]: TJson } = {},
    limits?: Partial<TSandboxLimits>,
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
    const map: TSourceMap = { what: 'Expression', firstLinePrefix: EXPRESSION_PREFIX.length, userLines: countLines(text) };
    return JSON.parse(await this.execute(job, map, limits)) as TJson[];
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Engine figures, for tests and the bench. */
  stats(): TSandboxStats {
    const engines: TEngineStats[] = [];
    for (const slot of this.slots.values()) {
      if (slot.ready?.alive) engines.push(slot.ready.stats());
    }
    return { enginesCreated: this.enginesCreated, disposeErrors: this.disposeErrors, engines };
  }

  /** Prepares the engine for the default limits, so the first call does not pay for it. */
  async warmUp(): Promise<void> {
    await this.acquire(memoryPagesFor(DEFAULT_LIMITS.memoryBytes));
  }

  /** Frees every engine. Throws if QuickJS reports leaked handles. Later calls are refused. */
  dispose(): void {
    this.disposed = true;
    const errors: unknown[] = [];
    for (const slot of this.slots.values()) {
      if (slot.ready) {
        try {
          slot.ready.dispose();
        } catch (error) {
          errors.push(error);
        }
      } else {
        void slot.engine.then((late) => late.dispose()).catch(() => undefined);
      }
    }
    this.slots.clear();
    if (errors.length > 0) throw new AggregateError(errors, 'Sandbox engines failed to dispose cleanly (leaked handles?)');
  }

  private async execute(job: TJob, map: TSourceMap, requested?: Partial<TSandboxLimits>): Promise<string> {
    const limits = normalizeLimits(requested);
    const pages = memoryPagesFor(limits.memoryBytes);
    let deadline: number | undefined;
    for (let attempt = 0; ; attempt += 1) {
      let engine = await this.acquire(pages);
      if (!engine.hasRoomFor(job.payload, job.body)) {
        if (engine.calls === 0) throw toSandboxError({ kind: 'memory' }, map, limits);
        this.recycle(pages, engine);
        engine = await this.acquire(pages);
      }
      // The time limit starts once an engine is ready; a retry gets only what is left.
      deadline ??= performance.now() + limits.timeoutMs;
      const wasFresh = engine.calls === 0;
      const outcome = engine.exec(job, deadline, limits.memoryBytes);
      if (engine.mustRecycle) this.recycle(pages, engine);
      if (outcome.ok) return outcome.json;
      // Garbage cycles from earlier calls can fill a heap (QuickJS's GC is driven by its byte
      // count, which this build under-counts): run the (side-effect free) call once more on a
      // fresh engine before blaming this code.
      if (outcome.failure.kind === 'memory' && !wasFresh && attempt === 0 && performance.now() < deadline) continue;
      throw toSandboxError(outcome.failure, map, limits);
    }
  }

  private acquire(pages: number): Promise<Engine> {
    if (this.disposed) return Promise.reject(new Error('The sandbox has been disposed.'));
    let slot = this.slots.get(pages);
    if (slot) {
      // Most recently used last, so eviction takes the oldest.
      this.slots.delete(pages);
      this.slots.set(pages, slot);
    } else {
      slot = this.createSlot(pages);
      this.slots.set(pages, slot);
      this.evictBeyond(MAX_ENGINES);
    }
    return slot.engine.then((engine) => {
      if (engine.alive) return engine;
      // Recycled while we waited: take the replacement.
      return this.acquire(pages);
    });
  }

  private createSlot(pages: number): TEngineSlot {
    this.enginesCreated += 1;
    const slot: TEngineSlot = { pages, engine: Engine.create(pages) };
    slot.engine.then(
      (engine) => {
        slot.ready = engine;
      },
      () => {
        // A failed creation must not stay cached.
        if (this.slots.get(pages) === slot) this.slots.delete(pages);
      },
    );
    return slot;
  }

  /**
   * Throws the engine away and starts building its replacement at once, so the next call for
   * this limit (usually) finds it ready.
   */
  private recycle(pages: number, engine: Engine): void {
    if (this.slots.get(pages)?.ready === engine) {
      this.slots.delete(pages);
      if (!this.disposed) this.slots.set(pages, this.createSlot(pages));
    }
    engine.abandon();
  }

  private evictBeyond(count: number): void {
    while (this.slots.size > count) {
      const oldest = this.slots.values().next().value;
      if (!oldest) return;
      this.slots.delete(oldest.pages);
      void oldest.engine
        .then((engine) => {
          try {
            engine.dispose();
          } catch {
            this.disposeErrors += 1;
          }
        })
        .catch(() => undefined);
    }
  }
}

export async function createSandbox(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  await sandbox.warmUp();
  return sandbox;
}

const SHARED = Symbol.for('poseidon.runtime.sandbox');
type TGlobalWithSandbox = typeof globalThis & { [SHARED]?: Sandbox };

/**
 * The process-wide sandbox. Engines are created on first use. Kept on globalThis so that module
 * reloading in development does not leave a second set of engines behind.
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
  return {
    timeoutMs: clamp(requested?.timeoutMs, DEFAULT_LIMITS.timeoutMs, MIN_LIMITS.timeoutMs, MAX_LIMITS.timeoutMs),
    memoryBytes: clamp(requested?.memoryBytes, DEFAULT_LIMITS.memoryBytes, MIN_LIMITS.memoryBytes, MAX_LIMITS.memoryBytes),
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

function toSandboxError(failure: TFailure, map: TSourceMap, limits: TSandboxLimits): SandboxError {
  switch (failure.kind) {
    case 'timeout':
      return new SandboxError('timeout', `${map.what} ran longer than ${limits.timeoutMs} ms and was stopped`);
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
  return new SandboxError(kind, text + suffix(where), where);
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
