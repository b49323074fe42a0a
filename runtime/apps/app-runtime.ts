/**
 * Runs deployed apps on a node: one shared executor (runtime/executor/run-flow.ts), the app's own
 * storage, and limits per app so that one app failing, looping or flooding never slows another:
 *
 * - time: each block at most `blockMs`, the whole run at most `runMs` (blocks after the deadline
 *   are stopped with a `run_timeout` error); user code gets the smaller of the two as its sandbox
 *   time limit, so the sandbox stops it, not just the run;
 * - memory: user code gets at most `memoryBytes` in the sandbox;
 * - size: a run's payload at most `requestBytes` as JSON (413);
 * - rate: a token bucket per app, `ratePerSecond` with bursts of `burst` (429 + retry time), and
 *   one per visitor of each app (`visitorRatePerSecond`, `visitorBurst`), page views included,
 *   checked first, so that a visitor's flood is refused before it spends the app's rate;
 * - concurrency: at most `concurrentRuns` runs of one app in flight (429), and at most
 *   `concurrentCode` sandbox workers running one app's calls (its lane in the sandbox's pool:
 *   up to CODE_PIPELINE calls per worker are pipelined onto those, the others queue behind its
 *   own), so a looping app can hold at most that many sandbox workers.
 *
 * Every run is logged per app (a ring of the last `logSize` runs) with counters; see run-log.ts.
 * The page-load run (page-load.ts) is cached for `pageLoadCacheMs` and dropped by any run of the app.
 *
 * Apps are identified by a scope: the app's name, or `preview:<id>` for a private preview, so a
 * preview never touches the live app's data, limits or logs.
 */
import { randomUUID } from 'node:crypto';
import type { TTriggerKind } from '@/blocks/core/bundle';
import {
  BlockError,
  type TBlockExecutor,
  type TCodeCapability,
  type TJson,
  type TNetCapability,
  type TSandboxLimits,
  type TStorageCapability,
} from '@/blocks/core/executor';
import type { TRunPlan } from '@/blocks/compiler/plan';
import { BLOCK_EXECUTORS } from '@/blocks/executors';
import { validateFormSubmission } from '@/blocks/form/validate';
import type { TFormField } from '@/blocks/form/form.block';
import { validateHttpInput, type THttpField } from '@/blocks/http-trigger/input';
import { redactSecrets } from '@/runtime/crypto/redact';
import { runFlow, type TRunCapabilities, type TRunTrace } from '@/runtime/executor/run-flow';
import { DEFAULT_LIMITS as SANDBOX_DEFAULTS, type TSharedCode } from '@/runtime/sandbox/sandbox';
import { AppRuntimeError, type TAppErrorCode, type TFieldProblem } from './errors';
import { DEFAULT_APP_LIMITS, Gate, TokenBucket, VisitorBuckets, type TAppLimits } from './limits';
import type { TLoadedApp } from './load';
import { pageDataFromTrace, type TPageData } from './page-data';
import { AppRecord, type TAppStats, type TRunLogEntry } from './run-log';

export interface TAppRuntimeOptions {
  /** The storage of one app scope (see openAppStore). Called once per run that uses storage, when it first does. */
  storage: (scope: string) => TStorageCapability;
  /**
   * Makes the storage ready (a node opens its store on first use: PGlite's first open took 30 s
   * on a loaded machine). Awaited before the run of an app that declares storage starts its
   * clock, so that opening the store is never what stops a visitor's first run.
   */
  prepareStorage?: () => Promise<void>;
  /**
   * The sandbox (getSandbox()); give it more workers than `limits.concurrentCode`. Without
   * `within` (a test double), an app's calls beyond `concurrentCode` wait here instead of being
   * pipelined.
   */
  code: TSharedCode;
  /** The node's network capability; without it, blocks that need the network fail with a clear error. */
  net?: TNetCapability;
  /**
   * The secrets of one app scope (`{{secret.NAME}}`), set on the node for that app when it was
   * deployed (bundles carry none). Called once per run; a run sees only its own scope's secrets,
   * and their values are redacted from its trace, logs and answer.
   */
  secrets?: (scope: string) => ReadonlyMap<string, string> | undefined;
  limits?: Partial<TAppLimits>;
  /** Defaults to every block Poseidon ships. */
  executors?: ReadonlyMap<string, TBlockExecutor>;
  /** Milliseconds, monotonic: the clock of rate limits, page-load caches and run deadlines (tests may drive it). */
  now?: () => number;
}

