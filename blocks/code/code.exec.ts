import { BlockError, inField, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import type { codeBlock } from './code.block';

/**
 * The input is optional so Code can also start a chain (generate data); with nothing connected
 * the code sees `input === null`. The result must be JSON: the sandbox refuses `undefined` (a
 * forgotten `return`) and functions with a message saying so, reported on the `source` field.
 */
export const executeCode: TBlockExecutor<typeof codeBlock> = async ({ inputs, config, ctx }) => {
  const code = ctx.code;
  if (!code) throw new BlockError('This block needs the code capability.');
  const input = (inputs.in ?? null) as TJson;
  // console.* output goes to the run's log (the Logs tab), even when the code then fails.
  const onLog = (level: Parameters<typeof ctx.log>[0], message: string) => ctx.log(level, message);
  const result = await inField('source', () => code.run(config.source, input, { timeoutMs: config.timeoutMs }, { onLog }));
  return { out: result };
};
