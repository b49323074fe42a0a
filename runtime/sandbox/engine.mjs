// @ts-check
/**
 * One QuickJS instance: its own WebAssembly instance and fixed-size WebAssembly.Memory, one
 * runtime, one hardened context (see prelude.mjs) and a cache of compiled user functions.
 *
 * Plain JavaScript (types in JSDoc, from protocol.ts) because it runs inside worker threads, which
 * must load under plain `node`, tsx, Vitest and the Next.js server alike (see README.md).
 *
 * Why a fixed-size memory: QuickJS's `setMemoryLimit` counts bytes through
 * `malloc_usable_size`, which the Emscripten build of QuickJS reports as 0, so only single
 * allocations larger than the limit are refused; many small ones are not counted and a loop of
 * `push` grew one runtime to 2 GB under a 16 MB limit. A WebAssembly.Memory whose `maximum` is
 * the limit plus the engine's own base size cannot grow past it whatever QuickJS counts: `malloc`
 * returns NULL and QuickJS throws "out of memory". We set both: the memory maximum is the real
 * cap, `setMemoryLimit` refuses one huge allocation before the heap grows for it.
 *
 * Every call is synchronous from start to end (no await inside), so calls on one engine never
 * interleave.
 */
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';
import { PRELUDE_FILENAME, PRELUDE_SOURCE } from './prelude.mjs';

/** @typedef {import('./protocol').TFailure} TFailure */
/** @typedef {import('./protocol').TOutcome} TOutcome */
/** @typedef {import('./protocol').TJob} TJob */
/** @typedef {import('./protocol').TEngineStats} TEngineStats */
/** @typedef {import('quickjs-emscripten-core').QuickJSContext} QuickJSContext */
/** @typedef {import('quickjs-emscripten-core').QuickJSRuntime} QuickJSRuntime */
/** @typedef {import('quickjs-emscripten-core').QuickJSHandle} QuickJSHandle */
/** @typedef {{ compile: QuickJSHandle; call: QuickJSHandle; each: QuickJSHandle; takeLogs: QuickJSHandle }} TRunner */

export const MB = 1024 * 1024;
const WASM_PAGE_BYTES = 64 * 1024;
/** The QuickJS wasm imports a memory of at least 256 pages (16 MB). */
const WASM_MIN_PAGES = 256;
/**
 * What the engine itself occupies before user code runs: the 5 MB C stack the module was built
 * with, static data, and the runtime, context and frozen intrinsics (~0.5 MB). The memory's
 * maximum is the user's limit plus this, so the user gets (about) the limit they were given.
 */
export const ENGINE_BASE_BYTES = 6 * MB;
/**
 * QuickJS's own stack check. The interpreter's C frames live on V8's native stack as wasm frames
 * (~1 MB usable: the pool gives its workers the main thread's stack size); with a larger QuickJS
 * limit V8 overflows first and throws a host RangeError through the wasm, which leaves the
 * instance unusable. 256 KB allows ~1,400 nested JS calls. Deep recursion inside C builtins
 * (JSON.parse of 100k nested arrays) can still hit V8's limit first: that is caught and the engine
 * is thrown away (see `exec`).
 */
const QUICKJS_STACK_BYTES = 256 * 1024;
/** After a call, an engine whose heap reached within this of its maximum is replaced. */
const NEAR_FULL_BYTES = 1 * MB;
const COMPILE_CACHE_SIZE = 128;
/** How many grows the Emscripten glue of quickjs-emscripten 0.32 tries before malloc fails. */
const GROW_ATTEMPTS = 3;

/** @param {number} limitBytes */
export function memoryPagesFor(limitBytes) {
  return Math.max(WASM_MIN_PAGES, Math.ceil((limitBytes + ENGINE_BASE_BYTES) / WASM_PAGE_BYTES));
}

/** @type {Promise<WebAssembly.Module | undefined> | undefined} */
let wasmModulePromise;

/**
 * Compiles the QuickJS wasm once per thread; each engine then only instantiates it (~3 ms
 * instead of ~12 ms). If the file cannot be located (for example inside a bundle), each engine
 * lets the variant load it itself.
 * @returns {Promise<WebAssembly.Module | undefined>}
 */
function compiledWasm() {
  wasmModulePromise ??= (async () => {
    try {
      const [{ createRequire }, { readFile }] = await Promise.all([import('node:module'), import('node:fs/promises')]);
      const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
      return await WebAssembly.compile(await readFile(path));
    } catch {
      return undefined;
    }
  })();
  return wasmModulePromise;
}