/**
 * Calls of one app the sandbox may hold per worker of its lane: the one running and the next ones,
 * already posted, so that the worker goes from one to the next without a round trip or a wake-up.
 * As many as an app's runs by default (`concurrentRuns`): under load its worker then seldom runs
 * dry, which served 10-20 % more requests than 4 on two cores (bench/endpoint-vs-nodered.bench.ts),
 * and the calls wait there instead of here, past their run's end never (see `notAfter`).
 */
export const CODE_PIPELINE = 16;

export interface TAppRunOptions {
  /** Whose data, limits and logs: the app's name by default, `preview:<id>` for a preview. */
  scope?: string;
  /**
   * The payload's size in bytes as received (the JSON text of a request body), when known: the
   * size limit is checked on that instead of serializing the payload again.
   */
  bytes?: number;
  /**
   * Who asks: the remote address of the request (never a header a client sets). Each visitor has
   * its own rate per app besides the app's; undefined (the IDE, a test) counts only the app's.
   */
  visitor?: string;
}

export interface TAppRunResult {
  trace: TRunTrace;
  /** What each UI element of the page received in this run (elements the run did not reach are absent). */
  page: TPageData;
  /** The answer of an HTTP trigger: see `runResponse`. */
  response: TJson;
  log: TRunLogEntry;
}

export interface TPageLoadResult {
  page: TPageData;
  /** Null when nothing on the page needs loading. */
  trace: TRunTrace | null;
}

export interface TAppRuntime {
  readonly limits: Readonly<TAppLimits>;
  /** Runs a trigger of the app with a visitor's (or caller's) payload. Throws AppRuntimeError when refused. */
  run(app: TLoadedApp, triggerNodeId: string, payload: TJson | undefined, options?: TAppRunOptions): Promise<TAppRunResult>;
  /**
   * The page-load data (page-load.ts), from the cache when fresh. Throws AppRuntimeError when
   * rate-limited: every call counts against the visitor's rate (a page view is rendered even when
   * its data comes from the cache), a call that runs the page load against the app's too.
   */
  loadPage(app: TLoadedApp, options?: TAppRunOptions): Promise<TPageLoadResult>;
  /** Counts a request refused before it reached the runtime (a body too large, say) and returns the error to send. */
  refuse(scope: string, code: TAppErrorCode, message: string): AppRuntimeError;
  /** The app's last runs, newest first. */
  logs(scope: string): TRunLogEntry[];
  stats(scope: string): TAppStats;
  /** The app's last full traces, newest first. */
  traces(scope: string): TRunTrace[];
  /** Drops everything kept about a scope (a preview that was deleted). */
  forget(scope: string): void;
}

interface TScopeState {
  record: AppRecord;
  bucket: TokenBucket;
  runs: Gate;
  /** The sandbox as this scope's runs use it: in the scope's lane, when the sandbox has lanes. */
  code: TCodeCapability;
  /** The scope's sandbox calls in flight (see CODE_PIPELINE); the others wait here. */
  codeGate: Gate;
  /** Bumped by every run, so a page load started before a run is not cached after it. */
  generation: number;
  pageLoad?: { cid: string; generation: number; expires: number; result: TPageLoadResult };
  pageLoading?: { cid: string; generation: number; promise: Promise<TPageLoadResult> };
}

