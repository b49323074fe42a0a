import { BlockError, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import { fillTemplate, TemplateError } from '@/blocks/core/template';
import type { textBlock } from './text.block';

/**
 * Fills the placeholders; a placeholder that cannot be filled (no input, missing field, null) is
 * an error on the `markdown` field naming that placeholder. The page renders the result as
 * Markdown without raw HTML, so filled-in values cannot inject markup.
 */
export const executeText: TBlockExecutor<typeof textBlock> = ({ inputs, config }) => {
  try {
    return { out: fillTemplate(config.markdown, { input: inputs.in as TJson | undefined }) };
  } catch (error) {
    if (error instanceof TemplateError) throw new BlockError(error.message, { field: 'markdown', code: 'template' });
    throw error;
  }
};
