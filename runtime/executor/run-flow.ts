/**
 * The flow executor, shared by IDE test runs and DAIOS nodes: walks a plan, runs each block
 * with its parsed config and only its declared capabilities, and records a trace per block.
 * A block's failure (thrown error, time-out, wrong output shape) is a Diagnostic on that block;
 * it never escapes as an exception, and blocks downstream of it are skipped.
 */
import type { TBlockDefinition, TCapability } from '@/blocks/core/block';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TNodeStatus, TNodeTrace, TRunTrace } from '@/blocks/core/run-trace';
import {
  BlockError,
  type TBlockExecutor,
  type TCodeCapability,
  type TExecContext,
  type TJson,
  type TLogEntry,
  type TNetCapability,
  type TStorageCapability,
} from '@/blocks/core/executor';
import { canConnect, valueFitsPort } from '@/blocks/core/ports';
import type { TRunPlan } from '@/blocks/compiler/plan';
import type { TValidatedGraph } from '@/blocks/compiler/validate';

export type { TNodeStatus, TNodeTrace, TRunTrace };

/** Capabilities a run may hand out; each block receives only those it declared. */
export interface TRunCapabilities {
  storage?: TExecContext['storage'];
  net?: TExecContext['net'];
  code?: TExecContext['code'];
  secret?: (name: string) => string | undefined;
}

export interface TRunOptions {
  validated: Pick<TValidatedGraph, 'graph' | 'definitions' | 'configs'>;
  plan: TRunPlan;
  executors: ReadonlyMap<string, TBlockExecutor>;
  capabilities: TRunCapabilities;
  /** Payload for the plan's trigger. */
  payload?: TJson;
  /** Outputs to use instead of running these blocks (running one block with upstream pinned). */
  pinned?: ReadonlyMap<string, Record<string, unknown>>;
  /** Per-block time limit. */
  blockTimeoutMs?: number;
  /**
   * When the whole run must be over: a block still running then is stopped with `stopped()`'s
   * error, and blocks after it fail with it without running.
   */
  deadline?: TRunDeadline;
  runId?: string;
  signal?: AbortSignal;
  /** Removes secrets from values before they are recorded in the trace. */
  redact?: (value: unknown) => unknown;
}

export interface TRunDeadline {
  /** When, on `now()`'s clock. */
  at: number;
  now(): number;
  /** The error of a block stopped by the deadline. */
  stopped(): BlockError;
}

const DEFAULT_BLOCK_TIMEOUT_MS = 30_000;
const NO_EDGES: TValidatedGraph['graph']['edges'] = [];
const identity = (value: unknown) => value;

/**
 * The edges into each block, by target: the same for every run of a graph, so worked out once per
 * graph (a deployed app runs the same graph for every request).
 */
const edgesByTarget = new WeakMap<TValidatedGraph['graph'], Map<string, TValidatedGraph['graph']['edges']>>();

function edgesIntoOf(graph: TValidatedGraph['graph']): Map<string, TValidatedGraph['graph']['edges']> {
  let edgesInto = edgesByTarget.get(graph);
  if (!edgesInto) {
    edgesInto = new Map();
    for (const edge of graph.edges) {
      const into = edgesInto.get(edge.target);
      if (into) into.push(edge);
      else edgesInto.set(edge.target, [edge]);
    }
    edgesByTarget.set(graph, edgesInto);
  }
  return edgesInto;
}

