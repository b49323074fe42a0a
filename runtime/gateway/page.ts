/**
 * The generated page of an app, rendered on the server from its page elements (manifest reading
 * order) and the data each received (page-data.ts). Every value is escaped (html.ts); Text is a
 * safe Markdown subset (markdown.ts); charts are inline SVG (chart.ts); images only from allowed
 * sources. Each element is a `<section id="el-<nodeId>">`, so the inline script can swap one in
 * from an API answer.
 */
import type { TFormField } from '@/blocks/form/form.block';
import { FORM_MAX_LENGTH } from '@/blocks/form/validate';
import { isAllowedImageSource } from '@/blocks/image/source';
import { hasPlaceholders } from '@/blocks/core/template';
import type { TFieldProblem } from '@/runtime/apps/errors';
import type { TLoadedApp, TPageElementModel } from '@/runtime/apps/load';
import type { TElementData, TPageData } from '@/runtime/apps/page-data';
import { isDisplay } from '@/runtime/apps/page-load';
import { PAGE_CSS, PAGE_SCRIPT } from './assets';
import { formatNumber, renderChart } from './chart';
import { markup, trusted, type SafeHtml } from '@/blocks/core/html';
import { renderMarkdown } from '@/blocks/text/markdown';

export interface TPageRenderOptions {
  /** The app's root URL path, with a final slash: `/apps/<name>/` or `/preview/<id>/`. */
  base: string;
  /** The CSP nonce of this response, for the inline style and script. */
  nonce: string;
  preview: boolean;
  /** The page's query: table pages (`page.<nodeId>=2`), `sent=<nodeId>` after a form went through. */
  query: URLSearchParams;
  /** A form post without JavaScript that was refused: what was entered and what is wrong. */
  formState?: TFormState;
}

export interface TFormState {
  nodeId: string;
  values: Record<string, string | boolean>;
  errors: TFieldProblem[];
  message: string;
}

const MAX_AUTO_COLUMNS = 30;
const MAX_CELL_CHARS = 500;

