import { describe, expect, it } from 'vitest';
import { executeForTest, testContext } from '@/blocks/core/testing/context';
import { createMemoryStorage, type TMemoryStorage } from '@/blocks/core/testing/memory-storage';
import { collectionBlock } from './collection.block';
import { executeCollection } from './collection.exec';
import { failure } from '@/blocks/core/testing/errors';

function setup() {
  let tick = 0;
  const storage = createMemoryStorage({ now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)) });
  const run = (config: unknown, input?: unknown, store: TMemoryStorage | null = storage) =>
    executeForTest(collectionBlock, executeCollection, {
      config,
      inputs: input === undefined ? {} : { in: input },
      ctx: testContext(store ? { storage: store } : {}),
    });
  return { storage, run };
}

async function seed(run: ReturnType<typeof setup>['run']) {
  const ids: string[] = [];
  for (const doc of [
    { name: 'Ada', team: 'red', score: 5 },
    { name: 'Grace', team: 'blue', score: 9 },
    { name: 'Linus', team: 'red', score: 7 },
    { name: 'Barbara', team: 'red' },
  ]) {
    ids.push(String(((await run({ name: 'people', operation: 'insert' }, doc)).out as { id: string }).id));
  }
  return ids;
}

const names = (out: unknown) => (out as { name: string }[]).map((d) => d.name);

describe('collection definition', () => {
  it('defaults to finding in "items"', () => {
    expect(collectionBlock.configSchema.parse({})).toEqual({
      name: 'items',
      operation: 'find',
      where: {},
      sortField: '',
      sortDirection: 'asc',
      limit: 100,
    });
  });

  it('refuses bad names, limits, where values and placeholders', () => {
    const issuePath = (config: unknown) => collectionBlock.configSchema.safeParse(config).error?.issues[0]?.path;
    expect(issuePath({ name: '1st' })).toEqual(['name']);
    expect(issuePath({ name: 'my items' })).toEqual(['name']);
    expect(issuePath({ limit: 0 })).toEqual(['limit']);
    expect(issuePath({ limit: 1001 })).toEqual(['limit']);
    expect(issuePath({ where: [1] })).toEqual(['where']);
    expect(issuePath({ where: { user: '{{secret.KEY}}' } })).toEqual(['where']);
    expect(issuePath({ where: { user: '{{input.user}}', tags: ['{{input.tag}}'] } })).toBeUndefined();
  });
});