export class Engine {
  /** False once disposed or abandoned; a caller holding it must get another. */
  alive = true;
  /** Set when the engine must not run another call (timeout, memory, fault, leftovers). */
  mustRecycle = false;
  calls = 0;
  /**
   * A host exception went through the wasm: the instance's C state is unknown; never touch it
   * again.
   */
  broken = false;
  /** Tests only (a host with test hooks): the interrupt handler lets the current call run on. */
  ignoreInterrupts = false;

  #deadline = Number.POSITIVE_INFINITY;
  #interrupted = false;
  /** The heap tried to grow past its maximum (perhaps only to over-allocate). */
  #capReached = false;
  /** An allocation really failed: every grow attempt of one resize was refused. */
  #allocationFailed = false;
  #failedGrows = 0;
  #memoryLimit = -1;
  /** @type {Map<string, QuickJSHandle>} */
  #cache = new Map();
  /** @type {WebAssembly.Memory} */
  #memory;
  /** @type {QuickJSRuntime} */
  #rt;
  /** @type {QuickJSContext} */
  #ctx;
  /** @type {TRunner} */
  #runner;
  /** @readonly @type {number} */
  maxBytes;

  /**
   * Use `Engine.create`.
   * @param {number} maxBytes
   * @param {WebAssembly.Memory} memory
   * @param {QuickJSRuntime} rt
   * @param {QuickJSContext} ctx
   * @param {TRunner} runner
   */
  constructor(maxBytes, memory, rt, ctx, runner) {
    this.maxBytes = maxBytes;
    this.#memory = memory;
    this.#rt = rt;
    this.#ctx = ctx;
    this.#runner = runner;
    // Emscripten grows the heap by calling memory.grow from JS. To over-allocate it first asks
    // for 20%, then 10%, then 5% more than needed; a grow past the maximum throws, and when all
    // GROW_ATTEMPTS are refused malloc returns NULL. Watching this tells us the heap hit its cap
    // even when QuickJS swallows the failure (an out-of-memory inside a promise job silently
    // drops the job), so such a call fails with the memory error and its engine is replaced.
    const grow = memory.grow.bind(memory);
    memory.grow = (/** @type {number} */ delta) => {
      try {
        const previous = grow(delta);
        this.#failedGrows = 0;
        return previous;
      } catch (error) {
        this.#capReached = true;
        this.#failedGrows += 1;
        if (this.#failedGrows >= GROW_ATTEMPTS) this.#allocationFailed = true;
        throw error;
      }
    };
    rt.setInterruptHandler(() => {
      if (performance.now() <= this.#deadline || this.ignoreInterrupts) return false;
      this.#interrupted = true;
      return true;
    });
  }

  /**
   * @param {number} maxPages
   * @returns {Promise<Engine>}
   */
  static async create(maxPages) {
    const memory = new WebAssembly.Memory({ initial: WASM_MIN_PAGES, maximum: maxPages });
    const wasmModule = await compiledWasm();
    const variant = newVariant(releaseSyncVariant, wasmModule ? { wasmMemory: memory, wasmModule } : { wasmMemory: memory });
    const quickjs = await newQuickJSWASMModuleFromVariant(variant);
    if (quickjs.getWasmMemory() !== memory) {
      throw new Error('QuickJS did not take the fixed-size WebAssembly.Memory; the memory limit would not hold.');
    }
    const rt = quickjs.newRuntime();
    rt.setMaxStackSize(QUICKJS_STACK_BYTES);
    const ctx = rt.newContext();
    const result = ctx.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME, { type: 'global', strict: true });
    if (result.error) {
      const detail = JSON.stringify(ctx.dump(result.error));
      result.error.dispose();
      ctx.dispose();
      rt.dispose();
      throw new Error(`Sandbox prelude failed: ${detail}`);
    }
    const runnerHandle = result.value;
    const runner = {
      compile: ctx.getProp(runnerHandle, 'compile'),
      call: ctx.getProp(runnerHandle, 'call'),
      each: ctx.getProp(runnerHandle, 'each'),
      takeLogs: ctx.getProp(runnerHandle, 'takeLogs'),
    };
    runnerHandle.dispose();
    return new Engine(maxPages * WASM_PAGE_BYTES, memory, rt, ctx, runner);
  }

  get heapBytes() {
    return this.#memory.buffer.byteLength;
  }

  /**
   * Whether strings of these lengths can surely be copied in. quickjs-emscripten copies a string
   * into the heap with an unchecked `malloc`; on NULL it would write at address 0. The heap can
   * always grow by what is left up to the maximum, so that much room guarantees the copy; an
   * engine with less is replaced before the call (its old calls' garbage may fill the heap).
   * @param {string[]} texts
   */
  hasRoomFor(...texts) {
    // A fresh engine uses only its base size; the rest of its first 16 MB is free.
    const used = this.calls === 0 ? ENGINE_BASE_BYTES : this.heapBytes;
    const room = this.maxBytes - used - NEAR_FULL_BYTES;
    let upperBound = 0;
    for (const text of texts) upperBound += text.length * 3;
    if (upperBound <= room) return true;
    let exact = 0;
    for (const text of texts) exact += Buffer.byteLength(text, 'utf8') + 1;
    return exact <= room;
  }

  /**
   * Runs one job to the end, synchronously. Never throws for anything user code does.
   * @param {TJob} job
   * @param {number} deadline `performance.now()` value after which the interrupt handler stops the code
   * @param {number} memoryLimitBytes
   * @returns {TOutcome}
   */
  exec(job, deadline, memoryLimitBytes) {
    if (!this.alive) throw new Error('Engine is disposed');
    this.calls += 1;
    this.#interrupted = false;
    if (memoryLimitBytes !== this.#memoryLimit) {
      this.#rt.setMemoryLimit(memoryLimitBytes);
      this.#memoryLimit = memoryLimitBytes;
    }
    this.#deadline = deadline;
    /** @type {TOutcome} */
    let outcome;
    try {
      outcome = this.#execInner(job);
    } catch (error) {
      // A host exception thrown through wasm frames: V8's own stack overflow, or an abort.
      this.broken = true;
      outcome = { ok: false, failure: this.#faultFailure(error) };
    } finally {
      this.#deadline = Number.POSITIVE_INFINITY;
    }
    // QuickJS turns even an interrupt inside a promise job into a mere rejection; whatever the
    // code made of it, a call that was interrupted ran out of time.
    if (this.#interrupted) outcome = { ok: false, failure: { kind: 'timeout' } };
    else if (this.#allocationFailed && (outcome.ok || outcome.failure.kind !== 'memory')) {
      outcome = { ok: false, failure: { kind: 'memory' } };
    }
    const logs = this.#takeLogs(outcome);
    if (logs) outcome = { ...outcome, logs };
    if (this.broken || this.#capReached || (!outcome.ok && outcome.failure.kind !== 'user')) this.mustRecycle = true;
    else if (this.#rt.hasPendingJob()) this.mustRecycle = true;
    else if (this.#memory.buffer.byteLength >= this.maxBytes - NEAR_FULL_BYTES) this.mustRecycle = true;
    return outcome;
  }

  /**
   * What console.* wrote during the call (JSON text, '' for nothing), read after it: after a time-out
   * too (the deadline is over, so the read is not interrupted), but never from an engine that is
   * broken or out of memory, which must not run anything more.
   * @param {TOutcome} outcome
   * @returns {string}
   */
  #takeLogs(outcome) {
    if (this.broken || this.#allocationFailed || this.#capReached) return '';
    if (!outcome.ok && outcome.failure.kind !== 'user' && outcome.failure.kind !== 'timeout') return '';
    const ctx = this.#ctx;
    const result = ctx.callFunction(this.#runner.takeLogs, ctx.undefined, []);
    if (result.error) {
      result.error.dispose();
      return '';
    }
    try {
      return ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '';
    } finally {
      result.value.dispose();
    }
  }

  /**
   * @param {TJob} job
   * @returns {TOutcome}
   */
  #execInner(job) {
    const fn = this.#compiled(job);
    if (!('handle' in fn)) return fn;
    const ctx = this.#ctx;
    const payload = ctx.newString(job.payload);
    const target = job.mode === 'call' ? this.#runner.call : this.#runner.each;
    const result = ctx.callFunction(target, ctx.undefined, [fn.handle, payload]);
    payload.dispose();
    if (result.error) return this.#escaped(result.error);
    const value = result.value;
    try {
      if (ctx.typeof(value) === 'string') {
        const drained = this.#drainJobs();
        if (drained) return { ok: false, failure: drained };
        return this.#parseReply(ctx.getString(value));
      }
      // A promise (async code): run the jobs until it settles.
      const drained = this.#drainJobs();
      if (drained) return { ok: false, failure: drained };
      const state = ctx.getPromiseState(value);
      if (state.type === 'pending') {
        return { ok: false, failure: { kind: 'user', phase: 'result', notJson: 'a promise that never settles' } };
      }
      if (state.type === 'rejected') {
        // The runner turns rejections into failure strings; only uncatchable errors land here.
        return this.#escaped(state.error);
      }
      const settled = state.value;
      try {
        return this.#parseReply(ctx.getString(settled));
      } finally {
        settled.dispose();
      }
    } finally {
      value.dispose();
    }
  }

  /**
   * The compiled function for this job, from the cache or compiled now (under the deadline).
   * @param {TJob} job
   * @returns {{ handle: QuickJSHandle } | TOutcome}
   */
  #compiled(job) {
    const key = job.key ?? `${job.isAsync ? 'a' : 's'}${job.params.join(',')}\u0000${job.body}`;
    const cache = this.#cache;
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key);
      cache.set(key, cached);
      return { handle: cached };
    }
    const ctx = this.#ctx;
    const params = ctx.newString(JSON.stringify(job.params));
    const body = ctx.newString(job.body);
    const result = ctx.callFunction(this.#runner.compile, ctx.undefined, [params, body, job.isAsync ? ctx.true : ctx.false]);
    params.dispose();
    body.dispose();
    if (result.error) return this.#escaped(result.error);
    const handle = result.value;
    if (ctx.typeof(handle) === 'string') {
      const reply = ctx.getString(handle);
      handle.dispose();
      return this.#parseReply(reply);
    }
    cache.set(key, handle);
    if (cache.size > COMPILE_CACHE_SIZE) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) {
        cache.get(oldest)?.dispose();
        cache.delete(oldest);
      }
    }
    return { handle };
  }

  /**
   * @param {string} reply
   * @returns {TOutcome}
   */
  #parseReply(reply) {
    if (reply.charCodeAt(0) === 48 /* "0" */) return { ok: true, json: reply.slice(1) };
    /** @type {Omit<Extract<TFailure, { kind: 'user' }>, 'kind'>} */
    const descriptor = JSON.parse(reply.slice(1));
    if (descriptor.name === 'InternalError' && descriptor.message === 'out of memory') return { ok: false, failure: { kind: 'memory' } };
    if (descriptor.name === 'InternalError' && descriptor.message === 'stack overflow') {
      return { ok: false, failure: descriptor.stack ? { kind: 'stack', stack: descriptor.stack } : { kind: 'stack' } };
    }
    return { ok: false, failure: { kind: 'user', ...descriptor } };
  }

  /** @returns {TFailure | undefined} */
  #drainJobs() {
    while (this.#rt.hasPendingJob()) {
      const result = this.#rt.executePendingJobs(-1);
      if (result.error) {
        const outcome = this.#escaped(result.error);
        return outcome.ok ? undefined : outcome.failure;
      }
    }
    return undefined;
  }