export function renderPage(app: TLoadedApp, page: TPageData, options: TPageRenderOptions): string {
  const sections = app.page.elements.map((element) => renderElement(app, element, page[element.nodeId], options));
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
</body>
</html>
`.value;
}

/** The display elements (not forms or buttons) as HTML, by node id: what an API answer sends for the script to swap in. */
export function renderSections(app: TLoadedApp, page: TPageData, options: TPageRenderOptions): Record<string, string> {
  const sections: Record<string, string> = {};
  for (const element of app.page.elements) {
    if (isDisplay(element.definition)) sections[element.nodeId] = renderElement(app, element, page[element.nodeId], options).value;
  }
  return sections;
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

function renderElement(app: TLoadedApp, element: TPageElementModel, data: TElementData | undefined, options: TPageRenderOptions): SafeHtml {
  switch (element.type) {
    case 'form':
      return renderForm(element, options);
    case 'button':
      return renderButton(element, options);
    case 'table':
      return renderTable(element, data, options);
    case 'chart':
      return renderChartElement(element, data, options);
    case 'text':
      return renderText(element, data, options);
    case 'image':
      return renderImage(element, data, options);
    default:
      // A UI block this gateway cannot draw yet: leave its place empty rather than guess.
      return markup`<section class="card" id="el-${element.nodeId}" hidden></section>`;
  }
}

function section(element: TPageElementModel, title: string, body: SafeHtml | string): SafeHtml {
  const heading = title ? markup`<h2>${title}</h2>` : '';
  return markup`<section class="card ${element.type}" id="el-${element.nodeId}" data-node="${element.nodeId}">${heading}${body}</section>`;
}

/** A section with nothing to show yet (hidden until a run fills it). */
function hiddenSection(element: TPageElementModel): SafeHtml {
  return markup`<section class="card ${element.type}" id="el-${element.nodeId}" data-node="${element.nodeId}" hidden></section>`;
}

/** Why an element has nothing to show: the block's message in a preview, a plain sentence for visitors. */
function problem(data: TElementData, options: TPageRenderOptions): SafeHtml {
  return options.preview && data.message
    ? markup`<p class="problem" role="alert">${data.message}</p>`
    : markup`<p class="problem" role="alert">This part of the page could not be loaded.</p>`;
}

function actionOf(element: TPageElementModel, options: TPageRenderOptions): string {
  const path = element.trigger && 'http' in element.trigger ? element.trigger.http.path : element.nodeId;
  return `${options.base}api/${encodeURIComponent(path)}`;
}

function renderForm(element: TPageElementModel, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { title: string; fields: TFormField[]; submitLabel: string };
  const state = options.formState?.nodeId === element.nodeId ? options.formState : undefined;
  const sent = options.query.get('sent') === element.nodeId;
  const fields = config.fields.map((field) => {
    const id = `f-${element.nodeId}-${field.name}`;
    const errorId = `e-${element.nodeId}-${field.name}`;
    const error = state?.errors.find((e) => e.field === field.name)?.message ?? '';
    const value = state?.values[field.name];
    const label = field.label || field.name;
    const invalid = error ? markup` aria-invalid="true"` : '';
    const required = field.required ? markup` required` : '';
    const common = markup`id="${id}" name="${field.name}" aria-describedby="${errorId}"${invalid}${required}`;
    const errorSlot = markup`<p class="field-error" id="${errorId}" data-error-for="${field.name}">${error}</p>`;
    if (field.type === 'checkbox') {
      const checked = value === true ? markup` checked` : '';
      return markup`<div class="field check"><input type="checkbox" value="on" ${common}${checked}><label for="${id}">${label}</label>${errorSlot}</div>`;
    }
    const text = typeof value === 'string' ? value : '';
    let input: SafeHtml;
    if (field.type === 'textarea') {
      input = markup`<textarea ${common} maxlength="${FORM_MAX_LENGTH.textarea}">${text}</textarea>`;
    } else if (field.type === 'number') {
      input = markup`<input type="number" step="any" inputmode="decimal" ${common} value="${text}">`;
    } else {
      const autocomplete = field.type === 'email' ? markup` autocomplete="email"` : '';
      input = markup`<input type="${field.type}" ${common} maxlength="${FORM_MAX_LENGTH[field.type]}" value="${text}"${autocomplete}>`;
    }
    return markup`<div class="field"><label for="${id}">${label}</label>${input}${errorSlot}</div>`;
  });
  const status = state
    ? markup`<p class="form-status error" role="status">${state.message}</p>`
    : sent
      ? markup`<p class="form-status ok" role="status">Sent. Thank you!</p>`
      : markup`<p class="form-status" role="status"></p>`;
  return section(
    element,
    config.title,
    markup`<form method="post" action="${actionOf(element, options)}" data-trigger="${element.nodeId}" data-kind="form" data-done="Sent. Thank you!">${fields}<button type="submit">${config.submitLabel}</button>${status}</form>`,
  );
}

function renderButton(element: TPageElementModel, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { label: string };
  const done = options.query.get('sent') === element.nodeId;
  const status = done ? markup`<p class="form-status ok" role="status">Done.</p>` : markup`<p class="form-status" role="status"></p>`;
  return section(
    element,
    '',
    markup`<form method="post" action="${actionOf(element, options)}" data-trigger="${element.nodeId}" data-kind="button" data-done="Done."><button type="submit">${config.label}</button>${status}</form>`,
  );
}

function rowsOf(data: TElementData | undefined): Record<string, unknown>[] | undefined {
  if (data?.status !== 'ok' || !Array.isArray(data.inputs.rows)) return undefined;
  return (data.inputs.rows as unknown[]).filter(
    (row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row),
  );
}

function cell(value: unknown): SafeHtml {
  if (typeof value === 'number') return markup`<td class="num">${formatNumber(value)}</td>`;
  if (value === null || value === undefined) return markup`<td></td>`;
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return markup`<td>${text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text}</td>`;
}

function renderTable(element: TPageElementModel, data: TElementData | undefined, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { title: string; columns: string[]; pageSize: number };
  if (data?.status === 'error') return section(element, config.title, problem(data, options));
  const rows = rowsOf(data) ?? [];
  if (rows.length === 0) return section(element, config.title, markup`<p class="empty">No rows yet.</p>`);

  let columns = config.columns;
  if (columns.length === 0) {
    const seen = new Set<string>();
    for (const row of rows.slice(0, 100)) for (const key of Object.keys(row)) if (seen.size < MAX_AUTO_COLUMNS) seen.add(key);
    columns = [...seen];
  }
  const param = `page.${element.nodeId}`;
  const pages = Math.max(1, Math.ceil(rows.length / config.pageSize));
  const requested = Number.parseInt(options.query.get(param) ?? '1', 10);
  const current = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
  const first = (current - 1) * config.pageSize;
  const shown = rows.slice(first, first + config.pageSize);
  const link = (target: number) => {
    const query = new URLSearchParams(options.query);
    query.delete('sent');
    if (target === 1) query.delete(param);
    else query.set(param, String(target));
    const search = query.toString();
    return `${options.base}${search ? `?${search}` : ''}#el-${element.nodeId}`;
  };
  let pager: SafeHtml | '' = '';
  if (pages > 1) {
    const previous = current > 1 ? markup`<a href="${link(current - 1)}" rel="prev">Previous</a>` : '';
    const next = current < pages ? markup`<a href="${link(current + 1)}" rel="next">Next</a>` : '';
    pager = markup`<nav class="pager" aria-label="Pages of ${config.title || 'the table'}">${previous}<span>Rows ${first + 1}–${first + shown.length} of ${rows.length}</span>${next}</nav>`;
  }
  const head = columns.map((c) => markup`<th scope="col">${c}</th>`);
  const body = shown.map((row) => markup`<tr>${columns.map((c) => cell(row[c]))}</tr>`);
  return section(
    element,
    config.title,
    markup`<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${pager}`,
  );
}