export function createAppRuntime(options: TAppRuntimeOptions): TAppRuntime {
  const limits: TAppLimits = { ...DEFAULT_APP_LIMITS, ...options.limits };
  const now = options.now ?? (() => performance.now());
  const scopes = new Map<string, TScopeState>();
  const visitors = new VisitorBuckets(limits.visitorRatePerSecond, limits.visitorBurst, limits.visitorTableSize, now);
  const executors = options.executors ?? BLOCK_EXECUTORS;
  const stopped = () => new BlockError(`The run took longer than ${limits.runMs} ms and was stopped.`, { code: 'run_timeout' });

  const stateOf = (scope: string): TScopeState => {
    let state = scopes.get(scope);
    if (!state) {
      state = {
        record: new AppRecord(limits.logSize, limits.traceSize),
        bucket: new TokenBucket(limits.ratePerSecond, limits.burst, now),
        runs: new Gate(limits.concurrentRuns, now),
        code: options.code.within?.({ key: scope, workers: limits.concurrentCode }) ?? options.code,
        codeGate: new Gate(options.code.within ? limits.concurrentCode * CODE_PIPELINE : limits.concurrentCode, now),
        generation: 0,
      };
      scopes.set(scope, state);
    }
    return state;
  };

  const refuse = (state: TScopeState, code: TAppErrorCode, message: string, details?: ConstructorParameters<typeof AppRuntimeError>[2]) => {
    state.record.refuse(code);
    return new AppRuntimeError(code, message, details);
  };

  /** Takes a token of the visitor's bucket (when the request has a visitor), or throws the 429 saying why. */
  const admitVisitor = (state: TScopeState, scope: string, app: TLoadedApp, visitor: string | undefined): void => {
    if (visitor === undefined) return;
    const token = visitors.take(scope, visitor);
    if (token.ok) return;
    throw refuse(
      state,
      'rate_limited',
      `Too many requests from your address to ${app.name}: at most ${limits.visitorRatePerSecond} a second (bursts of ${limits.visitorBurst}). Try again in ${Math.ceil(token.retryAfterMs / 1000)} s.`,
      { retryAfterMs: token.retryAfterMs },
    );
  };

  /** Takes a token and a run slot, or throws the 429 saying why. */
  const admit = (state: TScopeState, app: TLoadedApp): void => {
    const token = state.bucket.take();
    if (!token.ok) {
      throw refuse(
        state,
        'rate_limited',
        `Too many requests to ${app.name}: at most ${limits.ratePerSecond} runs a second (bursts of ${limits.burst}). Try again in ${Math.ceil(token.retryAfterMs / 1000)} s.`,
        { retryAfterMs: token.retryAfterMs },
      );
    }
    if (!state.runs.tryEnter()) {
      throw refuse(state, 'app_busy', `${app.name} is busy with ${limits.concurrentRuns} runs already; try again shortly.`, {
        retryAfterMs: 1000,
      });
    }
  };

  const execute = async (
    state: TScopeState,
    scope: string,
    app: TLoadedApp,
    plan: TRunPlan,
    graph: TLoadedApp['validated']['graph'],
    payload: TJson | undefined,
  ): Promise<TRunTrace> => {
    const runId = randomUUID();
    if (options.prepareStorage && app.manifest.capabilities.includes('storage')) await options.prepareStorage();
    const deadline = now() + limits.runMs;
    state.record.running += 1;
    try {
      // Bundles carry no secrets: an app reads those the node holds for its own scope, and nothing
      // else. Inside the try: a scope whose secrets cannot be read still gives its run slot back.
      const secrets = options.secrets?.(scope);
      const values = secrets ? [...secrets.values()] : [];
      const redact = values.length > 0 ? (value: unknown) => redactSecrets(value, values) : undefined;
      const trace = await runFlow({
        validated:
          app.validated.graph === graph ? app.validated : { graph, definitions: app.validated.definitions, configs: app.validated.configs },
        plan,
        executors,
        capabilities: new RunCapabilities(() => options.storage(scope), options.net, scopedCode(state, limits, deadline, now), secrets),
        payload,
        blockTimeoutMs: limits.blockMs,
        deadline: { at: deadline, now, stopped },
        runId,
        ...(redact ? { redact } : {}),
      });
      if (!redact) return trace;
      // Inputs and outputs are redacted as they are recorded; the messages of diagnostics and
      // block logs here (messages only: the trace's own fields are not the app's data).
      const text = (message: string) => redact(message) as string;
      return {
        ...trace,
        nodes: trace.nodes.map((node) => ({
          ...node,
          diagnostics: node.diagnostics.map((d) => ({ ...d, message: text(d.message) })),
          logs: node.logs.map((entry) => ({ ...entry, message: text(entry.message) })),
        })),
      };
    } finally {
      state.record.running -= 1;
      state.runs.leave();
    }
  };

  return {
    limits,

    async run(app, triggerNodeId, payload, runOptions = {}) {
      const scope = runOptions.scope ?? app.name;
      const state = stateOf(scope);
      state.record.requests += 1;
      const loaded = app.triggers.get(triggerNodeId);
      if (!loaded) throw refuse(state, 'unknown_trigger', `${app.name} has no trigger "${triggerNodeId}".`);
      const size = runOptions.bytes ?? jsonBytes(payload ?? null);
      if (size > limits.requestBytes) {
        throw refuse(state, 'too_large', `The request is ${size} bytes; ${app.name} accepts at most ${limits.requestBytes} bytes.`);
      }
      const problem = payloadProblem(loaded.trigger.kind, loaded.config, payload);
      if (problem) throw refuse(state, problem.code, problem.message, { field: problem.fields[0]?.field, fields: problem.fields });
      admitVisitor(state, scope, app, runOptions.visitor);
      admit(state, app);
      const trace = await execute(state, scope, app, loaded.plan, app.validated.graph, payload);
      // What the run wrote shows on the next page load (one already under way is not cached).
      state.generation += 1;
      state.pageLoad = undefined;
      const log = state.record.finish(trace, loaded.trigger.kind);
      let page: TPageData | undefined;
      return {
        trace,
        // Only forms and buttons answer with the page: an API call never reads it.
        get page() {
          page ??= pageDataFromTrace(app, trace);
          return page;
        },
        response: runResponse(trace, loaded.plan),
        log,
      };
    },

    async loadPage(app, runOptions = {}) {
      const scope = runOptions.scope ?? app.name;
      const state = stateOf(scope);
      try {
        admitVisitor(state, scope, app, runOptions.visitor);
      } catch (error) {
        state.record.requests += 1; // counted with its refusal (a page view served is not a request)
        throw error;
      }
      const load = app.page.load;
      if (load.steps.length === 0) return { page: {}, trace: null };
      const cached = state.pageLoad;
      if (cached && cached.cid === app.cid && cached.generation === state.generation && cached.expires > now()) return cached.result;
      const loading = state.pageLoading;
      if (loading && loading.cid === app.cid && loading.generation === state.generation) return loading.promise;

      state.record.requests += 1;
      admit(state, app);
      const generation = state.generation;
      const promise = (async (): Promise<TPageLoadResult> => {
        const trace = await execute(state, scope, app, { triggerId: null, steps: load.steps }, load.graph, undefined);
        state.record.finish(trace, 'load');
        const result = { page: pageDataFromTrace(app, trace), trace };
        if (state.generation === generation) {
          state.pageLoad = { cid: app.cid, generation, expires: now() + limits.pageLoadCacheMs, result };
        }
        return result;
      })();
      state.pageLoading = { cid: app.cid, generation, promise };
      try {
        return await promise;
      } finally {
        if (state.pageLoading?.promise === promise) state.pageLoading = undefined;
      }
    },

    refuse(scope, code, message) {
      const state = stateOf(scope);
      state.record.requests += 1;
      return refuse(state, code, message);
    },

    logs: (scope) => (scopes.get(scope)?.record.log.toArray() ?? []).reverse(),
    stats: (scope) => stateOf(scope).record.stats(),
    traces: (scope) => (scopes.get(scope)?.record.traces.toArray() ?? []).reverse(),
    forget: (scope) => void scopes.delete(scope),
  };
}

