/**
 * An app's generated page, rendered on the server from its page elements (manifest reading
 * order) and the data each received (runtime/apps/page-data.ts). Each UI block draws its own
 * section with its page renderer (blocks/<type>/<type>.page.ts, registered in
 * blocks/renderers.ts; the contract is blocks/core/page.ts); this module lays them out with the
 * page's CSS and script under the response's CSP nonce. Each element is a
 * `<section id="el-<nodeId>">`, so the inline script can swap one in from an API answer.
 *
 * Budget: rendering is synchronous on the node's main thread, so each page has a time and a size
 * budget (DEFAULT_PAGE_BUDGET). Past either, rendering stops and the gateway answers a short
 * error page (PageBudgetError) rather than stalling every app of the node. Sections of cacheable
 * renderers (Text, Chart, Image: their HTML depends only on the element and its data) are kept
 * per (loaded app version, element data) and never rendered twice, so a flood of GETs, which the
 * page-load cache answers with the same data, renders nothing again; and a page over its time
 * budget still progresses: what was rendered before the budget ran out is kept for the next visit.
 */
import { markup, trusted, type SafeHtml } from '@/blocks/core/html';
import type { TFormState, TPageRenderContext, TPageRenderer } from '@/blocks/core/page';
import { PAGE_RENDERERS } from '@/blocks/renderers';
import type { TLoadedApp, TPageElementModel } from '@/runtime/apps/load';
import type { TElementData, TPageData } from '@/runtime/apps/page-data';
import { isDisplay } from '@/runtime/apps/page-load';
import { PAGE_CSS, PAGE_SCRIPT } from './assets';
import type { TClientAssets } from './client-assets';

export type { TFormState };

export interface TPageBudget {
  /** Rendering time per page, in ms: the renderers' own time (sections served from the cache cost nothing). */
  ms: number;
  /** The page's size, in UTF-16 code units of HTML (about bytes for Latin text). */
  chars: number;
}

export const DEFAULT_PAGE_BUDGET: TPageBudget = { ms: 1_000, chars: 4 * 1024 * 1024 };

export interface TPageRenderOptions extends TPageRenderContext {
  /** The CSP nonce of this response, for the inline style and script. */
  nonce: string;
  budget?: TPageBudget;
  /** By `type@version`; defaults to every renderer Poseidon ships. */
  renderers?: ReadonlyMap<string, TPageRenderer>;
  /** A clock in ms (tests); defaults to performance.now. */
  now?: () => number;
  /** Where the client bundles renderers name are served (client-assets.ts). */
  clientAssets?: TClientAssets;
}

export class PageBudgetError extends Error {
  override name = 'PageBudgetError';
  constructor(
    readonly budget: 'time' | 'size',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Rendered sections of cacheable renderers, by the element's data (the same object while the
 * page-load cache serves it) or, for an element without data, by the element of the loaded app;
 * then by preview (a preview shows block messages a visitor does not see). Weak: an entry lives
 * as long as the data or the loaded app it was rendered from.
 */
const sectionCache = new WeakMap<object, Map<boolean, SafeHtml>>();

export function renderPage(app: TLoadedApp, page: TPageData, options: TPageRenderOptions): string {
  const sections = renderElements(app, app.page.elements, page, options);
  const title = app.page.title || app.name;
  const empty = markup`<section class="card"><p class="empty">This app has nothing on its page yet.</p></section>`;
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.preview ? markup`<meta name="robots" content="noindex, nofollow">` : ''}
<title>${title}</title>
<style nonce="${options.nonce}">${trusted(PAGE_CSS)}</style>
</head>
<body>
<div class="page">
<header class="app-header"><h1>${title}</h1>${options.preview ? markup`<span class="badge">Preview</span>` : ''}</header>
<main id="app">
${sections.length > 0 ? sections : empty}
</main>
<footer>Served by a DAIOS node · <span title="Content address of this version">${app.cid}</span></footer>
</div>
<script nonce="${options.nonce}">${trusted(PAGE_SCRIPT)}</script>
${clientScripts(app, options)}
</body>
</html>
`.value;
}

/** The display elements (not forms or buttons) as HTML, by node id: what an API answer sends for the script to swap in. */
export function renderSections(app: TLoadedApp, page: TPageData, options: TPageRenderOptions): Record<string, string> {
  const displays = app.page.elements.filter((element) => isDisplay(element.definition));
  const html = renderElements(app, displays, page, options);
  return Object.fromEntries(displays.map((element, i) => [element.nodeId, html[i]!.value]));
}

/** A small page for errors (404, 429, an app that cannot run). */
export function renderMessagePage(args: { status: number; title: string; message: string; details?: string[]; nonce: string }): string {
  const details = args.details && args.details.length > 0 ? markup`<ul>${args.details.map((d) => markup`<li>${d}</li>`)}</ul>` : '';
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${args.title}</title>
<style nonce="${args.nonce}">${trusted(PAGE_CSS)}</style>
</head>
<body>
<div class="page">
<header class="app-header"><h1>${args.title}</h1></header>
<main><section class="card"><p>${args.message}</p>${details}<p class="muted">HTTP ${args.status}</p></section></main>
</div>
</body>
</html>
`.value;
}

