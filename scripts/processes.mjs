// The child processes of `npm start` (scripts/start.mjs): each in a process group of its own, so
// that a signal reaches everything a child started (a wrapper such as npx, or a server's own
// children, used to keep next-server alive and holding its port), and so that each gets exactly
// one signal (the DAIOS node takes a second one as "exit now", and exits 1).
import { spawn } from 'node:child_process';

/** How long children get to stop after the signal before their groups are killed. */
export const STOP_GRACE_MS = 15_000;
const GROUP_POLL_MS = 50;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };

/** Sends `signal` to a whole process group; false when the group is gone. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (error.code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * @param {{ graceMs?: number }} [options]
 */
export function createSupervisor({ graceMs = STOP_GRACE_MS } = {}) {
  /** @type {{ name: string, child: import('node:child_process').ChildProcess, exited: Promise<void>, sent: boolean, signalled: boolean, clean: boolean }[]} */
  const entries = [];
  let stopSignal;

  /** Resolves once no process of the group is left (its leader has exited before). */
  const groupGone = async (pgid) => {
    while (signalGroup(pgid, 0)) await new Promise((resolve) => setTimeout(resolve, GROUP_POLL_MS));
  };

  return {
    /** Whether stop() has been called. */
    get stopping() {
      return stopSignal !== undefined;
    },

    /**
     * Starts a child in a group of its own (a Ctrl-C in the terminal reaches only this process,
     * which passes it on once). `onExit` is called when it exits while nothing asked it to stop.
     */
    start(name, command, args, options, onExit) {
      const child = spawn(command, args, { stdio: 'inherit', ...options, detached: true });
      const entry = { name, child, sent: false, signalled: false, clean: false, exited: undefined };
      entry.exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          // A child stopped by the signal sent to it stopped cleanly, whichever way it reports it.
          entry.clean = code === 0 || (entry.signalled && (signal === stopSignal || code === SIGNAL_EXIT_CODES[stopSignal]));
          if (stopSignal === undefined) onExit?.(code, signal);
          // What the child started may outlive it: done when its whole group is.
          groupGone(child.pid).then(resolve);
        });
        child.once('error', (error) => {
          console.error(`[poseidon] ${name} could not start: ${error.message}`);
          resolve();
        });
      });
      entries.push(entry);
      return child;
    },

    /** Runs a child to its end (a build); resolves with its exit code. */
    run(name, command, args, options) {
      const child = this.start(name, command, args, options);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code ?? 1));
        child.once('error', () => resolve(1));
      });
    },

    /**
     * Sends `signal` once to the group of every child (what is left of it, if its leader has
     * exited; a second call sends nothing), then kills what is left after the grace period.
     * Resolves with 0 when every child it signalled stopped cleanly, else 1, once all their groups
     * are gone.
     */
    async stop(signal = 'SIGTERM') {
      stopSignal ??= signal;
      for (const entry of entries) {
        if (entry.sent || entry.child.pid === undefined) continue;
        entry.sent = true;
        // Only a child still running is judged on how it stops; one that ended may have left some.
        entry.signalled = entry.child.exitCode === null && entry.child.signalCode === null;
        signalGroup(entry.child.pid, stopSignal);
      }
      const killer = setTimeout(() => {
        for (const entry of entries) {
          if (entry.child.pid !== undefined && signalGroup(entry.child.pid, 'SIGKILL')) {
            console.error(`[poseidon] ${entry.name} did not stop within ${graceMs / 1000} s: killed`);
          }
        }
      }, graceMs);
      killer.unref();
      await Promise.all(entries.map((entry) => entry.exited));
      clearTimeout(killer);
      return entries.every((entry) => entry.clean || !entry.signalled) ? 0 : 1;
    },

    /** For a dying process (`exit` handlers are synchronous): signals every group not signalled yet. */
    stopNow() {
      for (const entry of entries) {
        if (entry.sent || entry.child.pid === undefined) continue;
        entry.sent = true;
        signalGroup(entry.child.pid, 'SIGTERM');
      }
    },
  };
}
