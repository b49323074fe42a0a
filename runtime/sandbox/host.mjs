// @ts-check
/**
 * The engines of one thread: one Engine per distinct memory limit in use (at most MAX_ENGINES),
 * replaced when a call leaves one untrustworthy. A worker thread runs one host (worker.mjs);
 * the in-thread mode of the sandbox (tests, the bench) runs one on the calling thread.
 *
 * Plain JavaScript: see engine.mjs.
 */
import { Engine, memoryPagesFor } from './engine.mjs';

/** @typedef {import('./protocol').TExecRequest} TExecRequest */
/** @typedef {import('./protocol').THostReply} THostReply */
/** @typedef {import('./protocol').THostStats} THostStats */
/** @typedef {import('./protocol').TEngineStats} TEngineStats */
/** @typedef {{ pages: number; engine: Promise<Engine>; ready?: Engine }} TEngineSlot */

export { memoryPagesFor };

/** Engines kept at once, one per distinct memory limit in use. */
const MAX_ENGINES = 4;

export class EngineHost {
  /** @type {Map<number, TEngineSlot>} */
  #slots = new Map();
  #disposed = false;
  #enginesCreated = 0;
  #disposeErrors = 0;
  #testHooks;

  /** @param {{ testHooks?: boolean }} [options] */
  constructor(options = {}) {
    this.#testHooks = options.testHooks === true;
  }

  /**
   * Prepares the engine for a memory limit, so the first call does not pay for it.
   * @param {number} memoryBytes
   * @returns {Promise<void>}
   */
  async warmUp(memoryBytes) {
    await this.#acquire(memoryPagesFor(memoryBytes));
  }

  /**
   * Runs one call. Never rejects for anything user code does: failures are in the outcome.
   * Synchronous from the moment the engine is ready (no await when it already is).
   * @param {TExecRequest} request
   * @returns {THostReply | Promise<THostReply>}
   */
  exec(request) {
    const pages = memoryPagesFor(request.memoryBytes);
    const ready = this.#readyEngine(pages);
    if (ready) return this.#execOn(ready, request, pages, undefined, 0);
    return this.#acquire(pages).then((engine) => this.#execOn(engine, request, pages, undefined, 0));
  }