/** A module script for each client bundle the page's renderers name, once each, with the nonce and the bundle's hash. */
function clientScripts(app: TLoadedApp, options: TPageRenderOptions): SafeHtml[] {
  const renderers = options.renderers ?? PAGE_RENDERERS;
  const names = new Set(app.page.elements.flatMap((element) => renderers.get(`${element.type}@${element.version}`)?.client ?? []));
  // A bundle this node does not have is left out: the page works without script.
  return [...names].flatMap((name) => {
    const asset = options.clientAssets?.byName(name);
    return asset
      ? [markup`<script type="module" nonce="${options.nonce}" src="${asset.path}" integrity="${asset.integrity}"></script>`]
      : [];
  });
}

/** Each element's section, within the budget (throws PageBudgetError past it). */
function renderElements(app: TLoadedApp, elements: readonly TPageElementModel[], page: TPageData, options: TPageRenderOptions): SafeHtml[] {
  const budget = options.budget ?? DEFAULT_PAGE_BUDGET;
  const renderers = options.renderers ?? PAGE_RENDERERS;
  const now = options.now ?? (() => performance.now());
  let spentMs = 0;
  let chars = 0;
  /** Renders (uncached), counting the time against the budget. */
  const timed = (draw: () => SafeHtml): SafeHtml => {
    const started = now();
    try {
      return draw();
    } finally {
      spentMs += now() - started;
    }
  };
  return elements.map((element) => {
    const html = renderElement(element, page[element.nodeId], renderers, options, timed);
    chars += html.value.length;
    if (chars > budget.chars) {
      throw new PageBudgetError('size', `The page of ${app.name} is larger than ${budget.chars} characters, the most a page may be.`);
    }
    if (spentMs > budget.ms) {
      throw new PageBudgetError('time', `The page of ${app.name} took longer than ${budget.ms} ms to render.`);
    }
    return html;
  });
}

function renderElement(
  element: TPageElementModel,
  data: TElementData | undefined,
  renderers: ReadonlyMap<string, TPageRenderer>,
  options: TPageRenderOptions,
  timed: (draw: () => SafeHtml) => SafeHtml,
): SafeHtml {
  const renderer = renderers.get(`${element.type}@${element.version}`);
  // A UI block this node has no renderer for: leave its place empty rather than guess.
  if (!renderer) return markup`<section class="card" id="el-${element.nodeId}" hidden></section>`;
  if (!renderer.cacheable) return timed(() => renderer.render(element, data, options));
  const key: object = data ?? element;
  let cached = sectionCache.get(key);
  const hit = cached?.get(options.preview);
  if (hit !== undefined) return hit;
  const html = timed(() => renderer.render(element, data, options));
  if (!cached) sectionCache.set(key, (cached = new Map()));
  cached.set(options.preview, html);
  return html;
}
