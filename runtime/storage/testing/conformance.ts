/**
 * The behaviour every TStorageCapability of Poseidon must have, as one Vitest suite: the IDE's test
 * store and a node's app store both run it (server/services/test-store.test.ts,
 * runtime/storage/apps-db.test.ts), so a block behaves the same in a test run and in a deployed
 * app. Call it inside a `describe`, after the database is open.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BlockError, type TJson, type TStorageCapability } from '@/blocks/core/executor';
import { STORAGE_LIMITS, type TJsonObject } from '../checks';
import type { TStoreSummary } from '../json-store';

/** One fresh, empty namespace of the store under test, with ways to fill it fast. */
export interface TStorageScope {
  store: TStorageCapability;
  /** Writes key-value rows directly (bypassing the capability), for limits that need many rows. */
  seedKv(rows: { key: string; value: TJson }[]): Promise<void>;
  /** Writes documents directly, in order. */
  seedDocuments(collection: string, documents: TJsonObject[]): Promise<void>;
  clear(): Promise<{ kvKeys: number; documents: number }>;
  describe(): Promise<TStoreSummary>;
}

export interface TStorageHarness {
  /** A new namespace (project, app) no other test uses; `label` helps reading failures. */
  newScope(label: string): Promise<TStorageScope>;
}

export async function blockErrorOf(work: Promise<unknown> | (() => unknown)): Promise<BlockError> {
  const error = await (typeof work === 'function' ? Promise.resolve().then(work) : work).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlockError);
  return error as BlockError;
}

/** A string whose JSON text is exactly `bytes` long (two quotes plus ASCII). */
function jsonOfBytes(bytes: number): string {
  return 'x'.repeat(bytes - 2);
}

