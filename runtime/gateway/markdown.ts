/**
 * A safe subset of Markdown for a page's Text blocks: headings, paragraphs, bold and italic,
 * inline code and code blocks, block quotes, lists, and links to http(s) addresses only. Raw HTML
 * is never passed through: every character of the source ends up escaped, as text. A link to any
 * other kind of address (javascript:, data:, a relative path) stays plain text.
 */
import { escapeHtml, SafeHtml } from './html';

/** Headings start one level below the page's own title (h1): `#` is h2. */
const HEADING_OFFSET = 1;

export function renderMarkdown(source: string): SafeHtml {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) code.push(lines[i++]!);
      i += 1;
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + HEADING_OFFSET);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr>');
      i += 1;
      continue;
    }
    const list = listItem(line);
    if (list) {
      const items: string[] = [];
      while (i < lines.length) {
        const item = listItem(lines[i]!);
        if (!item || item.ordered !== list.ordered) break;
        const text = [item.text];
        i += 1;
        // Indented lines continue the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]!) && !listItem(lines[i]!)) text.push(lines[i++]!.trim());
        items.push(`<li>${inline(text.join('\n'))}</li>`);
      }
      const tag = list.ordered ? 'ol' : 'ul';
      const start = list.ordered && list.start !== 1 ? ` start="${list.start}"` : '';
      out.push(`<${tag}${start}>${items.join('')}</${tag}>`);
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s{0,3}>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n')).value}</blockquote>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
    if (paragraph.length === 0) paragraph.push(lines[i++]!.trim());
    out.push(`<p>${inline(paragraph.join('\n'))}</p>`);
  }
  return new SafeHtml(out.join('\n'));
}

function listItem(line: string): { ordered: boolean; start: number; text: string } | undefined {
  const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line);
  if (bullet) return { ordered: false, start: 1, text: bullet[1]! };
  const numbered = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/.exec(line);
  if (numbered) return { ordered: true, start: Number(numbered[1]), text: numbered[2]! };
  return undefined;
}

function startsBlock(line: string): boolean {
  return /^\s{0,3}(#{1,6}\s|```|~~~|>)/.test(line) || listItem(line) !== undefined;
}

/** Whether a link may point there: absolute http(s) addresses only. */
export function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

const LINK = /^\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*)>?(?:\s+"[^"]*")?\s*\)/;

/** Inline Markdown: code spans, links, **bold**, *italic*, backslash escapes. A line break is a space, as in Markdown. */
function inline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()#+\-.!>~|{}]/.test(text[i + 1]!)) {
      out += escapeHtml(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        out += `<code>${escapeHtml(text.slice(i + 1, end))}</code>`;
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const link = LINK.exec(rest);
      if (link) {
        const label = inline(link[1]!);
        const url = link[2]!;
        out += isSafeLink(url) ? `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer">${label}</a>` : label;
        i += link[0].length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = closing(text, i + 2, c + c);
      if (end !== -1 && end > i + 2) {
        out += `<strong>${inline(text.slice(i + 2, end))}</strong>`;
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] !== c && text[i + 1] !== undefined && !/\s/.test(text[i + 1]!)) {
      // `snake_case_names` are not italic: an underscore must not open inside a word.
      const opensHere = c === '*' || i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!);
      const end = opensHere ? closing(text, i + 1, c) : -1;
      if (end !== -1) {
        out += `<em>${inline(text.slice(i + 1, end))}</em>`;
        i = end + 1;
        continue;
      }
    }
    out += escapeHtml(c);
    i += 1;
  }
  return out;
}

/** Where the emphasis opened before `from` closes, or -1. */
function closing(text: string, from: number, marker: string): number {
  for (let j = from; j <= text.length - marker.length; j++) {
    if (text[j] === '\\') {
      j += 1;
      continue;
    }
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      if (end !== -1) j = end;
      continue;
    }
    if (!text.startsWith(marker, j) || /\s/.test(text[j - 1] ?? ' ')) continue;
    if (marker.length === 1 && text[j + 1] === marker) {
      j += 1;
      continue;
    }
    if (marker === '_' && /[\p{L}\p{N}]/u.test(text[j + 1] ?? '')) continue;
    return j;
  }
  return -1;
}
