/**
 * The page renderer contract: how a UI block draws itself on its app's generated page. Each UI
 * block keeps its renderer in its own folder (`<type>.page.ts`, server-only like `.exec.ts`),
 * registered by `type@version` in blocks/renderers.ts; the gateway (runtime/gateway/page.ts)
 * lays the sections out, adds the page's CSS, script and CSP nonce, and caches what it may.
 *
 * A renderer returns its element's `<section>` (built with `section` or `hiddenSection` below)
 * as SafeHtml: every value from a config, a run or a visitor goes through `markup`, which
 * escapes it. The page must work without script: forms post normally, tables page with links.
 * The types here are structural, so this file needs nothing from runtime/ (browser-safe).
 */
import type { TBlockDefinition, TConfigOf } from './block';
import type { TTrigger } from './bundle';
import { markup, type SafeHtml } from './html';

/** A UI element of a loaded app, as its renderer sees it. */
export interface TPageElement<TConfig = Record<string, unknown>> {
  nodeId: string;
  type: string;
  /** Parsed config (defaults applied). */
  config: TConfig;
  /** Forms and buttons: the trigger they start. */
  trigger?: TTrigger;
}

/** What the element received in the run that drew it (runtime/apps/page-data.ts TElementData). */
export interface TPageElementData {
  status: 'ok' | 'error' | 'skipped';
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Why the element has nothing to show (status error): the block's message. */
  message?: string;
}

/** A form post without JavaScript that was refused: what was entered and what is wrong. */
export interface TFormState {
  nodeId: string;
  values: Record<string, string | boolean>;
  errors: { field: string; message: string }[];
  message: string;
}

export interface TPageRenderContext {
  /** The app's root URL path, with a final slash: `/apps/<name>/` or `/preview/<id>/`. */
  base: string;
  preview: boolean;
  /** The page's query: table pages (`page.<nodeId>=2`), `sent=<nodeId>` after a form went through. */
  query: URLSearchParams;
  formState?: TFormState;
}

export interface TPageRenderer<TConfig = Record<string, unknown>> {
  render(element: TPageElement<TConfig>, data: TPageElementData | undefined, context: TPageRenderContext): SafeHtml;
  /**
   * The section depends only on the element, its data and `context.preview` (not on the query,
   * a form's state or the address), so the node renders it once per (app version, data) and
   * serves it again from a cache: a flood of GETs does not re-render an expensive Text or Chart.
   */
  cacheable?: boolean;
  /**
   * Browser code the section needs beyond the page's own script (a wallet, live updates): names
   * of client bundles the project builds and the node serves content-addressed under
   * `/_client/<sha256>.js` (runtime/gateway/client-assets.ts). The page must still work without.
   */
  client?: readonly string[];
}

/** A renderer typed against its block's config (what `<type>.page.ts` exports). */
export type TPageRendererOf<D extends TBlockDefinition> = TPageRenderer<TConfigOf<D>>;

/** The element's card, with a heading when `title` is not empty. */
export function section(element: Pick<TPageElement, 'nodeId' | 'type'>, title: string, body: SafeHtml | string): SafeHtml {
  const heading = title ? markup`<h2>${title}</h2>` : '';
  return markup`<section class="card ${element.type}" id="el-${element.nodeId}" data-node="${element.nodeId}">${heading}${body}</section>`;
}

/** A section with nothing to show yet (hidden until a run fills it; the page's script swaps it in). */
export function hiddenSection(element: Pick<TPageElement, 'nodeId' | 'type'>): SafeHtml {
  return markup`<section class="card ${element.type}" id="el-${element.nodeId}" data-node="${element.nodeId}" hidden></section>`;
}

/** Why an element has nothing to show: the block's message in a preview, a plain sentence for visitors. */
export function problem(data: TPageElementData, context: Pick<TPageRenderContext, 'preview'>): SafeHtml {
  return context.preview && data.message
    ? markup`<p class="problem" role="alert">${data.message}</p>`
    : markup`<p class="problem" role="alert">This part of the page could not be loaded.</p>`;
}

/** Where a form or button posts: its trigger's endpoint under the app's API. */
export function actionOf(element: TPageElement<unknown>, context: Pick<TPageRenderContext, 'base'>): string {
  const path = element.trigger && 'http' in element.trigger ? element.trigger.http.path : element.nodeId;
  return `${context.base}api/${encodeURIComponent(path)}`;
}

/** The rows a Table or Chart received (objects only), or undefined when it has none. */
export function rowsOf(data: TPageElementData | undefined): Record<string, unknown>[] | undefined {
  if (data?.status !== 'ok' || !Array.isArray(data.inputs.rows)) return undefined;
  return (data.inputs.rows as unknown[]).filter(
    (row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row),
  );
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** A number as the page shows it: grouped, at most two decimals. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
