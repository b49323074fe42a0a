/**
 * The Text on the page: its filled-in Markdown (markdown.ts: raw HTML off, http(s) links only,
 * at most MAX_TEXT_CHARS). Before a run fills it, its own text when it needs no input, else a
 * hidden section the page's script fills. Cacheable: the HTML depends only on the text. Server-only.
 */
import { hasPlaceholders } from '@/blocks/core/template';
import { hiddenSection, problem, section, type TPageRendererOf } from '@/blocks/core/page';
import { renderMarkdown } from './markdown';
import type { textBlock } from './text.block';

export const textPage: TPageRendererOf<typeof textBlock> = {
  cacheable: true,
  render(element, data, context) {
    if (data?.status === 'ok' && typeof data.outputs.out === 'string') return section(element, '', renderMarkdown(data.outputs.out));
    if (data?.status === 'error' && context.preview) return section(element, '', problem(data, context));
    // Not run (or failed for a visitor): its own text when it needs no input, else nothing until a run fills it.
    if (!hasPlaceholders(element.config.markdown)) return section(element, '', renderMarkdown(element.config.markdown));
    return hiddenSection(element);
  },
};
