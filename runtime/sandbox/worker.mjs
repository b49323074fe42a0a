// @ts-check
/**
 * Entry of a sandbox worker thread (started by the pool in pool.ts): one EngineHost, driven
 * over the MessagePort handed in workerData. Plain JavaScript with only relative and package
 * imports, so it loads under plain `node`, tsx, Vitest and, bundled by Turbopack as a worker entry,
 * inside the Next.js server.
 *
 * The thread handles one call at a time (the pool never sends a second before the first is
 * answered); `stats` and `dispose` may arrive at any time and are answered in order.
 *
 * Why a doorbell: a worker parked in its event loop takes ~50-100 us to wake on an idle machine
 * (epoll + the CPU leaving its idle state), twenty times the engine's own cost of a call. So after
 * each message the thread stays out of its event loop for a while: it spins on the shared counter
 * (the doorbell) the pool bumps after every postMessage, for SPIN_US, then sleeps in Atomics.wait on it
 * (PARK_MS), and takes the messages straight off the port with receiveMessageOnPort. Only when
 * nothing came for that long, or when the host has asynchronous work (an engine being built), does
 * it go back to its event loop, where the port's 'message' event picks up the next message.
 * Spinning only pays while a core is free for it: a spinning thread that takes the core the pool's
 * own thread needs to hand out the next call makes everything slower (on 2 cores, 2 spinning
 * workers cut the pool's throughput by half). So the workers of a pool mark in a shared array
 * whether each is running a call or spinning, and a worker spins only while fewer than
 * `spinSlots` (the cores less one, for the pool's thread) are; otherwise it goes straight to sleep.
 * And it spins only while messages come close together: after a wait longer than SPIN_US it
 * sleeps straight away, until a wait shows that a spin would have caught the message again.
 * `worker.terminate()` interrupts Atomics.wait and wasm alike, so the pool's backstop still holds.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { EngineHost } from './host.mjs';

/** @typedef {import('./protocol').TToWorker} TToWorker */
/** @typedef {import('./protocol').TFromWorker} TFromWorker */
/** @typedef {import('./protocol').TWorkerData} TWorkerData */
/** @typedef {import('./protocol').THostReply} THostReply */

/**
 * How long the thread spins for the next message before it sleeps. Long enough to cover the pool's
 * turnaround between an answer and the next call (a few tens of us), short enough that a worker
 * that is not called again wastes little CPU.
 */
const SPIN_US = 200;
/**
 * How long it then sleeps on the doorbell (a futex: no CPU) before going back to its event loop.
 * Bounded so that anything queued on the event loop (an engine being rebuilt after a recycle) does
 * not wait longer than this.
 */
const PARK_MS = 50;

const data = /** @type {TWorkerData} */ (workerData);
const port = data.port;
const doorbell = new Int32Array(data.doorbell);
const activity = new Int32Array(data.activity);
const host = new EngineHost({ testHooks: data.testHooks });
/** How the messages arrived, for the pool's stats (and the test that the doorbell is used). */
const channel = { doorbell: 0, eventLoop: 0 };
/** Whether the last wait for the doorbell was short enough that spinning would have caught it (see waitForBell). */
let spinPays = true;
/** An answer waits on asynchronous work: the thread must not sleep outside its event loop meanwhile. */
let pending = false;
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
 * @param {TToWorker & { type: 'exec' }} message
 */
function injectThreadFault(message) {
  if (message.fault === 'crash') throw new Error('Injected fault: the sandbox worker crashed');
  if (message.fault === 'exit') process.exit(3);
  if (message.fault === 'heapOom') {
    /** @type {unknown[]} */
    const hoard = [];
    for (;;) hoard.push(new Array(100_000).fill(hoard.length));
  }
}

/**
 * Handles one message. Returns a promise when the answer waits on asynchronous work (the thread
 * must then return to its event loop for it to settle), otherwise undefined once answered.
 * @param {TToWorker} message
 * @returns {Promise<void> | undefined}
 */
function handle(message) {
  switch (message.type) {
    case 'exec': {
      if (data.testHooks && message.fault) injectThreadFault(message);
      Atomics.store(activity, data.activityCell, 1);
      const { id } = message;
      /** @param {THostReply} reply */
      const answer = (reply) => send({ type: 'exec', id, outcome: reply.outcome, retire: reply.retire });
      /** @param {unknown} error */
      const fail = (error) => answer({ outcome: { ok: false, failure: { kind: 'internal', message: describe(error) } }, retire: true });
      let reply;
      try {
        reply = host.exec(message);
      } catch (error) {
        fail(error);
        return undefined;
      }
      if ('then' in reply) return reply.then(answer, fail);
      answer(reply);
      return undefined;
    }
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
 * Handles messages off the port for as long as they keep coming within SPIN_US + PARK_MS of each
 * other. Returns to the event loop when they stop, or to let an asynchronous answer settle (and
 * comes back here after it).
 */
function serve() {
  while (!closed && !pending) {
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
 * Waits until the doorbell moves past `rung`: spinning first, then asleep. False when it did not
 * ring within SPIN_US + PARK_MS.
 * @param {number} rung
 */
function waitForBell(rung) {
  const since = performance.now();
  if (spinPays && mayUseACore()) {
    Atomics.store(activity, data.activityCell, 1);
    const spinUntil = since + SPIN_US / 1000;
    while (performance.now() < spinUntil) {
      if (Atomics.load(doorbell, 0) !== rung) return true;
    }
  }
  Atomics.store(activity, data.activityCell, 0);
  const rang = Atomics.wait(doorbell, 0, rung, PARK_MS) !== 'timed-out';
  // Spin next time only if this gap was short enough for a spin to have caught it: when calls come
  // further apart (a busy pool thread, a loaded machine), spinning only takes a core from others.
  spinPays = rang && performance.now() - since < SPIN_US / 1000;
  return rang;
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
  dispatch(message);
  serve();
});

host.warmUp(data.warmMemoryBytes).then(
  () => send({ type: 'ready' }),
  (error) => send({ type: 'startFailed', message: describe(error) }),
);
