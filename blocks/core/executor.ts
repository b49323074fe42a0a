/**
 * The executor contract: `(inputs, config, ctx) => outputs`. Types only (browser-safe); the
 * executors themselves live in `<type>.exec.ts` files and run on the server or a DAIOS node.
 * `ctx` carries only the capabilities the block declared, scoped to one dApp (or one project's
 * test store during test runs).
 */
import type { TBlockDefinition, TConfigOf } from './block';
import type { TLogEntry } from './run-trace';

export type TJson = null | boolean | number | string | TJson[] | { [key: string]: TJson };

export interface TKeyValueStore {
  get(key: string): Promise<TJson | undefined>;
  set(key: string, value: TJson): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix?: string): Promise<{ key: string; value: TJson }[]>;
}

export interface TDocument {
  id: string;
  createdAt: string;
  data: { [key: string]: TJson };
}

/** Sorting by this field sorts by when documents were added (every store must support it). */
export const CREATED_AT_FIELD = 'createdAt';

export interface TCollectionQuery {
  /** Equality on top-level fields of `data`. */
  where?: { [field: string]: TJson };
  /** By a field of `data`, or by `CREATED_AT_FIELD` for insertion order. */
  sort?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
}

export interface TCollection {
  insert(data: { [key: string]: TJson }): Promise<TDocument>;
  find(query?: TCollectionQuery): Promise<TDocument[]>;
  update(id: string, patch: { [key: string]: TJson }): Promise<TDocument | null>;
  delete(id: string): Promise<boolean>;
}

export interface TStorageCapability {
  kv: TKeyValueStore;
  collection(name: string): TCollection;
}

export interface TNetResponse {
  status: number;
  headers: Record<string, string>;
  body: TJson | string;
}

export interface TNetCapability {
  fetch(url: string, init: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number }): Promise<TNetResponse>;
}

export interface TSandboxLimits {
  timeoutMs: number;
  memoryBytes: number;
  /**
   * When the call must be over whatever its time limit (the end of its run), as
   * `performance.timeOrigin + performance.now()`: a call still waiting for its turn then fails
   * with the timeout error without running.
   */
  notAfter?: number;
}

/** User code runs only through this: a sandbox with no access to the host. */
/** Receives what user code writes with console.* (bounded in count and size by the sandbox). */
export type TCodeLogSink = (level: TLogEntry['level'], message: string) => void;

export interface TCodeCapability {
  /**
   * Runs a function body with `input` in scope; returns what it returns (JSON values only). What
   * the code writes with console.* goes to `onLog`, whether the code succeeds or fails.
   */
  run(source: string, input: TJson, limits?: Partial<TSandboxLimits>, options?: { onLog?: TCodeLogSink }): Promise<TJson>;
  /** Evaluates one expression with the given variables in scope. */
  evaluate(expression: string, scope: { [name: string]: TJson }, limits?: Partial<TSandboxLimits>): Promise<TJson>;
  /** Evaluates one expression per item (`item` and `index` in scope), in one sandbox call. */
  evaluateEach(expression: string, items: TJson[], scope?: { [name: string]: TJson }, limits?: Partial<TSandboxLimits>): Promise<TJson[]>;
}

export type { TLogEntry };

export interface TExecContext {
  nodeId: string;
  runId: string;
  /** Aborted when the run is cancelled or the block's time is up. */
  signal: AbortSignal;
  log(level: TLogEntry['level'], message: string): void;
  /** Trigger blocks: the payload that started the run. */
  trigger?: { nodeId: string; payload: TJson };
  /** Secret values by name (never logged, never in traces). */
  secret(name: string): string | undefined;
  storage?: TStorageCapability;
  net?: TNetCapability;
  code?: TCodeCapability;
}

export type TBlockExecutor<D extends TBlockDefinition = TBlockDefinition> = (args: {
  inputs: Record<string, unknown>;
  config: TConfigOf<D>;
  ctx: TExecContext;
}) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * An expected failure of a block, naming what is wrong: a config field (`field`, e.g. "url") or
 * an input port (`port`). The runtime turns it into a Diagnostic on the node.
 */
export class BlockError extends Error {
  override name = 'BlockError';
  constructor(
    message: string,
    readonly where: { field?: string; port?: string; code?: string } = {},
  ) {
    super(message);
  }
}

/** Runs `work`, attributing any failure (a sandbox error, say) to a config field. */
export async function inField<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BlockError) throw error;
    throw new BlockError(error instanceof Error ? error.message : String(error), { field });
  }
}