function renderChartElement(element: TPageElementModel, data: TElementData | undefined, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { title: string; kind: 'bar' | 'line' | 'pie'; x: string; y: string };
  if (data?.status === 'error') return section(element, config.title, problem(data, options));
  const rows = rowsOf(data) ?? [];
  return section(
    element,
    config.title,
    renderChart(rows, { kind: config.kind, x: config.x.trim(), y: config.y.trim(), title: config.title }),
  );
}

function renderText(element: TPageElementModel, data: TElementData | undefined, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { markdown: string };
  if (data?.status === 'ok' && typeof data.outputs.out === 'string') return section(element, '', renderMarkdown(data.outputs.out));
  if (data?.status === 'error' && options.preview) return section(element, '', problem(data, options));
  // Not run (or failed for a visitor): its own text when it needs no input, else nothing until a run fills it.
  if (!hasPlaceholders(config.markdown)) return section(element, '', renderMarkdown(config.markdown));
  return hiddenSection(element);
}

function renderImage(element: TPageElementModel, data: TElementData | undefined, options: TPageRenderOptions): SafeHtml {
  const config = element.config as { src: string; alt: string; width: number };
  const fromRun =
    data?.status === 'ok' && typeof data.inputs.src === 'string' && data.inputs.src.trim() !== '' ? data.inputs.src.trim() : '';
  const src = fromRun || config.src.trim();
  if (data?.status === 'error' && options.preview) return section(element, '', problem(data, options));
  if (!src || !isAllowedImageSource(src)) return hiddenSection(element);
  // The page's CSP allows https: and data: images; a plain http: picture would be blocked, so it is a link.
  if (protocolOf(src) === 'http:') {
    return section(
      element,
      '',
      markup`<p><a href="${src}" rel="nofollow noopener noreferrer">${config.alt || 'Open the picture'}</a> <span class="muted">(not shown: not a secure address)</span></p>`,
    );
  }
  const width = config.width > 0 ? markup` width="${config.width}"` : '';
  const caption = config.alt ? markup`<figcaption class="visually-hidden">${config.alt}</figcaption>` : '';
  return section(
    element,
    '',
    markup`<figure><img src="${src}" alt="${config.alt}"${width} loading="lazy" decoding="async" referrerpolicy="no-referrer">${caption}</figure>`,
  );
}

function protocolOf(src: string): string {
  try {
    return new URL(src).protocol;
  } catch {
    return '';
  }
}
