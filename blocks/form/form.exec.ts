import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import type { formBlock } from './form.block';
import { normalizeFormSubmission, validateFormSubmission } from './validate';

/**
 * The run's payload is the visitor's submission. A run this form did not start (running the whole
 * flow from the editor) has no submission: the form then outputs nothing and the blocks after it
 * are skipped.
 */
export const executeForm: TBlockExecutor<typeof formBlock> = ({ config, ctx }) => {
  if (!ctx.trigger) {
    ctx.log('info', 'Nothing was submitted in this run; the blocks after the form are skipped.');
    return {};
  }
  const values = ctx.trigger.payload;
  const problems = validateFormSubmission(config.fields, values);
  if (problems.length > 0) {
    // The visitor's data is wrong, not the config: no field/port; each message names the form field.
    throw new BlockError(`The form was not filled in correctly. ${problems.map((p) => p.message).join(' ')}`, {
      code: 'invalid_submission',
    });
  }
  return { submitted: normalizeFormSubmission(config.fields, values as Record<string, unknown>) };
};
