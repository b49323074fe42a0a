/**
 * The HTTP face of the apps a node serves. Mounted by the node's HTTP server: `handle` answers
 * `/apps/*` and `/preview/*` and returns false for any other URL.
 *
 *   GET  /apps/<name>/                 the generated page (server-rendered; page-load data)
 *   POST /apps/<name>/api/<trigger>    run a trigger: an HTTP endpoint by its path, a form or
 *                                      button by its node id. JSON in, JSON out; forms and buttons
 *                                      also take a classic form post (no JavaScript) and redirect
 *                                      back to the page (303), or show it again with the errors.
 *   GET  /apps/<name>/api/<path>       an HTTP endpoint configured for GET: query -> fields
 *   /preview/<id>/...                  the same for a private preview (own data, noindex)
 *   GET  /preview/<id>/trace           the preview's last runs, for the IDE
 *
 * Answers of the API: an HTTP endpoint answers with the output of the last block of its run
 * (runResponse in app-runtime.ts); a form or button with `{ ok, runId, page }`, the page data
 * after the run (plus `sections`, the re-rendered display elements, when the request has
 * `X-Poseidon-Sections: 1`: what the page's script swaps in). Refusals and failures are JSON
 * `{ error: { code, message, field?, fields?, nodeId? } }`: 400 (the field named), 404, 405, 413,
 * 415, 429 (with Retry-After), 500 or 504 (a block failed or ran out of time). Never a stack trace.
 * HTTP endpoints answer any origin (CORS `*`, preflight included): they are the app's public API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZAppName } from '@/blocks/core/bundle';
import type { TJson } from '@/blocks/core/executor';
import type { TPageRenderer } from '@/blocks/core/page';
import type { TFormField } from '@/blocks/form/form.block';
import { inputFromQuery, type THttpField } from '@/blocks/http-trigger/input';
import type { TAppRunResult, TAppRuntime } from '@/runtime/apps/app-runtime';
import { AppRuntimeError } from '@/runtime/apps/errors';
import { AppLoadError, createAppLoader, type TAppBundle, type TAppLoader, type TLoadedApp } from '@/runtime/apps/load';
import { mergePageData, type TPageData } from '@/runtime/apps/page-data';
import { isDisplay } from '@/runtime/apps/page-load';
import { previewScope } from '@/runtime/apps/scope';
import type { TRunTrace } from '@/runtime/executor/run-flow';
import { mediaType, newNonce, readBody, redirect, sendHtml, sendJson, type TCommonHeaders } from './http';
import { CLIENT_ASSET_DIRECTORY, createClientAssets, serveClientAsset, type TClientAssets } from './client-assets';
import { PageBudgetError, renderMessagePage, renderPage, renderSections, type TFormState, type TPageBudget } from './page';

type TMaybePromise<T> = T | Promise<T>;

export interface TGatewayOptions {
  /** The bundle currently published under an app name, verified; null when there is none. */
  resolveApp(name: string): TMaybePromise<TAppBundle | null>;
  /** A private preview's bundle by its id; null when there is none. */
  resolvePreview(id: string): TMaybePromise<TAppBundle | null>;
  runtime: TAppRuntime;
  /** Defaults to a loader caching the last 128 CIDs. */
  loader?: TAppLoader;
  /**
   * Origins that may show a preview in a frame: the IDE's (its preview pane is an iframe). None by
   * default. Live apps are never framed (`frame-ancestors 'none'`): see TCommonHeaders.
   */
  previewFrameAncestors?: readonly string[];
  /** Each page's render budget; defaults to DEFAULT_PAGE_BUDGET (page.ts). */
  pageBudget?: TPageBudget;
  /** Page renderers by `type@version`; defaults to blocks/renderers.ts. */
  renderers?: ReadonlyMap<string, TPageRenderer>;
  /** Client bundles served under /apps/_client/; defaults to the ones the project builds (client-assets.ts). */
  clientAssets?: TClientAssets;
  /** A clock in ms for the render budget (tests); defaults to performance.now. */
  now?: () => number;
  /** Unexpected errors (a bug, a broken store): logged by the node, never shown to visitors. */
  onError?: (error: unknown, request: { method: string; url: string }) => void;
}

