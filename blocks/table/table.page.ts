/**
 * The Table on the page: one page of rows (`pageSize`), with Previous/Next links that keep the
 * rest of the query (`page.<nodeId>=2`), so paging needs no script. Columns are the configured
 * ones, else the keys of the first rows. Server-only.
 */
import { markup, type SafeHtml } from '@/blocks/core/html';
import { formatNumber, problem, rowsOf, section, type TPageRendererOf } from '@/blocks/core/page';
import type { tableBlock } from './table.block';

const MAX_AUTO_COLUMNS = 30;
const MAX_CELL_CHARS = 500;

function cell(value: unknown): SafeHtml {
  if (typeof value === 'number') return markup`<td class="num">${formatNumber(value)}</td>`;
  if (value === null || value === undefined) return markup`<td></td>`;
  const text = typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return markup`<td>${text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text}</td>`;
}

export const tablePage: TPageRendererOf<typeof tableBlock> = {
  render(element, data, context) {
    const { config } = element;
    if (data?.status === 'error') return section(element, config.title, problem(data, context));
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
    const requested = Number.parseInt(context.query.get(param) ?? '1', 10);
    const current = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
    const first = (current - 1) * config.pageSize;
    const shown = rows.slice(first, first + config.pageSize);
    const link = (target: number) => {
      const query = new URLSearchParams(context.query);
      query.delete('sent');
      if (target === 1) query.delete(param);
      else query.set(param, String(target));
      const search = query.toString();
      return `${context.base}${search ? `?${search}` : ''}#el-${element.nodeId}`;
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
  },
};
