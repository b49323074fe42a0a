// @ts-check
/**
 * Entry of a sandbox worker thread (started by the pool in pool.ts): one EngineHost, driven
 * over the MessagePort handed in workerData. Plain JavaScript with only relative and package
 * imports, so it loads under plain `node`, tsx, Vitest and, bundled by Turbopack as a worker entry,
 * inside the Next.js server.
 *
 * The thread handles its messages one at a time, in the order they were posted: the pool may
 * pipeline several calls (one lane's) before the first is answered, and `stats` and `dispose` may
 * arrive at any time. While an answer waits on asynchronous work (an engine being built), later
 * messages wait in `backlog`.
 *
 * Why a doorbell: a worker parked in its event loop takes ~50-100 us to wake on an idle machine
 * (epoll, and the core leaving its idle state), ten to twenty times the engine's own cost of a
 * call. So after each message the thread stays out of its event loop for up to SPIN_US: it spins on
 * a shared counter (the doorbell) that the pool bumps after every postMessage, and takes the next
 * message straight off the port with receiveMessageOnPort. When nothing came by then, or when the
 * host has asynchronous work (an engine being built), it goes back to its event loop, where the
 * port's 'message' event picks up the next message. (Sleeping in Atomics.wait instead was tried:
 * the pool then paid a futex wake per call, and the worker woke no sooner.)
 *
 * Spinning only pays while a core would otherwise sit idle, so a worker spins only
 * - while no calls wait in the pool's queue: then the pool's thread is the bottleneck, it hands out
 *   the next call as soon as it reads an answer, and a spin would only take its core;
 * - while the machine has idle cores (1-minute load average below their number): on a busy
 *   machine a parked thread wakes in a few us anyway (a pool with test hooks spins regardless);
 * - while fewer than `spinSlots` (the cores less one, for the pool's thread) of the pool's workers
 *   are running a call or spinning, as each marks in a shared array;
 * - while calls come close together: after a gap longer than SPIN_US it goes straight back to its
 *   event loop, until a call comes soon enough after that a spin would have caught it.
 * `worker.terminate()` stops a spinning thread as it stops wasm, so the pool's backstop holds.
 */
import { availableParallelism, loadavg } from 'node:os';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { EngineHost } from './host.mjs';

/** @typedef {import('./protocol').TToWorker} TToWorker */
/** @typedef {import('./protocol').TFromWorker} TFromWorker */
/** @typedef {import('./protocol').TWorkerData} TWorkerData */
/** @typedef {import('./protocol').THostReply} THostReply */
/** @typedef {import('./protocol').TWireCall} TWireCall */
/** @typedef {import('./protocol').TJob} TJob */
/** @typedef {import('./protocol').TExecRequest} TExecRequest */

const data = /** @type {TWorkerData} */ (workerData);

/**
 * How long the thread spins for the next message before going back to its event loop. Long enough
 * to cover the pool's turnaround between an answer and the next call (a few tens of us), short
 * enough that a worker that is not called again wastes little CPU. A pool with test hooks spins far
 * longer, so that a loaded test machine's slow turnaround is still caught: tests check that the
 * doorbell works, bench/sandbox.bench.ts measures what it saves.
 */
const SPIN_US = data.testHooks ? 20_000 : 200;

const port = data.port;
const doorbell = new Int32Array(data.doorbell);
const activity = new Int32Array(data.activity);
const waiting = new Int32Array(data.waiting);
const host = new EngineHost({ testHooks: data.testHooks });
/** How the messages arrived, for the pool's stats (and the test that the doorbell is used). */
const channel = { doorbell: 0, eventLoop: 0, spins: 0 };
/** Whether calls come close enough together that spinning catches the next one (see waitForBell). */
let spinPays = true;
/** When the thread last went back to its event loop (performance.now()). */
let idleSince = -Infinity;
/** An answer waits on asynchronous work: the thread must not spin outside its event loop meanwhile. */
let pending = false;
/** Messages that arrived by the event loop while an answer was pending, in order. */
/** @type {TToWorker[]} */
const backlog = [];
/**
 * The jobs (code) the pool has posted, by the index it gave each (see wireJob in pool.ts); a job
 * posted again at an index replaces the one there.
 * @type {Map<number, Omit<TJob, 'payload'>>}
 */
