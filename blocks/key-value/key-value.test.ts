import { describe, expect, it } from 'vitest';
import { executeForTest, testContext } from '@/blocks/core/testing/context';
import { createMemoryStorage, type TMemoryStorage } from '@/blocks/core/testing/memory-storage';
import { keyValueBlock } from './key-value.block';
import { executeKeyValue } from './key-value.exec';
import { failure } from '@/blocks/core/testing/errors';

function runWith(storage: TMemoryStorage | undefined) {
  return (config: unknown, input?: unknown) =>
    executeForTest(keyValueBlock, executeKeyValue, {
      config,
      inputs: input === undefined ? {} : { in: input },
      ctx: testContext(storage ? { storage } : {}),
    });
}

describe('key-value definition', () => {
  it('defaults to getting "counter"', () => {
    expect(keyValueBlock.configSchema.parse({})).toEqual({ operation: 'get', key: 'counter', prefix: '' });
    expect(keyValueBlock.capabilities).toEqual(['storage']);
  });

  it('needs a key except for list, and checks placeholders', () => {
    const parse = (config: unknown) => keyValueBlock.configSchema.safeParse(config);
    expect(parse({ operation: 'get', key: ' ' }).error?.issues[0]).toMatchObject({ path: ['key'], message: 'get needs a key' });
    expect(parse({ operation: 'list', key: '' }).success).toBe(true);
    expect(parse({ key: 'user:{{item.id}}' }).error?.issues[0]?.path).toEqual(['key']);
    expect(parse({ key: 'x'.repeat(513) }).success).toBe(false);
    expect(parse({ operation: 'increment' }).success).toBe(false);
  });
});

describe('key-value executor', () => {
  it('sets, gets, lists by prefix and deletes', async () => {
    const storage = createMemoryStorage();
    const run = runWith(storage);
    expect(await run({ operation: 'set', key: 'user:{{input.id}}' }, { id: 7, name: 'Ada' })).toEqual({
      out: { key: 'user:7', value: { id: 7, name: 'Ada' } },
    });
    await run({ operation: 'set', key: 'user:8' }, { id: 8 });
    await run({ operation: 'set', key: 'visits' }, 3);
    expect(storage.dump().kv).toEqual({ 'user:7': { id: 7, name: 'Ada' }, 'user:8': { id: 8 }, visits: 3 });

    expect(await run({ operation: 'get', key: 'user:{{input}}' }, 7)).toEqual({ out: { id: 7, name: 'Ada' } });
    expect(await run({ operation: 'get', key: 'visits' })).toEqual({ out: 3 });
    expect(await run({ operation: 'list', prefix: 'user:' })).toEqual({
      out: [
        { key: 'user:7', value: { id: 7, name: 'Ada' } },
        { key: 'user:8', value: { id: 8 } },
      ],
    });
    expect((await run({ operation: 'list' })).out).toHaveLength(3);

    expect(await run({ operation: 'delete', key: 'user:7' })).toEqual({ out: { key: 'user:7', deleted: true } });
    expect(await run({ operation: 'delete', key: 'user:7' })).toEqual({ out: { key: 'user:7', deleted: false } });
    expect(storage.dump().kv).toEqual({ 'user:8': { id: 8 }, visits: 3 });
  });

  it('gives null for a key that was never set', async () => {
    expect(await runWith(createMemoryStorage())({ operation: 'get', key: 'missing' })).toEqual({ out: null });
  });

  it('refuses to set without a value', async () => {
    const error = await failure(runWith(createMemoryStorage())({ operation: 'set', key: 'k' }));
    expect(error.where).toEqual({ port: 'in' });
    expect(error.message).toMatch(/Set needs a value/);
  });

  it('names the key field when a placeholder cannot be filled or fills to nothing', async () => {
    const run = runWith(createMemoryStorage());
    const missing = await failure(run({ operation: 'get', key: 'user:{{input.id}}' }, { name: 'x' }));
    expect(missing.where).toEqual({ field: 'key' });
    expect(missing.message).toMatch(/no field "id"/);
    const empty = await failure(run({ operation: 'get', key: '{{input.id}}' }, { id: '' }));
    expect(empty.message).toBe('The key is empty.');
    const long = await failure(run({ operation: 'get', key: 'k{{input}}' }, 'x'.repeat(600)));
    expect(long.where).toEqual({ field: 'key' });
    const prefix = await failure(run({ operation: 'list', prefix: '{{input.p}}' }));
    expect(prefix.where).toEqual({ field: 'prefix' });
  });

  it('fails without the storage capability', async () => {
    expect((await failure(runWith(undefined)({}))).where.code).toBe('missing_capability');
  });
});
