import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import type { httpTriggerBlock } from './http-trigger.block';
import { validateHttpInput } from './input';

/** Passes on the request's payload (or the sample on a test run) once it fits the declared fields. */
export const executeHttpTrigger: TBlockExecutor<typeof httpTriggerBlock> = ({ config, ctx }) => {
  const fromRequest = ctx.trigger !== undefined;
  const payload = ctx.trigger?.payload ?? config.sample;
  const problems = validateHttpInput(config.fields, payload);
  if (problems.length > 0) {
    const what = fromRequest ? 'The request was refused' : 'The sample request does not fit the fields';
    throw new BlockError(`${what}: ${problems.map((p) => p.message).join(' ')}`, {
      code: 'invalid_request',
      ...(fromRequest ? {} : { field: 'sample' }),
    });
  }
  return { out: payload };
};
