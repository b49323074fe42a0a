/**
 * Where the engines run. By default in a small pool of worker threads, each running one
 * EngineHost (worker.mjs), so user code that spins never blocks the caller's event loop; or, for
 * benches and comparisons, on the calling thread (`InlineRunner`).
 *
 * Calls wait in a FIFO queue (bounded) for an idle worker, which runs one call at a time. Calls
 * may belong to a lane (one app's calls, say) that may hold at most `lane.workers` workers: its
 * further calls are not queued but pipelined onto the workers it holds, posted at once so that
 * each worker takes the next one straight off its port as it finishes the last (no round trip,
 * no wake-up between them), while a lane that loops or floods still holds only its own workers.
 *
 * Lanes together hold at most `size - reserve` workers, so that N lanes looping at once cannot
 * hold them all: a lane that finds them taken runs one call at a time on a reserve worker, with
 * its time limit cut to `reserveTimeoutMs` and nothing pipelined behind it. A lane whose call
 * ran out of that time there (a loop) may not use the reserve again until one of its calls
 * succeeds: its calls wait for the lanes' workers, and waiting calls of other lanes pass them.
 *
 * The call a worker is running has a backstop timer of its time limit plus BACKSTOP_MARGIN_MS: the
 * engine's interrupt handler normally stops runaway code first, but if it has not answered by
 * then (a long C builtin, a wedged engine), the worker is terminated and the call fails with the
 * timeout error. A worker that crashes, exits or runs out of its own JS heap fails only the call
 * it was running; a worker whose engine hit a host-level fault asks to be retired. Calls
 * pipelined behind those go back to the front of the queue (sandboxed code has no side effects,
 * so even one the worker had begun may run again). Lost workers are replaced at once.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { SandboxError } from './errors';
import type { EngineHost } from './host.mjs';
import type {
  TChannelStats,
  TEngineStats,
  TExecRequest,
  TFailure,
  TFromWorker,
  TJob,
  TOutcome,
  TToWorker,
  TWireAnswer,
  TWireCall,
  TWorkerData,
} from './protocol';

/** How long past its time limit a call may go unanswered before its worker is terminated. */
export const BACKSTOP_MARGIN_MS = 1000;
/** Calls that may wait for a free worker; more are refused with a `busy` SandboxError. */
export const DEFAULT_MAX_QUEUE = 1000;
/** The time limit of a call on a reserve worker: plenty for an app's ordinary code, short for a loop. */
export const DEFAULT_RESERVE_TIMEOUT_MS = 1000;
/** Lanes remembered as barred from the reserve (least recently barred forgotten first). */
const BARRED_LANES = 1024;
/** Waiting calls looked at for one that may go, past the first that may not (a bound on each hand-out). */
const QUEUE_SCAN = 64;
/** Jobs (code) each worker keeps, so that later calls of the same code post only its index. */
const JOB_TABLE_SIZE = 256;
/** A worker that has not built its first engine by then is given up. */
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * A second fence around each worker, besides the engines' own fixed-size WebAssembly memories
 * (which are not V8 heap and are not counted here). The JS heap holds the QuickJS glue, one call's
 * payload (at most 5 MB) and its result text (at most about the call's memory limit, 256 MB), so
 * 768 MB is never reached by a legitimate call. The stack matches the main thread's ~1 MB
 * (V8's default), which engine.mjs's QuickJS stack limit is tuned for.
 */
export const WORKER_RESOURCE_LIMITS: Readonly<ResourceLimits> = Object.freeze({
  maxOldGenerationSizeMb: 768,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 1,
});

export function defaultWorkerCount(): number {
  return Math.min(2, availableParallelism());
}

/** Workers that may run or spin at once before another may spin: the cores less one for the pool's own thread. */
function spinSlots(): number {
  return availableParallelism() - 1;
}

export interface TSandboxStats {
  /** Worker threads alive (starting or ready); 0 in the in-thread mode. */
  workers: number;
  /** Calls in flight. */
  busy: number;
  /** Calls waiting for a free worker. */
  queued: number;
  workersStarted: number;
  /** Workers lost (crashed, exited, stopped by the backstop) or retired after a fault. */
  workersReplaced: number;
  /** Calls stopped by terminating their worker because they outlived their limit + margin. */
  backstops: number;
  /** Engines built by the workers alive now (or by the calling thread). */
  enginesCreated: number;
  disposeErrors: number;
  /** The engines of the workers alive now. */
  engines: TEngineStats[];
  /** How the workers alive now received their messages (all by the event loop in the in-thread mode: none). */
  channel: TChannelStats;
}

/** Calls that share workers: at most `workers` of the pool's workers run a lane's calls at once. */
export interface TLane {
  key: string;
  workers: number;
}

export interface TRunner {
  /** Resolves with the call's outcome; rejects only when the sandbox is disposed or too busy. */
  exec(request: TExecRequest, lane?: TLane): Promise<TOutcome>;
  warmUp(): Promise<void>;
  stats(): Promise<TSandboxStats>;
  /** Refuses new calls and frees the engines once the calls in flight have answered. */
  dispose(): void;
  /** After dispose(): resolves once every engine is freed, with what QuickJS reported (leaks). */
  disposed(): Promise<string[]>;
}

function disposedError(): Error {
  return new Error('The sandbox has been disposed.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// --- The pool ---------------------------------------------------------------------------------

interface TCall {
  request: TExecRequest;
  lane: TLane | undefined;
  /** Running on a reserve worker (its time limit cut to reserveTimeoutMs). */
  reserve?: boolean;
  /** Its message id once posted to a worker. */
  id: number;
  resolve(outcome: TOutcome): void;
  reject(error: Error): void;
}

/** Where a call goes: a worker, and whether as a reserve call. */
interface TPlace {
  slot: TSlot;
  reserve: boolean;
}

/** What the worker answers to `stats` and `dispose`. */
type TControlReply = Extract<TFromWorker, { type: 'stats' | 'dispose' }>;

interface TSlot {
  worker: Worker;
  port: MessagePort;
  /** Bumped after every message posted to the worker: see worker.mjs. */
  doorbell: Int32Array;
  /** This worker's cell in the pool's `activity` array. */
  activityCell: number;
  ready: boolean;
  gone: boolean;
  disposing: boolean;
  /** Calls posted to the worker, in order: the first is running (or about to), the others pipelined behind it. */
  calls: TCall[];
  /** The lane of those calls (a worker runs one lane's calls at a time), while it has any. */
  lane: string | undefined;
  /** Running one call as a reserve worker: held by no lane, nothing pipelined onto it. */
  reserve: boolean;
  /** The backstop timer of the first call. */
  backstop?: NodeJS.Timeout;
  /**
   * The jobs in the worker's job table, by body (least recently posted first): the index each
   * has there and the rest of its code.
   */
  jobs: Map<string, { index: number } & Pick<TJob, 'params' | 'isAsync' | 'mode'>>;
  /** The body of the job posted last (last in `jobs`). */
  newestJob: string | undefined;
  startTimer: NodeJS.Timeout;
  /** Settles when the worker reports ready (or is lost before). */
  started: Promise<void>;
  markStarted(error?: Error): void;
  /** Replies awaited to `stats` and `dispose`, by message id (undefined when the worker is lost). */
  controls: Map<number, (reply: TControlReply | undefined) => void>;
  /** Whether the worker keeps the process alive (only while it has work). */
  refed: boolean;
}

export interface TPoolOptions {
  size: number;
  maxQueue: number;
  /** The memory limit whose engine each worker builds before it reports ready. */
  warmMemoryBytes: number;
  testHooks: boolean;
  resourceLimits: ResourceLimits;
  /** Workers lanes may not hold (0: lanes may hold every worker). Less than `size`. */
  reserve?: number;
  reserveTimeoutMs?: number;
}

export class WorkerPool implements TRunner {
  private readonly slots: TSlot[] = [];
  /**
   * One cell per worker, shared with all of them: which are running or spinning (worker.mjs). A
   * lost worker's cell is zeroed and handed to its replacement, which overwrites it at every call
   * (so even a late write by the dying thread does not last).
   */
  private readonly activity: Int32Array;
  /**
   * The queue's length as the workers see it, updated when calls are handed out. Only a hint for
   * spinning (a stale value costs a spin or a slower wake, never a call).
   */
  private readonly waiting: Int32Array;
  private readonly freeCells: number[];
  private readonly queue: TCall[] = [];
  private nextId = 1;
  private isDisposed = false;
  /** Keep the pool at full size: set once a worker has started, cleared when one fails to. */
  private keepFull = false;
  private readonly disposals: Promise<string[]>[] = [];
  private workersStarted = 0;
  private workersReplaced = 0;
  private backstops = 0;
  /** Lanes whose last call on a reserve worker ran out of its time there. */
  private readonly barred = new Set<string>();

  constructor(private readonly options: TPoolOptions) {
    this.activity = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * options.size));
    this.waiting = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    this.freeCells = Array.from({ length: options.size }, (_, cell) => cell);
  }

  exec(request: TExecRequest, lane?: TLane): Promise<TOutcome> {
    if (this.isDisposed) return Promise.reject(disposedError());
    if (this.queue.length === 0) {
      const place = this.placeFor(lane);
      if (place) return new Promise((resolve, reject) => this.assign(place, { request, lane, id: 0, resolve, reject }));
    }
    if (this.queue.length >= this.options.maxQueue) {
      const waiting = this.options.maxQueue.toLocaleString('en-US');
      return Promise.reject(
        new SandboxError('busy', `The sandbox is busy: ${waiting} calls are already waiting for a worker. Try again shortly.`),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, lane, id: 0, resolve, reject });
      this.pump();
    });
  }

  async warmUp(): Promise<void> {
    if (this.isDisposed) throw disposedError();
    this.keepFull = true;
    this.fill();
    await Promise.all(this.slots.map((slot) => slot.started));
  }

  async stats(): Promise<TSandboxStats> {
    // Pool figures as of now; engine figures as each worker answers (after its call in flight).
    const live = this.slots.filter((slot) => slot.ready && !slot.disposing);
    const stats: TSandboxStats = {
      workers: this.slots.length,
      busy: this.slots.reduce((calls, slot) => calls + slot.calls.length, 0),
      queued: this.queue.length,
      workersStarted: this.workersStarted,
      workersReplaced: this.workersReplaced,
      backstops: this.backstops,
      enginesCreated: 0,
      disposeErrors: 0,
      engines: [],
      channel: { doorbell: 0, eventLoop: 0, spins: 0 },
    };
    const replies = await Promise.all(live.map((slot) => this.control(slot, 'stats')));
    for (const reply of replies) {
      if (reply?.type !== 'stats') continue;
      stats.enginesCreated += reply.stats.enginesCreated;
      stats.disposeErrors += reply.stats.disposeErrors;
      stats.engines.push(...reply.stats.engines);
      stats.channel.doorbell += reply.stats.channel.doorbell;
      stats.channel.eventLoop += reply.stats.channel.eventLoop;
      stats.channel.spins += reply.stats.channel.spins;
    }
    return stats;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const call of this.queue.splice(0)) call.reject(disposedError());
    for (const slot of [...this.slots]) {
      if (!slot.ready) {
        this.lose(slot, { kind: 'internal', message: 'the sandbox was disposed' }, 'disposed');
        continue;
      }
      // Answered after the calls posted to it, if any (the worker handles messages in order).
      slot.disposing = true;
      this.disposals.push(
        this.control(slot, 'dispose').then((reply) => {
          this.lose(slot, undefined, 'disposed');
          return reply?.type === 'dispose' ? reply.errors : [];
        }),
      );
    }
  }

  async disposed(): Promise<string[]> {
    return (await Promise.all(this.disposals)).flat();
  }

  /**
   * A worker free for a call: one spinning on its doorbell first (it takes the call at once, and a
   * call sent elsewhere would leave it spinning for nothing on a core the others need).
   */
  private idleSlot(): TSlot | undefined {
    let idle: TSlot | undefined;
    for (const slot of this.slots) {
      if (!slot.ready || slot.calls.length > 0 || slot.disposing) continue;
      if (Atomics.load(this.activity, slot.activityCell) === 1) return slot;
      idle ??= slot;
    }
    return idle;
  }

  /**
   * Where a call goes now, if anywhere: an idle worker while its lane holds fewer than its share
   * (and at least one is idle, and the lanes together hold fewer than `size - reserve`, else as a
   * reserve call when the lane is not barred), else pipelined onto the lane's own least-loaded
   * worker. Undefined: it waits in the queue.
   */
  private placeFor(lane: TLane | undefined): TPlace | undefined {
    if (!lane) return this.idle();
    let held = 0;
    let byLanes = 0;
    let shortest: TSlot | undefined;
    for (const slot of this.slots) {
      if (slot.lane !== undefined && !slot.disposing) byLanes += 1;
      if (slot.lane !== lane.key || slot.disposing) continue;
      held += 1;
      if (!shortest || slot.calls.length < shortest.calls.length) shortest = slot;
    }
    if (held < lane.workers) {
      const reserve = this.options.reserve ?? 0;
      if (byLanes < this.options.size - reserve) return this.idle() ?? (shortest && { slot: shortest, reserve: false });
      if (!shortest && !this.barred.has(lane.key)) return this.idle(true);
    }
    return shortest && { slot: shortest, reserve: false };
  }

  private idle(reserve = false): TPlace | undefined {
    const slot = this.idleSlot();
    return slot && { slot, reserve };
  }

  private assign({ slot, reserve }: TPlace, call: TCall): void {
    call.id = this.nextId++;
    slot.calls.push(call);
    slot.reserve = reserve;
    // A reserve worker belongs to no lane: nothing is pipelined onto it.
    slot.lane = reserve ? undefined : call.lane?.key;
    let { timeoutMs } = call.request;
    if (reserve) {
      call.reserve = true;
      timeoutMs = Math.min(timeoutMs, this.reserveTimeoutMs);
    }
    if (slot.calls.length === 1) this.armBackstop(slot);
    this.updateRef(slot);
    const { request } = call;
    post(slot, [
      [
        call.id,
        wireJob(slot, request.job),
        request.job.payload,
        timeoutMs,
        request.memoryBytes,
        request.notAfter ?? Number.NaN,
        request.fault ?? '',
      ],
    ]);
  }

  private get reserveTimeoutMs(): number {
    return this.options.reserveTimeoutMs ?? DEFAULT_RESERVE_TIMEOUT_MS;
  }

  /** The first call's backstop: it runs now (or as soon as the worker reads it). */
  private armBackstop(slot: TSlot): void {
    const call = slot.calls[0];
    if (!call) return;
    const timeoutMs = call.reserve ? Math.min(call.request.timeoutMs, this.reserveTimeoutMs) : call.request.timeoutMs;
    slot.backstop = setTimeout(() => this.backstop(slot, call), timeoutMs + BACKSTOP_MARGIN_MS);
  }

  /** Handles what the worker has sent and this thread has not read yet. */
  private takeAnswers(slot: TSlot): void {
    for (let next = receiveMessageOnPort(slot.port); next && !slot.gone; next = receiveMessageOnPort(slot.port)) {
      this.onMessage(slot, next.message as TFromWorker);
    }
  }

  /**
   * Hands waiting calls to workers (in order, as long as the first can go; with a reserve, a
   * call that may go passes the ones ahead of it that may not, looking at QUEUE_SCAN at most),
   * and starts workers while the pool is short.
   */
  private pump(): void {
    if (this.isDisposed) return;
    const scan = (this.options.reserve ?? 0) > 0 ? QUEUE_SCAN : 1;
    for (let i = 0; i < this.queue.length && i < scan;) {
      const place = this.placeFor(this.queue[i]!.lane);
      if (!place) {
        i += 1;
        continue;
      }
      this.assign(place, this.queue.splice(i, 1)[0]!);
    }
    Atomics.store(this.waiting, 0, this.queue.length);
    if (this.queue.length > 0 || this.keepFull) {
      try {
        this.fill();
      } catch {
        // fill() has failed the waiting calls with the reason.
      }
    }
  }

  /** Starts workers up to the pool size. If a worker cannot even be created, every waiting call fails. */
  private fill(): void {
    while (this.slots.length < this.options.size) {
      try {
        this.spawn();
      } catch (error) {
        this.keepFull = false;
        const failure = startFailure(describe(error));
        for (const call of this.queue.splice(0)) call.resolve({ ok: false, failure });
        throw new SandboxError('internal', `The sandbox failed: ${failure.message}`);
      }
    }
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel();
    const doorbell = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    // fill() never starts more workers than cells; a lost worker's cell is freed at once.
    const activityCell = this.freeCells.pop() ?? 0;
    const workerData: TWorkerData = {
      port: port2,
      doorbell,
      activity: this.activity.buffer as SharedArrayBuffer,
      waiting: this.waiting.buffer as SharedArrayBuffer,
      activityCell,
      spinSlots: spinSlots(),
      warmMemoryBytes: this.options.warmMemoryBytes,
      testHooks: this.options.testHooks,
    };
    // Written exactly this way so that Turbopack bundles worker.mjs as a worker entry in the Next.js
    // server; elsewhere (node, tsx, Vitest) the URL is the file beside this one.
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData,
      transferList: [port2],
      resourceLimits: this.options.resourceLimits,
      // Nothing of the host process is needed in there: no loader hooks, flags or environment.
      execArgv: [],
      env: {},
    });
    this.workersStarted += 1;
    let markStarted: (error?: Error) => void = () => undefined;
    const started = new Promise<void>((resolve, reject) => {
      markStarted = (error) => (error ? reject(error) : resolve());
    });
    started.catch(() => undefined);
    const slot: TSlot = {
      worker,
      port: port1,
      doorbell: new Int32Array(doorbell),
      activityCell,
      ready: false,
      gone: false,
      disposing: false,
      calls: [],
      lane: undefined,
      reserve: false,
      jobs: new Map(),
      newestJob: undefined,
      startTimer: setTimeout(() => {
        this.lose(slot, startFailure(`not ready within ${STARTUP_TIMEOUT_MS / 1000} s`), 'lost');
      }, STARTUP_TIMEOUT_MS).unref(),
      started,
      markStarted,
      controls: new Map(),
      refed: true,
    };
    this.slots.push(slot);
    port1.on('message', (message: TFromWorker) => this.onMessage(slot, message));
    port1.on('messageerror', (error) =>
      this.lose(slot, { kind: 'internal', message: `a sandbox message was lost (${describe(error)})` }, 'lost'),
    );
    worker.on('error', (error) => this.lose(slot, slot.ready ? workerErrorFailure(error) : startFailure(error.message), 'lost'));
    worker.on('exit', (code) => {
      const failure: TFailure = slot.ready
        ? { kind: 'internal', message: `the worker thread running the code exited (code ${code})` }
        : startFailure(`it exited with code ${code}`);
      this.lose(slot, failure, slot.disposing ? 'disposed' : 'lost');
    });
  }

  private onMessage(slot: TSlot, message: TFromWorker): void {
    if (slot.gone) return;
    if (Array.isArray(message)) {
      this.onAnswer(slot, message);
      return;
    }
    switch (message.type) {
      case 'ready':
        clearTimeout(slot.startTimer);
        slot.ready = true;
        this.keepFull = true;
        slot.markStarted();
        this.updateRef(slot);
        this.pump();
        return;
      case 'startFailed':
        this.lose(slot, startFailure(message.message), 'lost');
        return;
      default: {
        const control = slot.controls.get(message.id);
        if (!control) return;
        slot.controls.delete(message.id);
        this.updateRef(slot);
        control(message);
      }
    }
  }

  /** A call's answer: the first call posted to the worker is done. */
  private onAnswer(slot: TSlot, [id, answer, retire, logs]: TWireAnswer): void {
    const call = slot.calls[0];
    if (!call || id !== call.id) return;
    clearTimeout(slot.backstop);
    slot.backstop = undefined;
    slot.calls.shift();
    const outcome: TOutcome = typeof answer === 'string' ? { ok: true, json: answer } : { ok: false, failure: answer };
    const finished = this.afterCall(slot, call, outcome);
    if (retire) {
      // The calls behind this one run on other workers (this one may have begun the next:
      // sandboxed code has no side effects, so it may run again).
      const behind = slot.calls.splice(0);
      this.lose(slot, undefined, 'retired');
      this.requeue(behind);
    } else {
      if (slot.calls.length > 0) this.armBackstop(slot);
      else slot.lane = undefined;
      this.updateRef(slot);
      this.pump();
    }
    call.resolve(logs ? { ...finished, logs } : finished);
  }

  /**
   * A call is done: a reserve worker is free again, and its lane is barred from the reserve when
   * the call ran out of its time there (unbarred by a call of it that succeeds). Answers the
   * outcome to send (a reserve time-out says which limit stopped it).
   */
  private afterCall(slot: TSlot, call: TCall, outcome: TOutcome): TOutcome {
    if (call.reserve) slot.reserve = false;
    const lane = call.lane?.key;
    if (lane === undefined) return outcome;
    if (outcome.ok) {
      this.barred.delete(lane);
      return outcome;
    }
    if (!call.reserve || outcome.failure.kind !== 'timeout') return outcome;
    this.barred.delete(lane);
    this.barred.add(lane);
    if (this.barred.size > BARRED_LANES) this.barred.delete(this.barred.values().next().value!);
    return { ok: false, failure: { kind: 'reserveTimeout', limitMs: this.reserveTimeoutMs } };
  }

  /** The call has outlived its limit + margin: unless its answer is already waiting, kill the worker. */
  private backstop(slot: TSlot, call: TCall): void {
    // The answer may be queued on the port (this thread was busy when the timer came due).
    this.takeAnswers(slot);
    if (slot.calls[0] !== call || slot.gone) return;
    this.backstops += 1;
    this.lose(slot, { kind: 'timeout' }, 'lost');
  }

  /**
   * Takes a worker out of the pool for good (terminating it if it still runs): the call it was
   * running fails with `failure`, the calls pipelined behind it go back to the front of the queue;
   * a worker that never started fails the oldest waiting call instead (so a pool that cannot start
   * workers fails calls rather than retrying forever). Then refills.
   */
  private lose(slot: TSlot, failure: TFailure | undefined, reason: 'lost' | 'retired' | 'disposed'): void {
    if (slot.gone) return;
    slot.gone = true;
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    clearTimeout(slot.backstop);
    clearTimeout(slot.startTimer);
    void slot.worker.terminate().catch(() => undefined);
    slot.port.close();
    Atomics.store(this.activity, slot.activityCell, 0);
    this.freeCells.push(slot.activityCell);
    for (const control of slot.controls.values()) control(undefined);
    slot.controls.clear();
    const stopped: TFailure = failure ?? { kind: 'internal', message: 'the worker thread running the code stopped' };
    const [call, ...behind] = slot.calls;
    slot.calls = [];
    slot.lane = undefined;
    slot.reserve = false;
    this.requeue(behind, false);
    if (!slot.ready) {
      slot.markStarted(new SandboxError('internal', `The sandbox failed: ${stopped.kind === 'internal' ? stopped.message : stopped.kind}`));
      if (reason === 'lost') {
        this.keepFull = false;
        this.queue.shift()?.resolve({ ok: false, failure: stopped });
      }
    } else if (reason !== 'disposed') {
      this.workersReplaced += 1;
    }
    call?.resolve(call ? this.afterCall(slot, call, { ok: false, failure: stopped }) : { ok: false, failure: stopped });
    this.pump();
  }

  /** Calls a lost worker had not run go back to the front of the queue, in their order. */
  private requeue(calls: TCall[], pump = true): void {
    if (calls.length === 0) return;
    if (this.isDisposed) for (const call of calls) call.reject(disposedError());
    else this.queue.unshift(...calls);
    if (pump) this.pump();
  }

  private control(slot: TSlot, type: 'stats' | 'dispose'): Promise<TControlReply | undefined> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      slot.controls.set(id, resolve);
      this.updateRef(slot);
      post(slot, { type, id });
    });
  }

  /** An idle worker must not keep the process alive (scripts using getSandbox() would never exit). */
  private updateRef(slot: TSlot): void {
    const wanted = !slot.ready || slot.calls.length > 0 || slot.controls.size > 0;
    if (wanted === slot.refed) return;
    slot.refed = wanted;
    if (wanted) {
      slot.worker.ref();
      slot.port.ref();
    } else {
      slot.worker.unref();
      slot.port.unref();
    }
  }
}

