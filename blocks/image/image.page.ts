/**
 * The Image on the page: from the run's `src` input or its configured address, only from allowed
 * sources (source.ts). The page's CSP allows https: and data: images; a plain http: picture would
 * be blocked, so it is shown as a link. Server-only.
 */
import { markup } from '@/blocks/core/html';
import { hiddenSection, problem, section, type TPageRendererOf } from '@/blocks/core/page';
import type { imageBlock } from './image.block';
import { isAllowedImageSource } from './source';

function protocolOf(src: string): string {
  try {
    return new URL(src).protocol;
  } catch {
    return '';
  }
}

export const imagePage: TPageRendererOf<typeof imageBlock> = {
  cacheable: true,
  render(element, data, context) {
    const { config } = element;
    const fromRun =
      data?.status === 'ok' && typeof data.inputs.src === 'string' && data.inputs.src.trim() !== '' ? data.inputs.src.trim() : '';
    const src = fromRun || config.src.trim();
    if (data?.status === 'error' && context.preview) return section(element, '', problem(data, context));
    if (!src || !isAllowedImageSource(src)) return hiddenSection(element);
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
  },
};
