/**
 * Every UI block's page renderer, by `type@version` (blocks/core/page.ts is the contract; each
 * lives in its block's folder as `<type>.page.ts`). Adding a UI block: one line here, one in
 * blocks/registry.ts and one in blocks/executors.ts (see blocks/ADDING_A_BLOCK.md). Server and
 * DAIOS node only, like the executors: the browser bundle never imports this file (ESLint refuses it).
 */
import type { TPageRenderer } from '@/blocks/core/page';
import { buttonPage } from './button/button.page';
import { chartPage } from './chart/chart.page';
import { formPage } from './form/form.page';
import { imagePage } from './image/image.page';
import { tablePage } from './table/table.page';
import { textPage } from './text/text.page';

// Each renderer is typed against its own block's config; the registry stores them uniformly.
const asAny = (renderer: unknown) => renderer as TPageRenderer;

export const PAGE_RENDERERS: ReadonlyMap<string, TPageRenderer> = new Map([
  ['form@1', asAny(formPage)],
  ['button@1', asAny(buttonPage)],
  ['text@1', asAny(textPage)],
  ['table@1', asAny(tablePage)],
  ['chart@1', asAny(chartPage)],
  ['image@1', asAny(imagePage)],
]);