  /**
   * @param {Engine} engine
   * @param {TExecRequest} request
   * @param {number} pages
   * @param {number | undefined} deadline
   * @param {number} attempt
   * @returns {THostReply | Promise<THostReply>}
   */
  #execOn(engine, request, pages, deadline, attempt) {
    const { job } = request;
    if (!engine.hasRoomFor(job.payload, job.body)) {
      if (engine.calls === 0) return { outcome: { ok: false, failure: { kind: 'memory' } }, retire: false };
      this.#recycle(pages, engine);
      return this.#acquire(pages).then((fresh) => this.#execOn(fresh, request, pages, deadline, attempt));
    }
    // The time limit starts once an engine is ready; a retry gets only what is left. A call that
    // must be over by a time (its run's deadline) gets no more than what is left of that.
    const until = deadline ?? untilOf(request);
    if (until <= performance.now()) return { outcome: { ok: false, failure: { kind: 'timeout' } }, retire: false };
    const wasFresh = engine.calls === 0;
    const ignore = request.fault === 'ignoreInterrupt' && this.#testHooks;
    engine.ignoreInterrupts = ignore;
    let outcome;
    try {
      outcome = engine.exec(job, until, request.memoryBytes);
    } finally {
      engine.ignoreInterrupts = false;
    }
    const retire = engine.broken;
    if (engine.mustRecycle) this.#recycle(pages, engine);
    // Garbage cycles from earlier calls can fill a heap (QuickJS's GC is driven by its byte
    // count, which this build under-counts): run the (side-effect free) call once more on a
    // fresh engine before blaming this code.
    if (!outcome.ok && outcome.failure.kind === 'memory' && !wasFresh && attempt === 0 && performance.now() < until) {
      return this.#acquire(pages).then((fresh) => this.#execOn(fresh, request, pages, until, attempt + 1));
    }
    return { outcome, retire };
  }

  /** @returns {THostStats} */
  stats() {
    /** @type {TEngineStats[]} */
    const engines = [];
    for (const slot of this.#slots.values()) {
      if (slot.ready?.alive) engines.push(slot.ready.stats());
    }
    return { enginesCreated: this.#enginesCreated, disposeErrors: this.#disposeErrors, engines };
  }

  /**
   * Frees every engine; later calls are refused.
   * @returns {string[]} what QuickJS reported while freeing (leaked handles), empty when clean
   */
  dispose() {
    this.#disposed = true;
    /** @type {string[]} */
    const errors = [];
    for (const slot of this.#slots.values()) {
      if (slot.ready) {
        try {
          slot.ready.dispose();
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      } else {
        void slot.engine.then((late) => late.dispose()).catch(() => undefined);
      }
    }
    this.#slots.clear();
    this.#disposeErrors += errors.length;
    return errors;
  }

  /**
   * The engine for these pages if it is built and alive (most recently used last).
   * @param {number} pages
   * @returns {Engine | undefined}
   */
  #readyEngine(pages) {
    const slot = this.#slots.get(pages);
    if (!slot?.ready?.alive || this.#disposed) return undefined;
    this.#slots.delete(pages);
    this.#slots.set(pages, slot);
    return slot.ready;
  }

  /**
   * @param {number} pages
   * @returns {Promise<Engine>}
   */
  #acquire(pages) {
    if (this.#disposed) return Promise.reject(new Error('The sandbox has been disposed.'));
    let slot = this.#slots.get(pages);
    if (slot) {
      // Most recently used last, so eviction takes the oldest.
      this.#slots.delete(pages);
      this.#slots.set(pages, slot);
    } else {
      slot = this.#createSlot(pages);
      this.#slots.set(pages, slot);
      this.#evictBeyond(MAX_ENGINES);
    }
    return slot.engine.then((engine) => {
      if (engine.alive) return engine;
      // Recycled while we waited: take the replacement.
      return this.#acquire(pages);
    });
  }

  /**
   * @param {number} pages
   * @returns {TEngineSlot}
   */
  #createSlot(pages) {
    this.#enginesCreated += 1;
    /** @type {TEngineSlot} */
    const slot = { pages, engine: Engine.create(pages) };
    slot.engine.then(
      (engine) => {
        slot.ready = engine;
      },
      () => {
        // A failed creation must not stay cached.
        if (this.#slots.get(pages) === slot) this.#slots.delete(pages);
      },
    );
    return slot;
  }

  /**
   * Throws the engine away and starts building its replacement at once, so the next call for
   * this limit (usually) finds it ready.
   * @param {number} pages
   * @param {Engine} engine
   */
  #recycle(pages, engine) {
    if (this.#slots.get(pages)?.ready === engine) {
      this.#slots.delete(pages);
      if (!this.#disposed) this.#slots.set(pages, this.#createSlot(pages));
    }
    engine.abandon();
  }

  /** @param {number} count */
  #evictBeyond(count) {
    while (this.#slots.size > count) {
      const oldest = this.#slots.values().next().value;
      if (!oldest) return;
      this.#slots.delete(oldest.pages);
      void oldest.engine
        .then((engine) => {
          try {
            engine.dispose();
          } catch {
            this.#disposeErrors += 1;
          }
        })
        .catch(() => undefined);
    }
  }
}

/**
 * The `performance.now()` after which a call starting now is stopped.
 * @param {TExecRequest} request
 */
function untilOf(request) {
  const now = performance.now();
  const limit = now + request.timeoutMs;
  return request.notAfter === undefined ? limit : Math.min(limit, request.notAfter - performance.timeOrigin);
}