  /**
   * An error that got past the runner's own catch: interrupt, out of memory, stack overflow.
   * @param {QuickJSHandle} error
   * @returns {TOutcome}
   */
  #escaped(error) {
    let message = '';
    try {
      if (!this.#interrupted) {
        const dumped = /** @type {unknown} */ (this.#ctx.dump(error));
        if (dumped && typeof dumped === 'object' && 'message' in dumped) message = String(dumped.message);
        else message = String(dumped);
      }
    } catch {
      message = '';
    } finally {
      error.dispose();
    }
    if (this.#interrupted) return { ok: false, failure: { kind: 'timeout' } };
    if (message === 'out of memory' || this.#allocationFailed) {
      return { ok: false, failure: { kind: 'memory' } };
    }
    if (message === 'stack overflow') return { ok: false, failure: { kind: 'stack' } };
    return { ok: false, failure: { kind: 'internal', message: message || 'unknown error' } };
  }

  /**
   * @param {unknown} error
   * @returns {TFailure}
   */
  #faultFailure(error) {
    if (this.#interrupted) return { kind: 'timeout' };
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { kind: 'stack' };
    if (this.#allocationFailed) return { kind: 'memory' };
    return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
  }

  /** @returns {TEngineStats} */
  stats() {
    const base = { maxBytes: this.maxBytes, heapBytes: this.heapBytes, calls: this.calls, compiled: this.#cache.size };
    if (!this.alive || this.broken) return { ...base, objects: -1, allocations: -1 };
    const handle = this.#rt.computeMemoryUsage();
    const usage = /** @type {{ obj_count: number; malloc_count: number }} */ (this.#ctx.dump(handle));
    handle.dispose();
    return { ...base, objects: usage.obj_count, allocations: usage.malloc_count };
  }

  /**
   * Drops an engine that is being replaced, without calling into it: after a timeout, an
   * out-of-memory or a host fault its C state may be inconsistent (QuickJS can leak objects when
   * an allocation fails, and then asserts when the runtime is freed). Nothing outside the
   * WebAssembly instance refers to its memory, so the whole instance goes when collected.
   */
  abandon() {
    this.alive = false;
    this.#cache.clear();
  }

  /**
   * Frees every handle, the context and the runtime. A broken instance is only dropped.
   * Throws if QuickJS reports a leak (a handle we forgot), so tests see it.
   */
  dispose() {
    if (!this.alive) return;
    this.alive = false;
    if (this.broken) return;
    for (const handle of this.#cache.values()) handle.dispose();
    this.#cache.clear();
    this.#runner.compile.dispose();
    this.#runner.call.dispose();
    this.#runner.each.dispose();
    this.#runner.takeLogs.dispose();
    this.#ctx.dispose();
    this.#rt.dispose();
  }
}