export async function runFlow(options: TRunOptions): Promise<TRunTrace> {
  const { validated, plan, executors, capabilities } = options;
  const runId = options.runId ?? crypto.randomUUID();
  const redact = options.redact ?? identity;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const outputs = new Map<string, Record<string, unknown>>();
  const traces: TNodeTrace[] = [];
  const edgesInto = edgesIntoOf(validated.graph);

  for (const nodeId of plan.steps) {
    const t0 = performance.now();
    const definition = validated.definitions.get(nodeId)!;
    const trace: TNodeTrace = { nodeId, status: 'ok', inputs: {}, outputs: {}, durationMs: 0, diagnostics: [], logs: [] };
    traces.push(trace);
    const finish = (status: TNodeStatus, produced: Record<string, unknown> = {}, diagnostics: TDiagnostic[] = []) => {
      trace.status = status;
      trace.outputs = redact(produced) as Record<string, unknown>;
      trace.diagnostics = diagnostics;
      trace.durationMs = performance.now() - t0;
      if (status === 'ok') outputs.set(nodeId, produced);
    };

    const pinned = options.pinned?.get(nodeId);
    if (pinned) {
      finish('ok', pinned);
      continue;
    }

    const gathered = gatherInputs(nodeId, definition, edgesInto.get(nodeId) ?? NO_EDGES, outputs, validated);
    trace.inputs = redact(gathered.inputs) as Record<string, unknown>;
    if (gathered.skip) {
      finish('skipped', {}, [{ severity: 'info', code: 'skipped', message: gathered.skip, nodeId }]);
      continue;
    }
    if (gathered.problem) {
      finish('error', {}, [gathered.problem]);
      continue;
    }

    const executor = executors.get(`${definition.type}@${definition.version}`);
    if (!executor) {
      finish('error', {}, [
        { severity: 'error', code: 'no_executor', message: `No executor for ${definition.type}@${definition.version}.`, nodeId },
      ]);
      continue;
    }
    const result = await runBlock({
      nodeId,
      definition,
      executor,
      inputs: gathered.inputs,
      config: validated.configs.get(nodeId),
      ctx: new BlockContext(nodeId, runId, definition, capabilities, trace.logs, plan.triggerId === nodeId ? options.payload : undefined),
      timeoutMs: options.blockTimeoutMs ?? DEFAULT_BLOCK_TIMEOUT_MS,
      deadline: options.deadline,
      signal: options.signal,
    });
    if (result.ok) finish('ok', result.outputs);
    else finish('error', {}, [result.diagnostic]);
  }

  return {
    runId,
    status: traces.some((t) => t.status === 'error') ? 'error' : 'ok',
    triggerId: plan.triggerId,
    startedAt,
    durationMs: performance.now() - started,
    nodes: traces,
  };
}

function gatherInputs(
  nodeId: string,
  definition: TBlockDefinition,
  edges: TValidatedGraph['graph']['edges'],
  outputs: Map<string, Record<string, unknown>>,
  validated: Pick<TValidatedGraph, 'definitions'>,
): { inputs: Record<string, unknown>; skip?: string; problem?: TDiagnostic } {
  const inputs: Record<string, unknown> = {};
  for (const edge of edges) {
    const upstream = outputs.get(edge.source);
    if (!upstream || !(edge.sourcePort in upstream)) continue; // upstream skipped, failed or chose another branch
    const value = upstream[edge.sourcePort];
    const port = definition.inputs.find((p) => p.name === edge.targetPort);
    const sourcePort = validated.definitions.get(edge.source)?.outputs.find((p) => p.name === edge.sourcePort);
    if (port && sourcePort) {
      const compatibility = canConnect(sourcePort.type, port.type);
      if (compatibility.ok && compatibility.check === 'runtime' && !valueFitsPort(value, port.type)) {
        return {
          inputs,
          problem: {
            severity: 'error',
            code: 'input_type_mismatch',
            message: `Input "${port.label ?? port.name}" expected ${describeType(port.type)} but received ${describeValue(value)}.`,
            nodeId,
            port: port.name,
          },
        };
      }
    }
    inputs[edge.targetPort] = value;
  }
  const missing = definition.inputs.find((p) => p.required && !(p.name in inputs));
  if (missing) return { inputs, skip: `Skipped: nothing arrived at input "${missing.label ?? missing.name}".` };
  // Connected, but every connection came from a branch not taken or a block that failed.
  if (edges.length > 0 && Object.keys(inputs).length === 0) return { inputs, skip: 'Skipped: nothing arrived at its inputs.' };
  return { inputs };
}

/**
 * What a block's executor sees of its run: only the capabilities its definition declares (absent
 * otherwise), its trigger payload when it is the run's trigger, a log and its abort signal (made
 * only when read: most blocks never do). One object of a fixed shape per block: it is built for
 * every block of every run.
 */
class BlockContext implements TExecContext {
  readonly trigger?: { nodeId: string; payload: TJson };
  readonly storage?: TStorageCapability;
  readonly net?: TNetCapability;
  readonly code?: TCodeCapability;
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;