/**
 * A job as posted to this worker: the index of its table entry when the worker has the same code
 * there, else the code, to be kept at an index (the least recently posted one's, once full).
 */
function wireJob(slot: TSlot, job: TJob): TWireCall[1] {
  const { jobs } = slot;
  const known = jobs.get(job.body);
  if (known && known.isAsync === job.isAsync && known.mode === job.mode && sameParams(known.params, job.params)) {
    // Most recently posted last; a job posted again and again is there already.
    if (slot.newestJob !== job.body) {
      jobs.delete(job.body);
      jobs.set(job.body, known);
      slot.newestJob = job.body;
    }
    return known.index;
  }
  let index = jobs.size;
  if (known) {
    index = known.index;
    jobs.delete(job.body);
  } else if (jobs.size >= JOB_TABLE_SIZE) {
    const [oldestBody, oldest] = jobs.entries().next().value!;
    jobs.delete(oldestBody);
    index = oldest.index;
  }
  // The code only: a call's payload is not kept.
  jobs.set(job.body, { index, params: job.params, isAsync: job.isAsync, mode: job.mode });
  slot.newestJob = job.body;
  return [index, job.params, job.body, job.isAsync, job.mode];
}

/** Posts to the worker and rings its doorbell (a worker waiting outside its event loop reads the port then). */
function post(slot: TSlot, message: TToWorker): void {
  slot.port.postMessage(message);
  Atomics.add(slot.doorbell, 0, 1);
}