export function storageConformance(harness: () => TStorageHarness): void {
  const newScope = (label: string) => harness().newScope(label);

  describe('key-value store', () => {
    let store: TStorageCapability;
    beforeAll(async () => {
      store = (await newScope('kv')).store;
    });

    it('sets, gets, overwrites and deletes values of every JSON type', async () => {
      const values: Record<string, TJson> = {
        object: { a: 1, nested: { list: [1, 'two', false, null] } },
        number: 0.1,
        big: 12345678901234,
        string: 'héllo 👋',
        boolean: false,
        array: [3, 2, 1],
        null: null,
      };
      for (const [key, value] of Object.entries(values)) await store.kv.set(key, value);
      for (const [key, value] of Object.entries(values)) expect(await store.kv.get(key)).toEqual(value);

      // A stored null is a value; a missing key is undefined.
      expect(await store.kv.get('null')).toBeNull();
      expect(await store.kv.get('missing')).toBeUndefined();

      await store.kv.set('number', { replaced: true });
      expect(await store.kv.get('number')).toEqual({ replaced: true });

      expect(await store.kv.delete('number')).toBe(true);
      expect(await store.kv.get('number')).toBeUndefined();
      expect(await store.kv.delete('number')).toBe(false);
    });

    it('lists keys in byte order, by a literal prefix', async () => {
      const listStore = (await newScope('kv-list')).store;
      for (const key of ['user:2', 'user:10', 'User:1', 'a_b', 'axb', 'a%c', 'order:1']) {
        await listStore.kv.set(key, key.length);
      }
      const all = await listStore.kv.list();
      expect(all.map((e) => e.key)).toEqual(['User:1', 'a%c', 'a_b', 'axb', 'order:1', 'user:10', 'user:2']);
      expect(all.find((e) => e.key === 'order:1')?.value).toBe(7);

      expect((await listStore.kv.list('user:')).map((e) => e.key)).toEqual(['user:10', 'user:2']);
      // "_" and "%" are ordinary characters in a prefix, not wildcards.
      expect((await listStore.kv.list('a_')).map((e) => e.key)).toEqual(['a_b']);
      expect((await listStore.kv.list('a%')).map((e) => e.key)).toEqual(['a%c']);
      expect(await listStore.kv.list('nothing')).toEqual([]);
    });

    it('refuses to list more keys than the limit instead of truncating', async () => {
      const scope = await newScope('kv-many');
      await scope.seedKv(
        Array.from({ length: STORAGE_LIMITS.maxListedKeys + 1 }, (_, i) => ({ key: `k:${String(i).padStart(4, '0')}`, value: i })),
      );
      const error = await blockErrorOf(scope.store.kv.list('k:'));
      expect(error.where.code).toBe('storage_too_many_keys');
      expect(error.message).toMatch(/More than 1000 keys start with "k:"/);
      expect(await scope.store.kv.list('k:000')).toHaveLength(10);
    });
  });

  describe('collections', () => {
    let store: TStorageCapability;
    beforeAll(async () => {
      store = (await newScope('docs')).store;
      const fruit = store.collection('fruit');
      const fruits: TJsonObject[] = [
        { name: 'banana', price: 10, ripe: true, tags: ['yellow'] },
        { name: 'apple', price: 9, ripe: false, tags: ['red', 'green'] },
        { name: 'cherry', price: 100, ripe: true, tags: ['red'] },
        { name: 'durian', ripe: null, tags: [] },
        { name: 'elderberry', price: 9.5 },
      ];
      for (const data of fruits) await fruit.insert(data);
    });

    it('inserts a document and returns its id, creation time and data', async () => {
      const notes = store.collection('notes');
      const before = Date.now();
      const doc = await notes.insert({ text: 'hi', n: 1 });
      expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(doc.data).toEqual({ text: 'hi', n: 1 });
      expect(new Date(doc.createdAt).toISOString()).toBe(doc.createdAt);
      expect(new Date(doc.createdAt).getTime()).toBeGreaterThan(before - 60_000);
      expect(await notes.find()).toEqual([doc]);
    });

    it('finds in insertion order by default', async () => {
      const docs = await store.collection('fruit').find();
      expect(docs.map((d) => d.data.name)).toEqual(['banana', 'apple', 'cherry', 'durian', 'elderberry']);
    });

    it('sorts by createdAt in exact insertion order, both directions', async () => {
      const fruit = store.collection('fruit');
      const by = async (direction: 'asc' | 'desc') =>
        (await fruit.find({ sort: { field: 'createdAt', direction } })).map((d) => d.data.name);
      expect(await by('asc')).toEqual(['banana', 'apple', 'cherry', 'durian', 'elderberry']);
      expect(await by('desc')).toEqual(['elderberry', 'durian', 'cherry', 'apple', 'banana']);
    });

    it('filters by equality on top-level fields (all must match)', async () => {
      const fruit = store.collection('fruit');
      const names = async (where: Record<string, TJson>) => (await fruit.find({ where })).map((d) => d.data.name);
      expect(await names({ name: 'apple' })).toEqual(['apple']);
      expect(await names({ price: 9 })).toEqual(['apple']);
      expect(await names({ ripe: true })).toEqual(['banana', 'cherry']);
      expect(await names({ ripe: true, price: 100 })).toEqual(['cherry']);
      expect(await names({ ripe: true, price: 9 })).toEqual([]);
      // Whole-value equality: an array field equals only the same array, not a subset of it.
      expect(await names({ tags: ['red'] })).toEqual(['cherry']);
      expect(await names({ tags: ['red', 'green'] })).toEqual(['apple']);
      // Type matters: the string "9" is not the number 9.
      expect(await names({ price: '9' })).toEqual([]);
      // null matches an explicit null and a missing field.
      expect(await names({ ripe: null })).toEqual(['durian', 'elderberry']);
      expect(await names({ price: null })).toEqual(['durian']);
    });

    it('sorts numbers numerically and strings lexically, both directions, missing fields last', async () => {
      const fruit = store.collection('fruit');
      const by = async (field: string, direction: 'asc' | 'desc') =>
        (await fruit.find({ sort: { field, direction } })).map((d) => d.data.name);
      // Lexical order of the numbers would put 100 before 9.
      expect(await by('price', 'asc')).toEqual(['apple', 'elderberry', 'banana', 'cherry', 'durian']);
      expect(await by('price', 'desc')).toEqual(['cherry', 'banana', 'elderberry', 'apple', 'durian']);
      expect(await by('name', 'asc')).toEqual(['apple', 'banana', 'cherry', 'durian', 'elderberry']);
      expect(await by('name', 'desc')).toEqual(['elderberry', 'durian', 'cherry', 'banana', 'apple']);
    });

    it('combines where, sort and limit', async () => {
      const fruit = store.collection('fruit');
      const docs = await fruit.find({ where: { ripe: true }, sort: { field: 'price', direction: 'desc' }, limit: 1 });
      expect(docs.map((d) => d.data.name)).toEqual(['cherry']);
      const cheapest = await fruit.find({ sort: { field: 'price', direction: 'asc' }, limit: 2 });
      expect(cheapest.map((d) => d.data.name)).toEqual(['apple', 'elderberry']);
    });

    it('returns 100 documents by default and up to 1000 when asked', async () => {
      const scope = await newScope('docs-many');
      await scope.seedDocuments(
        'many',
        Array.from({ length: 1001 }, (_, i) => ({ i })),
      );
      const many = scope.store.collection('many');
      expect(await many.find()).toHaveLength(100);
      const thousand = await many.find({ limit: 1000 });
      expect(thousand).toHaveLength(1000);
      expect(thousand[999]?.data.i).toBe(999);
    });

    it('updates by merging top-level fields, and only documents of its own collection', async () => {
      const pets = store.collection('pets');
      const cat = await pets.insert({ name: 'Tom', age: 3, owner: { name: 'Ann' } });
      const updated = await pets.update(cat.id, { age: 4, owner: { city: 'Oslo' }, vaccinated: true });
      expect(updated).toEqual({
        id: cat.id,
        createdAt: cat.createdAt,
        data: { name: 'Tom', age: 4, owner: { city: 'Oslo' }, vaccinated: true },
      });
      expect((await pets.find({ where: { name: 'Tom' } }))[0]?.data).toEqual(updated?.data);

      expect(await pets.update('00000000-0000-4000-8000-000000000000', { age: 1 })).toBeNull();
      expect(await pets.update('not-a-uuid', { age: 1 })).toBeNull();
      // The same id through another collection is not found, and changes nothing.
      expect(await store.collection('fruit').update(cat.id, { age: 99 })).toBeNull();
      expect(await store.collection('fruit').delete(cat.id)).toBe(false);
      expect((await pets.find())[0]?.data.age).toBe(4);
    });

    it('deletes a document', async () => {
      const tasks = store.collection('tasks');
      const a = await tasks.insert({ title: 'a' });
      const b = await tasks.insert({ title: 'b' });
      expect(await tasks.delete(a.id)).toBe(true);
      expect(await tasks.delete(a.id)).toBe(false);
      expect(await tasks.delete('nope')).toBe(false);
      expect((await tasks.find()).map((d) => d.id)).toEqual([b.id]);
    });
  });

  it('keeps two scopes apart', async () => {
    const a = (await newScope('isolated-a')).store;
    const b = (await newScope('isolated-b')).store;

    await a.kv.set('shared', 'from a');
    await b.kv.set('shared', 'from b');
    await a.kv.set('only-a', 1);
    expect(await a.kv.get('shared')).toBe('from a');
    expect(await b.kv.get('shared')).toBe('from b');
    expect(await b.kv.get('only-a')).toBeUndefined();
    expect((await b.kv.list()).map((e) => e.key)).toEqual(['shared']);
    expect(await b.kv.delete('only-a')).toBe(false);
    expect(await a.kv.get('only-a')).toBe(1);

    const docA = await a.collection('items').insert({ owner: 'a' });
    await b.collection('items').insert({ owner: 'b' });
    expect((await a.collection('items').find()).map((d) => d.data.owner)).toEqual(['a']);
    expect((await b.collection('items').find()).map((d) => d.data.owner)).toEqual(['b']);
    // Scope b cannot reach scope a's document by its id.
    expect(await b.collection('items').update(docA.id, { owner: 'hijacked' })).toBeNull();
    expect(await b.collection('items').delete(docA.id)).toBe(false);
    expect((await a.collection('items').find())[0]?.data.owner).toBe('a');
  });

  it('describes and clears one scope, leaving others alone', async () => {
    const scope = await newScope('clear');
    const other = await newScope('clear-other');
    const { store } = scope;
    await store.kv.set('a', 1);
    await store.kv.set('b', 2);
    await store.collection('zeta').insert({ n: 1 });
    await store.collection('Alpha').insert({ n: 1 });
    await store.collection('Alpha').insert({ n: 2 });
    await other.store.kv.set('keep', true);
    await other.store.collection('keep').insert({ n: 1 });

    expect(await scope.describe()).toEqual({
      kvKeys: 2,
      collections: [
        { name: 'Alpha', documents: 2 },
        { name: 'zeta', documents: 1 },
      ],
    });

    expect(await scope.clear()).toEqual({ kvKeys: 2, documents: 3 });
    expect(await scope.describe()).toEqual({ kvKeys: 0, collections: [] });
    expect(await store.kv.list()).toEqual([]);
    expect(await store.collection('Alpha').find()).toEqual([]);

    expect(await other.describe()).toEqual({ kvKeys: 1, collections: [{ name: 'keep', documents: 1 }] });
    expect(await other.store.kv.get('keep')).toBe(true);
  });

  describe('limits', () => {
    let store: TStorageCapability;
    beforeAll(async () => {
      store = (await newScope('limits')).store;
    });

    it('refuses keys that are too long or empty', async () => {
      const longest = 'k'.repeat(STORAGE_LIMITS.keyLength);
      await store.kv.set(longest, 1);
      expect(await store.kv.get(longest)).toBe(1);

      const tooLong = await blockErrorOf(store.kv.set(`${longest}k`, 1));
      expect(tooLong.where.code).toBe('storage_key_too_long');
      expect(tooLong.message).toBe('Storage key is 201 characters long; the limit is 200.');
      expect((await blockErrorOf(store.kv.get(`${longest}k`))).where.code).toBe('storage_key_too_long');
      expect((await blockErrorOf(store.kv.set('', 1))).message).toMatch(/key must not be empty/);
      expect((await blockErrorOf(store.kv.set('nul\u0000', 1))).message).toMatch(/key contains a NUL/);
      expect(await store.kv.list()).toEqual([{ key: longest, value: 1 }]);
    });

    it('refuses invalid collection names', async () => {
      for (const name of ['1abc', 'has space', 'a'.repeat(65), '', 'dot.ted', 'ünï']) {
        const error = await blockErrorOf(() => store.collection(name));
        expect(error.where.code).toBe('storage_invalid_collection');
        expect(error.message).toContain(`Collection name ${JSON.stringify(name)} is not valid`);
      }
      for (const name of ['a', 'Users_2024', 'log-entries', `a${'b'.repeat(63)}`]) {
        expect(await store.collection(name).find()).toEqual([]);
      }
    });

    it('refuses values and documents over 256 KB', async () => {
      const max = STORAGE_LIMITS.jsonBytes;
      await store.kv.set('fits', jsonOfBytes(max));
      expect(((await store.kv.get('fits')) as string).length).toBe(max - 2);

      const tooBig = await blockErrorOf(store.kv.set('big', jsonOfBytes(max + 1)));
      expect(tooBig.where.code).toBe('storage_value_too_large');
      expect(tooBig.message).toBe('The value of "big" is 262145 bytes as JSON; the limit is 262144 bytes (256 KB).');
      expect(await store.kv.get('big')).toBeUndefined();

      const docs = store.collection('big');
      const docError = await blockErrorOf(docs.insert({ blob: 'x'.repeat(max) }));
      expect(docError.where.code).toBe('storage_value_too_large');
      expect(docError.message).toBe('The document is 262155 bytes as JSON; the limit is 262144 bytes (256 KB).');

      // An update is measured after merging: two halves that fit alone do not fit together.
      const half = 'y'.repeat(max / 2);
      const doc = await docs.insert({ a: half });
      const mergeError = await blockErrorOf(docs.update(doc.id, { b: half }));
      expect(mergeError.message).toBe('The updated document is 262159 bytes as JSON; the limit is 262144 bytes (256 KB).');
      expect((await docs.find())[0]?.data).toEqual({ a: half });
      expect(await docs.find()).toHaveLength(1);
    });

    it('refuses values that are not JSON', async () => {
      const cases: [unknown, RegExp][] = [
        [undefined, /The value of "v" is undefined, which is not JSON/],
        [Number.NaN, /The value of "v" is NaN/],
        [{ when: new Date(0) }, /The value of "v" at when is not a plain JSON object/],
        [{ list: [1, Infinity] }, /The value of "v" at list\[1\] is Infinity/],
        [{ f: () => 1 }, /at f is a function, which is not JSON/],
        ['nul\u0000', /contains a NUL character/],
      ];
      for (const [value, message] of cases) {
        const error = await blockErrorOf(store.kv.set('v', value as TJson));
        expect(error.where.code).toBe('storage_invalid_value');
        expect(error.message).toMatch(message);
      }
      const cyclic: { [key: string]: TJson } = {};
      cyclic.self = cyclic;
      expect((await blockErrorOf(store.kv.set('v', cyclic))).message).toMatch(/at self refers to itself/);
      expect((await blockErrorOf(store.collection('c').insert([1] as unknown as TJsonObject))).message).toBe(
        'A document must be a JSON object ({ ... }).',
      );
      expect(await store.kv.get('v')).toBeUndefined();
    });

    it('refuses a limit outside 1..1000 and malformed queries', async () => {
      const c = store.collection('q');
      for (const limit of [0, 1001, 1.5, -1]) {
        const error = await blockErrorOf(c.find({ limit }));
        expect(error.where.code).toBe('storage_limit_out_of_range');
        expect(error.message).toBe(`Query "limit" must be a whole number from 1 to 1000, not ${limit}.`);
      }
      const direction = await blockErrorOf(c.find({ sort: { field: 'x', direction: 'up' as 'asc' } }));
      expect(direction.message).toBe('Query "sort.direction" must be "asc" or "desc", not "up".');
      expect((await blockErrorOf(c.find({ sort: { field: '', direction: 'asc' } }))).message).toMatch(
        /Query "sort.field" must be a field name/,
      );
      expect((await blockErrorOf(c.find({ where: { x: Number.NaN } }))).message).toMatch(/Query "where" at x is NaN/);
    });
  });
}
