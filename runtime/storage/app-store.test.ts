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
