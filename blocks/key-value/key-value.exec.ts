import { BlockError, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import { fillTemplate, TemplateError } from '@/blocks/core/template';
import { MAX_KEY_LENGTH, type keyValueBlock } from './key-value.block';

/** Runs one operation on the dApp's key-value store (`ctx.storage.kv`). */
export const executeKeyValue: TBlockExecutor<typeof keyValueBlock> = async ({ inputs, config, ctx }) => {
  if (!ctx.storage) throw new BlockError('This block needs the storage capability.', { code: 'missing_capability' });
  const kv = ctx.storage.kv;
  const input = inputs.in as TJson | undefined;

  if (config.operation === 'list') {
    return { out: await kv.list(fillKey('prefix', config.prefix, input)) };
  }
  const key = fillKey('key', config.key, input);
  if (key === '') throw new BlockError('The key is empty.', { field: 'key' });
  switch (config.operation) {
    case 'get': {
      const value = await kv.get(key);
      return { out: value === undefined ? null : value };
    }
    case 'set':
      if (input === undefined) throw new BlockError('Set needs a value: connect something to the Value input.', { port: 'in' });
      await kv.set(key, input);
      return { out: { key, value: input } };
    case 'delete':
      return { out: { key, deleted: await kv.delete(key) } };
  }
};

function fillKey(field: 'key' | 'prefix', template: string, input: TJson | undefined): string {
  let key: string;
  try {
    key = fillTemplate(template, { input });
  } catch (error) {
    if (error instanceof TemplateError) throw new BlockError(error.message, { field });
    throw error;
  }
  if (key.length > MAX_KEY_LENGTH) throw new BlockError(`The ${field} is longer than ${MAX_KEY_LENGTH} characters.`, { field });
  return key;
}