/**
 * THE RESPONSE RULE of an HTTP trigger: the output of the last block of the run's plan that
 * produced one (plan order; skipped and failed blocks produced none). Its `out` port when it has
 * one (Code, Expression, Collection, HTTP request, ...), else the object of all its outputs
 * (`{ "true": ... }` from a Condition). With no such block after the trigger, the trigger's own
 * output: the request, echoed. Null when nothing produced anything.
 */
export function runResponse(trace: TRunTrace, plan: TRunPlan): TJson {
  // runFlow records one node per step, in plan order: look them up by id only if that is not so.
  const inOrder = trace.nodes.length === plan.steps.length && trace.nodes.every((node, i) => node.nodeId === plan.steps[i]);
  const byId = inOrder ? undefined : new Map(trace.nodes.map((node) => [node.nodeId, node]));
  for (let i = plan.steps.length - 1; i >= 0; i--) {
    const node = byId ? byId.get(plan.steps[i]!) : trace.nodes[i];
    if (node?.status !== 'ok' || Object.keys(node.outputs).length === 0) continue;
    return (Object.hasOwn(node.outputs, 'out') ? node.outputs.out : node.outputs) as TJson;
  }
  return null;
}

/** Why a payload does not fit its trigger (forms: the form's fields; HTTP: the endpoint's fields). */
function payloadProblem(
  kind: TTriggerKind,
  config: Record<string, unknown>,
  payload: TJson | undefined,
): { code: 'invalid_request' | 'invalid_submission'; message: string; fields: TFieldProblem[] } | undefined {
  const diagnostics =
    kind === 'form'
      ? validateFormSubmission(config.fields as TFormField[], payload ?? {})
      : kind === 'http'
        ? validateHttpInput(config.fields as THttpField[], payload ?? {})
        : [];
  if (diagnostics.length === 0) return undefined;
  return {
    code: kind === 'form' ? 'invalid_submission' : 'invalid_request',
    message: diagnostics.map((d) => d.message).join(' '),
    fields: diagnostics.filter((d) => d.path).map((d) => ({ field: d.path!, message: d.message })),
  };
}

