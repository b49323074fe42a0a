import { BlockError, inField, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import type { conditionBlock } from './condition.block';
import { truthinessOf } from './truthiness';

/**
 * Exactly one output carries the input; leaving the other key out is what makes the runtime skip
 * the blocks on that branch. Non-boolean results are read by JavaScript truthiness (a missing
 * field, `undefined`, is false).
 */
export const executeCondition: TBlockExecutor<typeof conditionBlock> = async ({ inputs, config, ctx }) => {
  const code = ctx.code;
  if (!code) throw new BlockError('This block needs the code capability.');
  const input = (inputs.in ?? null) as TJson;
  const verdict = await inField('expression', () => code.evaluate(truthinessOf(config.expression), { input }));
  return verdict === true ? { true: input } : { false: input };
};
