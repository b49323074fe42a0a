/**
 * Types shared by the TypeScript side of the sandbox (sandbox.ts, the pool) and the plain
 * JavaScript that runs the engines (engine.mjs, host.mjs, worker.mjs; they refer to these types in
 * JSDoc). Types only: nothing here exists at run time, so the worker needs no TypeScript.
 */
import type { MessagePort } from 'node:worker_threads';

export type TFailure =
  | { kind: 'timeout' }
  /** Stopped at the pool's reserve time limit (pool.ts: a call on a reserve worker); never sent by a worker. */
  | { kind: 'reserveTimeout'; limitMs: number }
  | { kind: 'memory' }
  | { kind: 'stack'; stack?: string }
  | { kind: 'internal'; message: string }
  | {
      kind: 'user';
      phase: 'compile' | 'run' | 'result' | 'input';
      name?: string;
      message?: string;
      stack?: string;
      thrown?: string;
      notJson?: string;
      index?: number;
    };

/** `logs`: what console.* wrote during the call, as JSON text `[[level, text], ...]` (absent: nothing). */
export type TOutcome = ({ ok: true; json: string } | { ok: false; failure: TFailure }) & { logs?: string };

export interface TJob {
  /** The function's parameter names, in order. */
  params: string[];
  /** The complete function body handed to the Function constructor. */
  body: string;
  isAsync: boolean;
  mode: 'call' | 'each';
  /** JSON text: the argument list (`call`) or `[items, restArgs]` (`each`). */
  payload: string;
  /** The engine's key for the compiled function (worked out from the rest when absent). */
  key?: string;
}

/**
 * Faults a host started with test hooks injects into one call, so tests can prove what the pool
 * does when a worker misbehaves. A host without test hooks refuses them.
 * - `ignoreInterrupt`: the engine's interrupt handler never stops this call (a stuck worker, like
 *   a long C builtin), so only the pool's backstop can.
 * - `crash`: the worker throws an uncaught exception on receiving the call.
 * - `exit`: the worker calls process.exit (ends only the worker thread).
 * - `heapOom`: the worker fills its own JS heap until its resourceLimits stop it.
 */
export type TFault = 'ignoreInterrupt' | 'crash' | 'exit' | 'heapOom';

export interface TExecRequest {
  job: TJob;
  /** Already clamped to the allowed range. */
  timeoutMs: number;
  /**
   * When the call must be over whatever its time limit, as `performance.timeOrigin +
   * performance.now()` (comparable across threads): a call that waited past it (pipelined behind
   * others) is answered with a timeout without running.
   */
  notAfter?: number;
  memoryBytes: number;
  fault?: TFault;
}

export interface THostReply {
  outcome: TOutcome;
  /**
   * The host saw a host-level fault inside the wasm (a V8 exception thrown through QuickJS's
   * frames): the engine is dropped either way, and a worker asks to be replaced as well.
   */
  retire: boolean;
}

export interface TEngineStats {
  maxBytes: number;
  heapBytes: number;
  calls: number;
  compiled: number;
  /** QuickJS objects alive. */
  objects: number;
  /** Allocations alive in QuickJS's allocator: strings included, so a leaked handle shows. */
  allocations: number;
}

export interface THostStats {
  enginesCreated: number;
  disposeErrors: number;
  engines: TEngineStats[];
}

/** How a worker received its messages (see worker.mjs). */
export interface TChannelStats {
  /** Taken off the port by the thread waiting on its doorbell: no event-loop wake. */
  doorbell: number;
  /** Delivered by the thread's event loop, after it had gone back there. */
  eventLoop: number;
  /** Times the thread spun on its doorbell waiting for a next message (see worker.mjs). */
  spins: number;
}

/**
 * A job's code as posted the first time a worker gets it: it keeps it in its job table at `index`
 * (replacing what was there), and later calls of the same code name only the index.
 */
export type TWireJob = [index: number, params: string[], body: string, isAsync: boolean, mode: 'call' | 'each'];

/**
 * One call as posted, flat (an array of a few values costs far less to clone than nested
 * objects): its message id, its job (the index in the worker's job table, or the code itself to
 * store there), its payload, limits, `notAfter` (NaN: none) and test fault ('' : none).
 */
export type TWireCall = [
  id: number,
  job: number | TWireJob,
  payload: string,
  timeoutMs: number,
  memoryBytes: number,
  notAfter: number,
  fault: TFault | '',
];

/** Main thread to worker: calls to run in order (the pool posts one at a time today), or a control message. */
export type TToWorker = TWireCall[] | { type: 'stats'; id: number } | { type: 'dispose'; id: number };

/**
 * A call's answer as posted, flat like the call: its message id, its answer's JSON text or its
 * failure, THostReply's `retire` and the call's console output (TOutcome's `logs`, '' for none).
 */
export type TWireAnswer = [id: number, answer: string | TFailure, retire: boolean, logs: string];

/** Worker to main thread. */
export type TFromWorker =
  | TWireAnswer
  | { type: 'ready' }
  | { type: 'startFailed'; message: string }
  | { type: 'stats'; id: number; stats: THostStats & { channel: TChannelStats } }
  | { type: 'dispose'; id: number; errors: string[] };

/** What the pool hands a new worker. */
export interface TWorkerData {
  port: MessagePort;
  /**
   * One Int32 the pool increments (and notifies) after each message it posts, so a worker waiting
   * outside its event loop knows to read the port (see worker.mjs).
   */
  doorbell: SharedArrayBuffer;
  /**
   * One Int32 per worker of the pool (shared by all): 1 while that worker runs a call or spins for
   * the next, 0 while it sleeps. `activityCell` is this worker's own.
   */
  activity: SharedArrayBuffer;
  /** Int32: how many calls wait in the pool's queue (workers spin for the next call only when none do). */
  waiting: SharedArrayBuffer;
  activityCell: number;
  /** How many workers of the pool may run or spin at once before one more may spin (cores less one). */
  spinSlots: number;
  /** Memory limit of the engine to build before reporting ready. */
  warmMemoryBytes: number;
  testHooks: boolean;
}
