import { BlockError, inField, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import type { expressionBlock } from './expression.block';

export const executeExpression: TBlockExecutor<typeof expressionBlock> = async ({ inputs, config, ctx }) => {
  if (!ctx.code) throw new BlockError('This block needs the code capability.');
  const input = inputs.in as TJson;
  const code = ctx.code;
  if (config.forEach) {
    if (!Array.isArray(input)) throw new BlockError('"For each row" needs a list as input.', { port: 'in' });
    return { out: await inField('expression', () => code.evaluateEach(config.expression, input, { input })) };
  }
  return { out: await inField('expression', () => code.evaluate(config.expression, { input })) };
};
