import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore, type TAppStore } from './app-store';
import { storageConformance, type TStorageHarness } from './testing/conformance';

describe('app store (PGlite)', () => {
  let apps: TAppStore;
  let harness: TStorageHarness;
  let scopes = 0;

  beforeAll(async () => {
    apps = await openAppStore({});
    harness = {
      async newScope(label) {
        const scope = `${label}-${++scopes}`;
        const store = apps.storage(scope);
        return {
          store,
          // Through the capability: the node has no other way in, and a test of 1,001 rows is fast enough.
          async seedKv(rows) {
            for (const row of rows) await store.kv.set(row.key, row.value);
          },
          async seedDocuments(collection, documents) {
            const c = store.collection(collection);
            for (const data of documents) await c.insert(data);
          },
          clear: () => apps.clear(scope),
          describe: () => apps.describe(scope),
        };
      },
    };
  });
  afterAll(async () => {
    await apps.close();
  });

  storageConformance(() => harness);

  it('keeps preview data apart from the app of the same name', async () => {
    await apps.storage('shop').kv.set('k', 'live');
    await apps.storage('preview:shop').kv.set('k', 'draft');
    expect(await apps.storage('shop').kv.get('k')).toBe('live');
    expect(await apps.storage('preview:shop').kv.get('k')).toBe('draft');
  });

  it('refuses an empty or oversized scope', () => {
    expect(() => apps.storage('')).toThrow(/not an app scope/);
    expect(() => apps.storage('x'.repeat(201))).toThrow(/not an app scope/);
  });
});

describe('app store: the storage quota per app', () => {
  let apps: TAppStore;
  beforeAll(async () => {
    apps = await openAppStore({ quota: { bytes: 4096, rows: 20 } });
  });
  afterAll(async () => {
    await apps.close();
  });

  it('refuses a write past the bytes quota, naming it, and undoes it; other apps are not affected', async () => {
    const greedy = apps.storage('greedy');
    const chunk = 'x'.repeat(1000);
    let stored = 0;
    let refusal: unknown;
    // Bounded: 20 writes of 1 KB are five times the quota.
    for (let i = 0; i < 20 && !refusal; i++) {
      await greedy
        .collection('blobs')
        .insert({ chunk })
        .then(
          () => (stored += 1),
          (error: unknown) => (refusal = error),
        );
    }
    expect(stored).toBe(4);
    expect(refusal).toMatchObject({
      where: { code: 'storage_quota_exceeded' },
      message: expect.stringMatching(/^Not stored: greedy would hold 4\.\d KB, over its quota of 4\.0 KB \(the storage quota per app/),
    });
    // The refused write left nothing behind, and the usage counts exactly what is stored.
    expect(await greedy.collection('blobs').find()).toHaveLength(4);
    const usage = await apps.usage('greedy');
    expect(usage.rows).toBe(4);
    expect(usage.bytes).toBe(4 * JSON.stringify({ chunk }).replace(':', ': ').length);
    // A key-value write is counted too, and growing a key's value counts only the difference.
    await expect(greedy.kv.set('big', chunk)).rejects.toMatchObject({ where: { code: 'storage_quota_exceeded' } });
    await greedy.kv.set('small', 1);
    await expect(greedy.kv.set('small', chunk)).rejects.toMatchObject({ where: { code: 'storage_quota_exceeded' } });
    expect(await greedy.kv.get('small')).toBe(1);

    // Another app has its own quota.
    const modest = apps.storage('modest');
    await modest.kv.set('note', chunk);
    expect(await modest.kv.get('note')).toBe(chunk);

    // Deleting makes room again; a write that frees space is never refused.
    const [first] = await greedy.collection('blobs').find({ limit: 1 });
    expect(await greedy.collection('blobs').delete(first!.id)).toBe(true);
    await greedy.kv.set('small', 'x'.repeat(900));
    await greedy.kv.set('small', 2);
    expect(await apps.usage('greedy')).toEqual({ rows: 4, bytes: usage.bytes - usage.bytes / 4 + 'small'.length + 1 });
    await apps.clear('greedy');
    expect(await apps.usage('greedy')).toEqual({ bytes: 0, rows: 0 });
  });

  it('refuses a write past the rows quota (keys and documents together)', async () => {
    const many = apps.storage('many-rows');
    for (let i = 0; i < 10; i++) await many.kv.set(`k${i}`, i);
    for (let i = 0; i < 10; i++) await many.collection('c').insert({ i });
    await expect(many.kv.set('one-more', 1)).rejects.toMatchObject({
      where: { code: 'storage_quota_exceeded' },
      message: expect.stringContaining('many-rows would hold 21 keys and documents, over its quota of 20'),
    });
    await expect(many.collection('c').insert({ i: 99 })).rejects.toMatchObject({ where: { code: 'storage_quota_exceeded' } });
    // Overwriting an existing key adds no row.
    await many.kv.set('k0', 'again');
    const [doc] = await many.collection('c').find({ limit: 1 });
    expect(await many.collection('c').update(doc!.id, { i: -1 })).toMatchObject({ data: { i: -1 } });
    expect((await apps.usage('many-rows')).rows).toBe(20);
  });

  it('counts concurrent writes of one app exactly', async () => {
    const busy = apps.storage('busy');
    await Promise.all(Array.from({ length: 10 }, (_, i) => busy.kv.set(`k${i % 5}`, i)));
    expect(await apps.usage('busy')).toEqual({ rows: 5, bytes: 5 * ('k0'.length + 1) });
  });
});

describe('app store on disk', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'poseidon-apps-db-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every app’s data across a restart (close and reopen on the same directory)', async () => {
    const first = await openAppStore({ dataDir });
    const entries = first.storage('guestbook').collection('entries');
    const ada = await entries.insert({ name: 'Ada', message: 'Hello' });
    const bob = await entries.insert({ name: 'Bob', message: 'Hi' });
    await first.storage('guestbook').kv.set('visits', 2);
    await first.storage('other').kv.set('visits', 40);
    await first.close();
    await expect(Promise.resolve().then(() => first.storage('guestbook'))).rejects.toThrow(/closed/);

    const second = await openAppStore({ dataDir });
    try {
      const again = second.storage('guestbook');
      expect(await again.collection('entries').find({ sort: { field: 'createdAt', direction: 'desc' } })).toEqual([bob, ada]);
      expect(await again.kv.get('visits')).toBe(2);
      expect(await second.storage('other').kv.get('visits')).toBe(40);
      // Insertion order continues after the restart.
      const carol = await again.collection('entries').insert({ name: 'Carol' });
      expect((await again.collection('entries').find()).map((d) => d.id)).toEqual([ada.id, bob.id, carol.id]);
    } finally {
      await second.close();
    }
  });
});
