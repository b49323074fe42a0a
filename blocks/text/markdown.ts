/**
 * Markdown for a page's Text blocks, rendered with markdown-it (CommonMark; linear in its input,
 * see bench/text-render.bench.ts). Raw HTML is off: every `<` of the source ends up escaped, as
 * text. Links go to absolute http(s) addresses only (javascript:, data:, relative paths stay
 * text) and carry `rel="nofollow noopener noreferrer"`; images are off (a picture is an Image
 * block, whose sources are checked). Headings start one level below the page's own title: `#` is
 * h2. Text longer than MAX_TEXT_CHARS is cut (and says so), so one block's size is bounded.
 *
 * Server-only (the page renderer uses it); markdown-it itself would run in a browser too.
 */
import MarkdownIt from 'markdown-it';
import { markup, SafeHtml } from '@/blocks/core/html';

/** The most characters of one Text block rendered; the rest is cut with a note. */
export const MAX_TEXT_CHARS = 100_000;

/** Headings start one level below the page's own title (h1): `#` is h2. */
const HEADING_OFFSET = 1;
const LINK_REL = 'nofollow noopener noreferrer';

/** Whether a link may point there: absolute http(s) addresses only. */
export function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function createRenderer(): MarkdownIt {
  // 'commonmark' has no tables, strikethrough or linkify: what the old renderer offered and more,
  // with nothing that turns bare text into a link.
  const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
  md.disable(['image', 'html_block', 'html_inline']);
  md.validateLink = isSafeLink;
  md.core.ruler.push('poseidon_page', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'heading_open' || token.type === 'heading_close') {
        token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + HEADING_OFFSET)}`;
      }
      for (const child of token.children ?? []) if (child.type === 'link_open') child.attrSet('rel', LINK_REL);
    }
  });
  return md;
}

const renderer = createRenderer();

export function renderMarkdown(source: string): SafeHtml {
  if (source.length <= MAX_TEXT_CHARS) return new SafeHtml(renderer.render(source).trimEnd());
  const shown = renderer.render(source.slice(0, MAX_TEXT_CHARS)).trimEnd();
  return markup`${new SafeHtml(shown)}<p class="note">The text is longer than ${MAX_TEXT_CHARS.toLocaleString('en')} characters and was cut here.</p>`;
}
