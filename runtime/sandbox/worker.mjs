// @ts-check
/**
 * Entry of a sandbox worker thread (started by the pool in sandbox.ts): one EngineHost, driven
 * over the MessagePort handed in workerData. Plain JavaScript with only relative and package
 * imports, so it loads under plain `node`, tsx, Vitest and, bundled by Turbopack as a worker entry,
 * inside the Next.js server.
 *
 * The thread handles one call at a time (the pool never sends a second before the first is
 * answered); `stats` and `dispose` may arrive at any time and are answered in order.
 */
import { workerData } from 'node:worker_threads';
import { EngineHost } from './host.mjs';

/** @typedef {import('./protocol').TToWorker} TToWorker */
/** @typedef {import('./protocol').TFromWorker} TFromWorker */
/** @typedef {import('./protocol').TWorkerData} TWorkerData */
/** @typedef {import('./protocol').THostReply} THostReply */

const data = /** @type {TWorkerData} */ (workerData);
const port = data.port;
const host = new EngineHost({ testHooks: data.testHooks });

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

port.on('message', (/** @type {TToWorker} */ message) => {
  switch (message.type) {
    case 'exec': {
      if (data.testHooks && message.fault) injectThreadFault(message);
      const { id } = message;
      /** @param {THostReply} reply */
      const answer = (reply) => send({ type: 'exec', id, outcome: reply.outcome, retire: reply.retire });
      let reply;
      try {
        reply = host.exec(message);
      } catch (error) {
        answer({ outcome: { ok: false, failure: { kind: 'internal', message: describe(error) } }, retire: true });
        return;
      }
      if ('then' in reply) {
        reply.then(answer, (error) =>
          answer({ outcome: { ok: false, failure: { kind: 'internal', message: describe(error) } }, retire: true }),
        );
      } else {
        answer(reply);
      }
      return;
    }
    case 'stats':
      send({ type: 'stats', id: message.id, stats: host.stats() });
      return;
    case 'dispose':
      send({ type: 'dispose', id: message.id, errors: host.dispose() });
      port.close();
      return;
  }
});

host.warmUp(data.warmMemoryBytes).then(
  () => send({ type: 'ready' }),
  (error) => send({ type: 'startFailed', message: describe(error) }),
);