export interface TGateway {
  /**
   * Answers the request when its URL is under /apps/ or /preview/ (true), else leaves it alone
   * (false). `url`: the request's URL when the server has parsed it already.
   */
  handle(req: IncomingMessage, res: ServerResponse, url?: URL): Promise<boolean>;
}

const PREVIEW_ID = /^[A-Za-z0-9_-]{1,128}$/;
const TIMEOUT_CODES = new Set(['block_timeout', 'run_timeout', 'sandbox_timeout']);

interface TTarget {
  app: TLoadedApp;
  scope: string;
  base: string;
  preview: boolean;
  /**
   * The remote address: whom the visitor rate limit counts. The node serves visitors directly, so
   * this is the client's own address, never a forwarded header it could set.
   */
  visitor: string;
}

interface TGatewayRoute {
  /** Segments after the app's address, `/`-separated; `:name` captures one (decoded); '' is the page. */
  path: string;
  /** The methods it answers (405 with Allow otherwise), or 'any' when the route decides (an endpoint's method). */
  methods: readonly string[] | 'any';
  /** How its refusals are written: an HTML page or a JSON error. */
  answers: 'html' | 'json';
  /** Only under /preview/ (the IDE's view of a preview's runs). */
  previewOnly?: boolean;
  /** The 405 message of an HTML route. */
  notAllowed?: string;
  handle(request: {
    req: IncomingMessage;
    res: ServerResponse;
    url: URL;
    target: TTarget;
    params: Record<string, string>;
  }): Promise<void> | void;
}