  constructor(
    readonly nodeId: string,
    readonly runId: string,
    definition: TBlockDefinition,
    private readonly capabilities: TRunCapabilities,
    private readonly logs: TLogEntry[],
    payload: TJson | undefined,
  ) {
    if (payload !== undefined) this.trigger = { nodeId, payload };
    const allowed: readonly TCapability[] = definition.capabilities;
    if (allowed.includes('storage') && capabilities.storage) this.storage = capabilities.storage;
    if (allowed.includes('net') && capabilities.net) this.net = capabilities.net;
    if (allowed.includes('code') && capabilities.code) this.code = capabilities.code;
  }

  log(level: TLogEntry['level'], message: string): void {
    if (this.logs.length < 200) this.logs.push({ level, message: String(message).slice(0, 2000), at: new Date().toISOString() });
  }

  secret(name: string): string | undefined {
    return this.capabilities.secret?.(name);
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  /** Aborting before the signal exists hands out an aborted one when it is read. */
  abort(reason: unknown): void {
    if (this.abortedWith) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
  }
}

/**
 * Runs one block under its time limit: the smaller of its own and what is left of the run. An
 * executor that answers synchronously is not timed (nothing could interrupt it anyway), so the
 * many blocks that only transform their inputs cost no timer.
 */
async function runBlock(args: {
  nodeId: string;
  definition: TBlockDefinition;
  executor: TBlockExecutor;
  inputs: Record<string, unknown>;
  config: unknown;
  ctx: BlockContext;
  timeoutMs: number;
  deadline: TRunDeadline | undefined;
  signal: AbortSignal | undefined;
}): Promise<{ ok: true; outputs: Record<string, unknown> } | { ok: false; diagnostic: TDiagnostic }> {
  const { nodeId, definition, deadline } = args;
  const left = deadline ? deadline.at - deadline.now() : Number.POSITIVE_INFINITY;
  if (left <= 0) return { ok: false, diagnostic: toDiagnostic(nodeId, definition, deadline!.stopped()) };
  const { ctx } = args;
  const onAbort = () => ctx.abort(args.signal?.reason);
  args.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const produced = args.executor({ inputs: args.inputs, config: args.config as never, ctx });
    if (!isPromiseLike(produced)) return checkOutputs(nodeId, definition, produced);
    const byRun = left < args.timeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          ctx.abort(new Error('timeout'));
          reject(
            byRun
              ? deadline!.stopped()
              : new BlockError(`${definition.title} took longer than ${args.timeoutMs} ms and was stopped.`, { code: 'block_timeout' }),
          );
        },
        Math.min(left, args.timeoutMs),
      );
    });
    return checkOutputs(nodeId, definition, await Promise.race([produced, timeout]));
  } catch (error) {
    return { ok: false, diagnostic: toDiagnostic(nodeId, definition, error) };
  } finally {
    clearTimeout(timer);
    args.signal?.removeEventListener('abort', onAbort);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function checkOutputs(
  nodeId: string,
  definition: TBlockDefinition,
  produced: unknown,
): { ok: true; outputs: Record<string, unknown> } | { ok: false; diagnostic: TDiagnostic } {
  const wrong = (message: string, port?: string) => ({
    ok: false as const,
    diagnostic: {
      severity: 'error' as const,
      code: 'bad_output',
      message: `${definition.title} returned the wrong shape: ${message}`,
      nodeId,
      ...(port ? { port } : {}),
    },
  });
  if (typeof produced !== 'object' || produced === null || Array.isArray(produced)) return wrong('expected an object of outputs.');
  const outputs = produced as Record<string, unknown>;
  for (const [name, value] of Object.entries(outputs)) {
    const port = definition.outputs.find((p) => p.name === name);
    if (!port) return wrong(`it has no output named "${name}".`, name);
    if (value === undefined) return wrong(`output "${name}" is undefined.`, name);
    if (!valueFitsPort(value, port.type))
      return wrong(`output "${name}" should be ${describeType(port.type)} but is ${describeValue(value)}.`, name);
  }
  return { ok: true, outputs };
}

function toDiagnostic(nodeId: string, definition: TBlockDefinition, error: unknown): TDiagnostic {
  if (error instanceof BlockError) {
    const { field, port, code } = error.where;
    return {
      severity: 'error',
      code: code ?? 'block_failed',
      message: field ? `${field}: ${error.message}` : error.message,
      nodeId,
      ...(field ? { path: `config.${field}` } : {}),
      ...(port ? { port } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { severity: 'error', code: 'block_failed', message: `${definition.title} failed: ${message}`, nodeId };
}

function describeType(type: string): string {
  return type === 'table' ? 'a table (a list of rows)' : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
