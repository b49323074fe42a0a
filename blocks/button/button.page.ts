/** The Button on the page: a one-button form posting to its endpoint (works without script). Server-only. */
import { markup } from '@/blocks/core/html';
import { actionOf, section, type TPageRendererOf } from '@/blocks/core/page';
import type { buttonBlock } from './button.block';

export const buttonPage: TPageRendererOf<typeof buttonBlock> = {
  render(element, _data, context) {
    const done = context.query.get('sent') === element.nodeId;
    const status = done ? markup`<p class="form-status ok" role="status">Done.</p>` : markup`<p class="form-status" role="status"></p>`;
    return section(
      element,
      '',
      markup`<form method="post" action="${actionOf(element, context)}" data-trigger="${element.nodeId}" data-kind="button" data-done="Done."><button type="submit">${element.config.label}</button>${status}</form>`,
    );
  },
};
