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
import { renderMessagePage, renderPage, renderSections, type TFormState } from './page';

type TMaybePromise<T> = T | Promise<T>;

export interface TGatewayOptions {
  /** The bundle currently published under an app name, verified; null when there is none. */
  resolveApp(name: string): TMaybePromise<TAppBundle | null>;
  /** A private preview's bundle by its id; null when there is none. */
  resolvePreview(id: string): TMaybePromise<TAppBundle | null>;
  runtime: TAppRuntime;
  /** Defaults to a loader caching the last 128 CIDs. */
  loader?: TAppLoader;
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

export function createGateway(options: TGatewayOptions): TGateway {
  const loader = options.loader ?? createAppLoader();
  const { runtime } = options;

  return {
    async handle(req, res, parsed) {
      const url = parsed ?? new URL(req.url ?? '/', 'http://gateway.invalid');
      const parts = url.pathname.split('/');
      const area = parts[1];
      if (area !== 'apps' && area !== 'preview') return false;
      const preview = area === 'preview';
      const headers = { preview };
      const wantsJson = parts[3] === 'api' || (preview && parts[3] === 'trace');
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
        const target: TTarget = {
          app,
          scope: preview ? previewScope(id) : app.name,
          base: `/${area}/${id}/`,
          preview,
          visitor: req.socket.remoteAddress ?? 'unknown',
        };
        const rest = parts.slice(3);

        if (rest.length === 1 && rest[0] === '') {
          if (req.method !== 'GET' && req.method !== 'HEAD') {
            res.setHeader('Allow', 'GET, HEAD');
            page(res, 405, 'Method not allowed', 'This address only shows the page.', headers);
            return true;
          }
          await servePage(req, res, target, url);
          return true;
        }
        if (rest.length === 2 && rest[0] === 'api' && rest[1] !== '') {
          await serveApi(req, res, target, safeDecode(rest[1]!), url);
          return true;
        }
        if (preview && rest.length === 1 && rest[0] === 'trace') {
          if (req.method !== 'GET') {
            res.setHeader('Allow', 'GET');
            sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'Use GET.' } }, headers);
            return true;
          }
          sendJson(
            res,
            200,
            {
              app: app.name,
              cid: app.cid,
              traces: runtime.traces(target.scope),
              logs: runtime.logs(target.scope),
              stats: runtime.stats(target.scope),
            },
            headers,
          );
          return true;
        }
        notFound('There is nothing at this address.');
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

  async function servePage(
    req: IncomingMessage,
    res: ServerResponse,
    target: TTarget,
    url: URL,
    formState?: { status: number; state: TFormState },
  ) {
    const headers = { preview: target.preview };
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
    const body = renderPage(target.app, data, {
      base: target.base,
      nonce,
      preview: target.preview,
      query: url.searchParams,
      ...(formState ? { formState: formState.state } : {}),
    });
    sendHtml(res, formState?.status ?? 200, body, nonce, headers);
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, target: TTarget, path: string, url: URL) {
    const { app, scope } = target;
    const headers: TCommonHeaders = { preview: target.preview };
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
    sendJson(
      res,
      failure ? failure.status : 200,
      {
        ok: !failure,
        runId: result.trace.runId,
        page: full,
        ...(failure ? { error: failure.error } : {}),
        ...(req.headers['x-poseidon-sections'] === '1'
          ? { sections: renderSections(app, full, { base: target.base, nonce: '', preview: target.preview, query: new URLSearchParams() }) }
          : {}),
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

  function page(res: ServerResponse, status: number, title: string, message: string, headers: { preview: boolean }, details?: string[]) {
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