describe('collection executor', () => {
  it('inserts a record and returns it flat with id and createdAt', async () => {
    const { storage, run } = setup();
    const { out } = await run({ name: 'people', operation: 'insert' }, { name: 'Ada', id: 'mine' });
    expect(out).toEqual({ id: 'doc-1', createdAt: '2025-01-01T00:00:00.000Z', name: 'Ada' });
    expect(storage.dump().collections.people).toEqual([
      { id: 'doc-1', createdAt: '2025-01-01T00:00:00.000Z', data: { name: 'Ada', id: 'mine' } },
    ]);
  });

  it('finds with where (typed placeholders), sort and limit, as a table', async () => {
    const { run } = setup();
    await seed(run);
    expect(names((await run({ name: 'people' })).out)).toEqual(['Ada', 'Grace', 'Linus', 'Barbara']);
    const red = await run(
      { name: 'people', where: { team: '{{input.team}}' }, sortField: 'score', sortDirection: 'desc' },
      { team: 'red' },
    );
    expect(names(red.out)).toEqual(['Linus', 'Ada', 'Barbara']);
    expect(names((await run({ name: 'people', where: { score: '{{input.min}}' } }, { min: 9 })).out)).toEqual(['Grace']);
    expect(names((await run({ name: 'people', sortField: 'name', limit: 2 })).out)).toEqual(['Ada', 'Barbara']);
    expect((await run({ name: 'people', where: { team: 'green' } })).out).toEqual([]);
    expect((await run({ name: 'other' })).out).toEqual([]);
  });

  it('updates by id from the input, leaving other records alone', async () => {
    const { storage, run } = setup();
    const [ada] = await seed(run);
    const { out } = await run({ name: 'people', operation: 'update' }, { id: ada, score: 6, note: 'ok' });
    expect(out).toEqual({
      updated: 1,
      documents: [{ id: ada, createdAt: '2025-01-01T00:00:00.000Z', name: 'Ada', team: 'red', score: 6, note: 'ok' }],
    });
    expect(storage.dump().collections.people![1]!.data).toEqual({ name: 'Grace', team: 'blue', score: 9 });
    expect(await run({ name: 'people', operation: 'update' }, { id: 'doc-99', score: 1 })).toEqual({ out: { updated: 0, documents: [] } });
  });

  it('updates and deletes the records matching where, up to the limit', async () => {
    const { run } = setup();
    await seed(run);
    const updated = await run({ name: 'people', operation: 'update', where: { team: 'red' }, limit: 2 }, { team: 'green' });
    expect((updated.out as { updated: number }).updated).toBe(2);
    expect(names((await run({ name: 'people', where: { team: 'green' } })).out)).toEqual(['Ada', 'Linus']);
    const deleted = await run({ name: 'people', operation: 'delete', where: { team: '{{input.team}}' } }, { team: 'green' });
    expect(deleted.out).toEqual({ deleted: 2, ids: ['doc-1', 'doc-3'] });
    expect(names((await run({ name: 'people' })).out)).toEqual(['Grace', 'Barbara']);
  });

  it('deletes by an id given as text or { id }', async () => {
    const { run } = setup();
    const [ada, grace] = await seed(run);
    expect(await run({ name: 'people', operation: 'delete' }, ada)).toEqual({ out: { deleted: 1, ids: [ada] } });
    expect(await run({ name: 'people', operation: 'delete' }, { id: grace })).toEqual({ out: { deleted: 1, ids: [grace] } });
    expect(await run({ name: 'people', operation: 'delete' }, { id: grace })).toEqual({ out: { deleted: 0, ids: [] } });
    expect(names((await run({ name: 'people' })).out)).toEqual(['Linus', 'Barbara']);
  });

  it('refuses to update or delete with neither an id nor where, touching nothing', async () => {
    const { storage, run } = setup();
    await seed(run);
    const update = await failure(run({ name: 'people', operation: 'update' }, { score: 0 }));
    expect(update.where).toEqual({ port: 'in' });
    expect(update.message).toMatch(/needs a record id/);
    expect((await failure(run({ name: 'people', operation: 'delete' }))).message).toMatch(/Delete needs a record id/);
    expect(storage.dump().collections.people).toHaveLength(4);
    expect(storage.dump().collections.people!.every((d) => d.data.score !== 0)).toBe(true);
  });

  it('refuses inputs of the wrong shape', async () => {
    const { run } = setup();
    expect((await failure(run({ operation: 'insert' }, [1, 2]))).message).toBe(
      'Insert needs a record (an object) at the Document input, not a list.',
    );
    expect((await failure(run({ operation: 'insert' }))).message).toMatch(/not nothing/);
    expect((await failure(run({ operation: 'update' }, 'doc-1'))).message).toMatch(/Update needs the changes/);
    expect((await failure(run({ operation: 'update' }, { id: 'doc-1' }))).message).toMatch(/nothing to change/);
  });

  it('names the where field when a placeholder cannot be filled', async () => {
    const { run } = setup();
    const error = await failure(run({ where: { team: '{{input.team}}' } }, { name: 'x' }));
    expect(error.where).toEqual({ field: 'where' });
    expect(error.message).toMatch(/no field "team"/);
  });

  it('fails without the storage capability', async () => {
    const { run } = setup();
    expect((await failure(run({}, undefined, null))).where.code).toBe('missing_capability');
  });
});