/** The first route whose path matches `segments` (the URL's segments after the app's address). */
function matchRoute(
  routes: readonly { route: TGatewayRoute; segments: string[] }[],
  segments: readonly string[],
  preview: boolean,
): { route: TGatewayRoute; params: Record<string, string> } | undefined {
  for (const { route, segments: pattern } of routes) {
    if (route.previewOnly && !preview) continue;
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith(':')) return part === segment;
      if (segment === '') return false;
      params[part.slice(1)] = safeDecode(segment);
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

export function createGateway(options: TGatewayOptions): TGateway {
  const loader = options.loader ?? createAppLoader();
  const clientAssets = options.clientAssets ?? createClientAssets();
  const previewAncestors = options.previewFrameAncestors?.length ? options.previewFrameAncestors.join(' ') : "'none'";
  /** The headers of every answer to an app's or a preview's address (HTML ones framed as the area allows). */
  const headersFor = (preview: boolean): TCommonHeaders => (preview ? { preview, frameAncestors: previewAncestors } : { preview });
  const { runtime } = options;

  /**
   * What the gateway answers under an app's address (`/apps/<name>/` or `/preview/<id>/`), in
   * the order tried: one line per route, like the node's control routes (runtime/node/http.ts).
   */
  const routes: readonly TGatewayRoute[] = [
    {
      path: '',
      methods: ['GET', 'HEAD'],
      answers: 'html',
      notAllowed: 'This address only shows the page.',
      handle: (r) => servePage(r.req, r.res, r.target, r.url),
    },
    { path: 'api/:path', methods: 'any', answers: 'json', handle: (r) => serveApi(r.req, r.res, r.target, r.params.path!, r.url) },
    { path: 'trace', methods: ['GET'], answers: 'json', previewOnly: true, handle: (r) => serveTrace(r.res, r.target) },
  ];
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/') }));

  return {
    async handle(req, res, parsed) {
      const url = parsed ?? new URL(req.url ?? '/', 'http://gateway.invalid');
      const parts = url.pathname.split('/');
      const area = parts[1];
      if (area !== 'apps' && area !== 'preview') return false;
      const preview = area === 'preview';
      const headers = headersFor(preview);
      if (area === 'apps' && parts[2] === CLIENT_ASSET_DIRECTORY) {
        serveClientAsset(req, res, parts.slice(3), clientAssets);
        return true;
      }
      const matched = matchRoute(compiled, parts.slice(3), preview);
      const wantsJson = matched?.route.answers === 'json';
      const notFound = (message: string) =>
        wantsJson ? sendJson(res, 404, { error: { code: 'not_found', message } }, headers) : page(res, 404, 'Not found', message, headers);

      try {
        const id = safeDecode(parts[2] ?? '');
        const validId = preview ? PREVIEW_ID.test(id) : ZAppName.safeParse(id).success;
        if (!validId) {
          notFound(preview ? 'There is no such preview.' : 'There is no app at this address.');
          return true;
        }
        if (parts.length === 3) {
          // `/apps/<name>` -> `/apps/<name>/`, so the page's relative addresses resolve under it.
          redirect(res, 308, `/${area}/${id}/${url.search}`, headers);
          return true;
        }
        const bundle = await (preview ? options.resolvePreview(id) : options.resolveApp(id));
        if (!bundle || (!preview && bundle.manifest.app.name !== id)) {
          notFound(preview ? 'There is no such preview (it may have expired).' : `No app named "${id}" is published on this node.`);
          return true;
        }
        let app: TLoadedApp;
        try {
          app = loader.load(bundle);
        } catch (error) {
          if (!(error instanceof AppLoadError)) throw error;
          const details = preview ? error.diagnostics.map((d) => d.message) : [];
          if (wantsJson) {
            sendJson(res, 503, { error: { code: 'app_cannot_run', message: 'This app cannot run on this node.', details } }, headers);
          } else {
            page(
              res,
              503,
              'This app cannot run here',
              'This version of the app does not validate on this node, so it is not run.',
              headers,
              details,
            );
          }
          return true;
        }
        if (!matched) {
          notFound('There is nothing at this address.');
          return true;
        }
        const { route, params } = matched;
        if (route.methods !== 'any' && !route.methods.includes(req.method ?? 'GET')) {
          res.setHeader('Allow', route.methods.join(', '));
          if (route.answers === 'json') {
            sendJson(res, 405, { error: { code: 'method_not_allowed', message: `Use ${route.methods.join(' or ')}.` } }, headers);
          } else {
            page(res, 405, 'Method not allowed', route.notAllowed ?? `Use ${route.methods.join(' or ')}.`, headers);
          }
          return true;
        }
        const target: TTarget = {
          app,
          scope: preview ? previewScope(id) : app.name,
          base: `/${area}/${id}/`,
          preview,
          visitor: req.socket.remoteAddress ?? 'unknown',
        };
        await route.handle({ req, res, url, target, params });
        return true;
      } catch (error) {
        options.onError?.(error, { method: req.method ?? 'GET', url: req.url ?? '' });
        if (!res.headersSent) {
          if (wantsJson) sendJson(res, 500, { error: { code: 'internal', message: 'Something went wrong on this node.' } }, headers);
          else page(res, 500, 'Something went wrong', 'Something went wrong on this node. Please try again later.', headers);
        } else {
          res.destroy();
        }
        return true;
      }
    },
  };

  function serveTrace(res: ServerResponse, target: TTarget) {
    const { scope } = target;
    sendJson(
      res,
      200,
      { app: target.app.name, cid: target.app.cid, traces: runtime.traces(scope), logs: runtime.logs(scope), stats: runtime.stats(scope) },
      headersFor(target.preview),
    );
  }

  async function servePage(
    req: IncomingMessage,
    res: ServerResponse,
    target: TTarget,
    url: URL,
    formState?: { status: number; state: TFormState },
  ) {
    const headers = headersFor(target.preview);
    let data: TPageData;
    try {
      // A page view counts against the visitor's rate (a page shown again after a form post was counted with the post).
      data = (await runtime.loadPage(target.app, { scope: target.scope, ...(formState ? {} : { visitor: target.visitor }) })).page;
    } catch (error) {
      if (!(error instanceof AppRuntimeError)) throw error;
      retryAfter(res, error);
      page(res, error.status, 'Too many requests', error.message, headers);
      return;
    }
    const nonce = newNonce();
    let body: string;
    try {
      body = renderPage(target.app, data, {
        ...renderOptions(target, url.searchParams),
        nonce,
        ...(formState ? { formState: formState.state } : {}),
      });
    } catch (error) {
      if (!(error instanceof PageBudgetError)) throw error;
      return overBudget(res, error, target);
    }
    sendHtml(res, formState?.status ?? 200, body, nonce, headers);
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, target: TTarget, path: string, url: URL) {
    const { app, scope } = target;
    const headers: TCommonHeaders = { ...headersFor(target.preview) };
    const fail = (status: number, error: Record<string, unknown>) => sendJson(res, status, { error }, headers);
    const endpoint = app.endpoints.get(path);
    if (!endpoint) return fail(404, { code: 'not_found', message: `${app.name} has no endpoint /api/${path}.` });
    const { trigger, config } = endpoint;
    if (!('http' in trigger)) return fail(404, { code: 'not_found', message: `${app.name} has no endpoint /api/${path}.` });
    if (trigger.kind === 'http') {
      // A public API: any site may call it from a browser (no cookies or credentials are ever used).
      headers.cors = true;
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Methods', trigger.http.method);
        res.setHeader('Access-Control-Allow-Headers', 'content-type');
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    if (req.method !== trigger.http.method) {
      res.setHeader('Allow', trigger.http.method);
      return fail(405, { code: 'method_not_allowed', message: `/api/${path} answers ${trigger.http.method} requests.` });
    }

    let payload: TJson;
    let classic: Record<string, string | boolean> | undefined;
    /** The size of a JSON body as sent (the runtime's size check need not serialize it again). */
    let bodyBytes: number | undefined;
    if (req.method === 'GET') {
      payload = inputFromQuery(config.fields as THttpField[], url.searchParams);
    } else {
      const body = await readBody(req, runtime.limits.requestBytes);
      if (body === 'too_large') {
        res.setHeader('Connection', 'close');
        const error = runtime.refuse(
          scope,
          'too_large',
          `The request is larger than ${runtime.limits.requestBytes} bytes, the most ${app.name} accepts.`,
        );
        return fail(error.status, { code: error.code, message: error.message });
      }
      const type = mediaType(req);
      const text = body.toString('utf8');
      if (type === 'application/x-www-form-urlencoded') {
        const params = new URLSearchParams(text);
        if (trigger.kind === 'form') {
          classic = formValues(config.fields as TFormField[], params);
          payload = classic;
        } else if (trigger.kind === 'button') {
          classic = {};
          payload = {};
        } else {
          payload = inputFromQuery(config.fields as THttpField[], params);
        }
      } else if (type === '' || type === 'application/json' || type.endsWith('+json') || type === 'text/plain') {
        if (text.trim() === '') payload = {};
        else {
          try {
            payload = JSON.parse(text) as TJson;
            bodyBytes = body.length;
          } catch {
            const error = runtime.refuse(scope, 'invalid_request', 'The request body is not valid JSON.');
            return fail(error.status, { code: 'invalid_json', message: error.message });
          }
        }
      } else {
        return fail(415, {
          code: 'unsupported_media_type',
          message: 'Send JSON (application/json) or a form (application/x-www-form-urlencoded).',
        });
      }
    }

    let result: TAppRunResult;
    try {
      result = await runtime.run(app, trigger.nodeId, payload, {
        scope,
        visitor: target.visitor,
        ...(classic ? {} : { bytes: bodyBytes }),
      });
    } catch (error) {
      if (!(error instanceof AppRuntimeError)) throw error;
      retryAfter(res, error);
      if (classic && trigger.kind === 'form' && error.code === 'invalid_submission') {
        const state: TFormState = { nodeId: trigger.nodeId, values: classic, errors: error.details.fields ?? [], message: error.message };
        return servePage(req, res, target, url, { status: 400, state });
      }
      if (classic) return page(res, error.status, error.status === 429 ? 'Too many requests' : 'Not sent', error.message, headers);
      return fail(error.status, {
        code: error.code,
        message: error.message,
        ...(error.details.field ? { field: error.details.field } : {}),
        ...(error.details.fields ? { fields: error.details.fields } : {}),
      });
    }

    const failure = failureOf(result.trace);
    if (trigger.kind === 'http') {
      if (failure) return fail(failure.status, failure.error);
      return sendJson(res, 200, result.response, headers);
    }

    if (classic) {
      if (!failure) return redirect(res, 303, `${target.base}?sent=${encodeURIComponent(trigger.nodeId)}`, headers);
      const state: TFormState = {
        nodeId: trigger.nodeId,
        values: trigger.kind === 'form' ? classic : {},
        errors: [],
        message: failure.error.message,
      };
      return servePage(req, res, target, url, { status: failure.status, state });
    }
    const full = await pageAfter(target, result);
    let sections: Record<string, string> | undefined;
    if (req.headers['x-poseidon-sections'] === '1') {
      try {
        sections = renderSections(app, full, { ...renderOptions(target, new URLSearchParams()), nonce: '' });
      } catch (error) {
        // The run happened; only its sections are too costly to draw now: the answer carries none, and the page shows them when next loaded.
        if (!(error instanceof PageBudgetError)) throw error;
      }
    }
    sendJson(
      res,
      failure ? failure.status : 200,
      {
        ok: !failure,
        runId: result.trace.runId,
        page: full,
        ...(failure ? { error: failure.error } : {}),
        ...(sections ? { sections } : {}),
      },
      headers,
    );
  }

  /** The page after a run: the run's own elements over a fresh page load (only when the run did not already cover every display). */
  async function pageAfter(target: TTarget, result: TAppRunResult): Promise<TPageData> {
    const { app } = target;
    const uncovered = app.page.load.steps.some((id) => isDisplay(app.validated.definitions.get(id)) && result.page[id]?.status !== 'ok');
    if (!uncovered) return result.page;
    try {
      return mergePageData((await runtime.loadPage(app, { scope: target.scope })).page, result.page);
    } catch (error) {
      if (error instanceof AppRuntimeError) return result.page; // rate-limited: what the run showed is still right
      throw error;
    }
  }

  function renderOptions(target: TTarget, query: URLSearchParams) {
    return {
      base: target.base,
      preview: target.preview,
      query,
      ...(options.pageBudget ? { budget: options.pageBudget } : {}),
      ...(options.renderers ? { renderers: options.renderers } : {}),
      ...(options.now ? { now: options.now } : {}),
      clientAssets,
    };
  }

  /** A page over its time or size budget: a clear answer now, and (time) the rendered part kept for the next visit. */
  function overBudget(res: ServerResponse, error: PageBudgetError, target: TTarget) {
    res.setHeader('Retry-After', '5');
    const message =
      error.budget === 'time' ? 'This page is taking too long to show. Please try again in a moment.' : 'This page is too large to show.';
    page(
      res,
      503,
      'This page cannot be shown right now',
      message,
      headersFor(target.preview),
      target.preview ? [error.message] : undefined,
    );
  }

  function page(res: ServerResponse, status: number, title: string, message: string, headers: TCommonHeaders, details?: string[]) {
    const nonce = newNonce();
    sendHtml(res, status, renderMessagePage({ status, title, message, nonce, ...(details ? { details } : {}) }), nonce, headers);
  }
}

/** The first failing block of a run, as an API error (504 when it ran out of time). */
function failureOf(
  trace: TRunTrace,
): { status: number; error: { code: string; message: string; nodeId: string; runId: string } } | undefined {
  if (trace.status === 'ok') return undefined;
  const node = trace.nodes.find((n) => n.status === 'error');
  const diagnostic = node?.diagnostics.find((d) => d.severity === 'error');
  const code = diagnostic?.code ?? 'run_failed';
  return {
    status: TIMEOUT_CODES.has(code) ? 504 : 500,
    error: { code, message: diagnostic?.message ?? 'The run failed.', nodeId: node?.nodeId ?? '', runId: trace.runId },
  };
}

/** A classic form post as the form's values: text as sent, a checkbox true when present. */
function formValues(fields: readonly TFormField[], params: URLSearchParams): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const field of fields) {
    const value = params.get(field.name);
    if (field.type === 'checkbox') values[field.name] = value !== null && value !== 'false';
    else if (value !== null) values[field.name] = value;
  }
  return values;
}

function retryAfter(res: ServerResponse, error: AppRuntimeError): void {
  if (error.details.retryAfterMs !== undefined)
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.details.retryAfterMs / 1000))));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