const jobs = new Map();
let closed = false;

/** @param {TFromWorker} message */
function send(message) {
  port.postMessage(message);
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Test hooks only: faults that take the whole thread down while a call is in flight.
 * @param {TExecRequest} request
 */
function injectThreadFault(request) {
  if (request.fault === 'crash') throw new Error('Injected fault: the sandbox worker crashed');
  if (request.fault === 'exit') process.exit(3);
  if (request.fault === 'heapOom') {
    /** @type {unknown[]} */
    const hoard = [];
    for (;;) hoard.push(new Array(100_000).fill(hoard.length));
  }
}

/**
 * A call as posted (see TWireCall), as the host takes it.
 * @param {TWireCall} wire
 * @returns {TExecRequest}
 */
function requestOf(wire) {
  const [, posted, payload, timeoutMs, memoryBytes, notAfter, fault] = wire;
  let code;
  if (typeof posted === 'number') code = jobs.get(posted);
  else {
    const [index, params, body, isAsync, mode] = posted;
    code = { params, body, isAsync, mode, key: `${isAsync ? 'a' : 's'}${params.join(',')}\u0000${body}` };
    jobs.set(index, code);
  }
  if (!code) throw new Error(`no job at ${String(posted)}`);
  return {
    job: { ...code, payload },
    timeoutMs,
    memoryBytes,
    ...(Number.isNaN(notAfter) ? {} : { notAfter }),
    ...(fault ? { fault } : {}),
  };
}

/**
 * Runs one call and answers it. Returns a promise when the answer waits on asynchronous work
 * (the thread must then return to its event loop for it to settle), otherwise undefined once
 * answered.
 * @param {TWireCall} wire
 * @returns {Promise<void> | undefined}
 */
function exec(wire) {
  const id = wire[0];
  /** @param {THostReply} reply */
  const answer = (reply) =>
    send([id, reply.outcome.ok ? reply.outcome.json : reply.outcome.failure, reply.retire, reply.outcome.logs ?? '']);
  /** @param {unknown} error */
  const fail = (error) => answer({ outcome: { ok: false, failure: { kind: 'internal', message: describe(error) } }, retire: true });
  let request;
  try {
    request = requestOf(wire);
  } catch (error) {
    fail(error);
    return undefined;
  }
  // Outside any try: a crash must take the thread down, as a real one would.
  if (data.testHooks && request.fault) injectThreadFault(request);
  Atomics.store(activity, data.activityCell, 1);
  let reply;
  try {
    reply = host.exec(request);
  } catch (error) {
    fail(error);
    return undefined;
  }
  if ('then' in reply) return reply.then(answer, fail);
  answer(reply);
  return undefined;
}

/**
 * Handles one message: the calls of a batch in turn (the rest of the batch waits in `backlog`
 * while one's answer is pending), or a control message.
 * @param {TToWorker} message
 * @returns {Promise<void> | undefined}
 */
function handle(message) {
  if (Array.isArray(message)) {
    for (let i = 0; i < message.length; i++) {
      const pendingAnswer = exec(/** @type {TWireCall} */ (message[i]));
      if (pendingAnswer) {
        if (i + 1 < message.length) backlog.unshift(message.slice(i + 1));
        return pendingAnswer;
      }
    }
    return undefined;
  }
  switch (message.type) {
    case 'stats':
      send({ type: 'stats', id: message.id, stats: { ...host.stats(), channel: { ...channel } } });
      return undefined;
    case 'dispose':
      send({ type: 'dispose', id: message.id, errors: host.dispose() });
      closed = true;
      port.close();
      return undefined;
  }
}

/**
 * Handles messages off the port for as long as they keep coming within SPIN_US of each other. Returns to the event loop when they stop, or to let an asynchronous answer settle (and
 * comes back here after it).
 */
function serve() {
  while (!closed && !pending) {
    const waited = backlog.shift();
    if (waited) {
      dispatch(waited);
      continue;
    }
    // Read before draining: a bump after this read is a message the drain may not have seen.
    const rung = Atomics.load(doorbell, 0);
    const next = receiveMessageOnPort(port);
    if (next) {
      channel.doorbell += 1;
      dispatch(/** @type {TToWorker} */ (next.message));
    } else if (!waitForBell(rung)) {
      return;
    }
  }
}

/**
 * Handles a message; if its answer is asynchronous, comes back to serve() once it is sent.
 * @param {TToWorker} message
 */
function dispatch(message) {
  const answered = handle(message);
  if (!answered) return;
  pending = true;
  void answered.finally(() => {
    pending = false;
    serve();
  });
}

/**
 * Spins until the doorbell moves past `rung`, for up to SPIN_US, when spinning may pay. False when
 * it did not ring (or spinning would not pay): the thread goes back to its event loop. (Sleeping in
 * Atomics.wait instead cost the pool a futex wake per call and woke no faster than the event loop.)
 * @param {number} rung
 */
function waitForBell(rung) {
  // With calls waiting in the pool's queue, its thread is the bottleneck: a spin would only take
  // its core. A pool with test hooks spins whatever the machine's load, so tests see the doorbell.
  if (spinPays && Atomics.load(waiting, 0) === 0 && (data.testHooks || machineHasIdleCores()) && mayUseACore()) {
    Atomics.store(activity, data.activityCell, 1);
    channel.spins += 1;
    const spinUntil = performance.now() + SPIN_US / 1000;
    while (performance.now() < spinUntil) {
      if (Atomics.load(doorbell, 0) !== rung) return true;
    }
    // Nothing came while spinning: calls come further apart than a spin covers.
    spinPays = false;
  }
  Atomics.store(activity, data.activityCell, 0);
  idleSince = performance.now();
  return false;
}

/** How often the load average is read (see machineHasIdleCores). */
const LOAD_CHECK_MS = 1000;
let loadCheckedAt = -Infinity;
let idleCores = true;

/**
 * Whether the machine's cores sit idle at times (1-minute load average below their number, read
 * at most once a second). Only then does spinning pay: a thread parked on an idle machine takes
 * ~50-100 us to wake (the core leaves its idle state), while on a busy one it wakes in a few and a
 * spinning thread takes a time slice the pool's own thread needs.
 */
function machineHasIdleCores() {
  const now = performance.now();
  if (now - loadCheckedAt > LOAD_CHECK_MS) {
    loadCheckedAt = now;
    idleCores = (loadavg()[0] ?? 0) < availableParallelism();
  }
  return idleCores;
}

/** Whether fewer than `spinSlots` other workers of the pool are running a call or spinning. */
function mayUseACore() {
  let active = 0;
  for (let cell = 0; cell < activity.length; cell++) {
    if (cell !== data.activityCell) active += Atomics.load(activity, cell);
  }
  return active < data.spinSlots;
}

// The first message after the thread went back to its event loop (or any, while an answer is
// pending) arrives here.
port.on('message', (/** @type {TToWorker} */ message) => {
  channel.eventLoop += 1;
  if (pending) {
    backlog.push(message);
    return;
  }
  // Spin again after this call if it came soon enough after the last that a spin would have caught it.
  spinPays = performance.now() - idleSince < SPIN_US / 1000;
  dispatch(message);
  serve();
});

host.warmUp(data.warmMemoryBytes).then(
  () => send({ type: 'ready' }),
  (error) => send({ type: 'startFailed', message: describe(error) }),
);
