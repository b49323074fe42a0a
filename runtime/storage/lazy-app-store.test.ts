import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_STORE_DIR } from './app-store';
import { lazyAppStore } from './lazy-app-store';

describe('lazy app store', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lazy-app-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('opens the store (creating its folder) on the first storage call only, then serves every scope from it', async () => {
    const dir = await dataDir();
    const store = lazyAppStore({ dataDir: dir });
    const guestbook = store.storage('guestbook');
    const other = store.storage('other');
    expect(store.opened).toBe(false);
    expect(existsSync(path.join(dir, APP_STORE_DIR))).toBe(false);

    await guestbook.kv.set('greeting', 'hello');
    expect(store.opened).toBe(true);
    expect(existsSync(path.join(dir, APP_STORE_DIR))).toBe(true);
    const entry = await guestbook.collection('entries').insert({ name: 'Ada' });
    expect(await guestbook.kv.get('greeting')).toBe('hello');
    expect(await other.kv.get('greeting')).toBeUndefined();
    expect((await guestbook.collection('entries').find()).map((d) => d.id)).toEqual([entry.id]);
    await store.close();

    // Persisted: a new store over the same folder reads it back.
    const reopened = lazyAppStore({ dataDir: dir });
    expect(await reopened.storage('guestbook').kv.get('greeting')).toBe('hello');
    await reopened.close();
  });

  it('closes without opening when never used, and refuses calls once closed', async () => {
    const dir = await dataDir();
    const store = lazyAppStore({ dataDir: dir });
    await store.close();
    expect(existsSync(path.join(dir, APP_STORE_DIR))).toBe(false);
    await expect(store.storage('guestbook').kv.get('x')).rejects.toThrow('The app store is closed.');
  });

  it('checks the scope when the store is used', async () => {
    const store = lazyAppStore({});
    await expect(store.storage('').kv.get('x')).rejects.toThrow('is not an app scope');
    await store.close();
  });
});