function sameParams(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function startFailure(detail: string): Extract<TFailure, { kind: 'internal' }> {
  return { kind: 'internal', message: `a sandbox worker could not start (${detail})` };
}

function workerErrorFailure(error: Error): TFailure {
  // The worker's JS heap reached its resourceLimits: in practice a result too large to hand back.
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') return { kind: 'memory' };
  return { kind: 'internal', message: `the worker thread running the code crashed (${error.message})` };
}

// --- The calling thread -----------------------------------------------------------------------

/**
 * Engines on the calling thread: a call that spins blocks it for up to its time limit. Kept for
 * the bench (the engine's own cost, without the round trip) and for comparison in tests. Faults
 * are not injected here.
 */
export class InlineRunner implements TRunner {
  private host: Promise<EngineHost> | undefined;
  private isDisposed = false;
  private disposal: Promise<string[]> = Promise.resolve([]);

  constructor(private readonly warmMemoryBytes: number) {}

  async exec(request: TExecRequest): Promise<TOutcome> {
    // The host is built without test hooks: a fault in the request is ignored.
    const host = await this.getHost();
    return (await host.exec(request)).outcome;
  }

  async warmUp(): Promise<void> {
    await (await this.getHost()).warmUp(this.warmMemoryBytes);
  }

  async stats(): Promise<TSandboxStats> {
    const host = this.isDisposed || !this.host ? undefined : await this.host;
    const own = host?.stats() ?? { enginesCreated: 0, disposeErrors: 0, engines: [] };
    const channel = { doorbell: 0, eventLoop: 0, spins: 0 };
    return { workers: 0, busy: 0, queued: 0, workersStarted: 0, workersReplaced: 0, backstops: 0, channel, ...own };
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.host) this.disposal = this.host.then((host) => host.dispose()).catch((error: unknown) => [describe(error)]);
  }

  disposed(): Promise<string[]> {
    return this.disposal;
  }

  private getHost(): Promise<EngineHost> {
    if (this.isDisposed) return Promise.reject(disposedError());
    this.host ??= import('./host.mjs').then(({ EngineHost: Host }) => new Host());
    return this.host;
  }
}