function jsonBytes(value: TJson): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY; // a cycle: not JSON, and never accepted
  }
}

/**
 * What one run may hand its blocks. Storage is built on first use: most runs (an endpoint doing
 * only code) never touch it, and building it costs more than the rest of such a run's setup. A
 * class, so every run's is one small object of the same shape.
 */
class RunCapabilities implements TRunCapabilities {
  private built: TStorageCapability | undefined;

  constructor(
    private readonly openStorage: () => TStorageCapability,
    readonly net: TNetCapability | undefined,
    readonly code: TCodeCapability,
    private readonly secrets: ReadonlyMap<string, string> | undefined,
  ) {}

  get storage(): TStorageCapability {
    this.built ??= this.openStorage();
    return this.built;
  }

  secret(name: string): string | undefined {
    return this.secrets?.get(name);
  }
}

/**
 * The app's view of the sandbox for one run: its calls wait for the app's own code slots (never
 * for another app's), and each gets the smaller of its own limit, the block limit and what is
 * left of the run as its time limit, and at most the app's memory.
 */
function scopedCode(state: TScopeState, limits: TAppLimits, deadline: number, now: () => number): TCodeCapability {
  const { code, codeGate: gate } = state;
  const within = async <T>(requested: Partial<TSandboxLimits> | undefined, call: (limits: Partial<TSandboxLimits>) => Promise<T>) => {
    // A free slot is taken at once; only a call that must wait awaits one.
    if (!gate.tryEnter() && !(await gate.enter(deadline - now()))) {
      throw new BlockError(`The run used its ${limits.runMs} ms before this code could start.`, { code: 'run_timeout' });
    }
    try {
      const left = deadline - now();
      if (left < 1) throw new BlockError(`The run used its ${limits.runMs} ms before this code could start.`, { code: 'run_timeout' });
      return await call({
        timeoutMs: Math.min(requested?.timeoutMs ?? SANDBOX_DEFAULTS.timeoutMs, limits.blockMs, Math.floor(left)),
        memoryBytes: Math.min(requested?.memoryBytes ?? limits.memoryBytes, limits.memoryBytes),
        // A call pipelined behind others of the app may start late: it must still end with the run.
        notAfter: performance.timeOrigin + performance.now() + left,
      });
    } finally {
      gate.leave();
    }
  };
  return {
    run: (source, input, requested, options) => within(requested, (l) => code.run(source, input, l, options)),
    evaluate: (expression, scope, requested) => within(requested, (l) => code.evaluate(expression, scope, l)),
    evaluateEach: (expression, items, scope, requested) => within(requested, (l) => code.evaluateEach(expression, items, scope, l)),
  };
}
