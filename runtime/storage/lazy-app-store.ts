/**
 * The app store, opened on the first storage call rather than when the node starts. An open
 * PGlite holds its WebAssembly memory for as long as the process lives (about 110 MB of RSS; 250
 * on the first open, which creates the database): a node whose apps never store anything, or that
 * has not run one yet, should not pay for it. Same interface as openAppStore's `storage`.
 */
import type { TCollection, TKeyValueStore, TStorageCapability } from '@/blocks/core/executor';
import type { TAppStore, TAppStoreOptions } from './app-store';

export interface TLazyAppStore {
  /** The storage capability of one app scope; the store opens when a method of it is first called. */
  storage(scope: string): TStorageCapability;
  /** Opens the store if it is not open yet; settles when it is (or the open failed). */
  ready(): Promise<void>;
  /** Deletes one app scope's data (opening the store). */
  clear(scope: string): Promise<{ kvKeys: number; documents: number }>;
  /** Whether the store has been opened (or is opening). */
  readonly opened: boolean;
  close(): Promise<void>;
}

export function lazyAppStore(options: TAppStoreOptions): TLazyAppStore {
  let opening: Promise<TAppStore> | undefined;
  let closed = false;

  const open = (): Promise<TAppStore> => {
    if (closed) return Promise.reject(new Error('The app store is closed.'));
    if (!opening) {
      // Imported here too, so PGlite's module is not even loaded before the first storage call.
      const attempt = import('./app-store').then(({ openAppStore }) => openAppStore(options));
      // A failed open (disk full, say) is tried again by the next call, not remembered forever.
      attempt.catch(() => {
        if (opening === attempt) opening = undefined;
      });
      opening = attempt;
    }
    return opening;
  };
  const scoped = async (scope: string) => (await open()).storage(scope);

  return {
    storage(scope) {
      const kv: TKeyValueStore = {
        get: async (key) => (await scoped(scope)).kv.get(key),
        set: async (key, value) => (await scoped(scope)).kv.set(key, value),
        delete: async (key) => (await scoped(scope)).kv.delete(key),
        list: async (prefix) => (await scoped(scope)).kv.list(prefix),
      };
      const collection = (name: string): TCollection => ({
        insert: async (data) => (await scoped(scope)).collection(name).insert(data),
        find: async (query) => (await scoped(scope)).collection(name).find(query),
        update: async (id, patch) => (await scoped(scope)).collection(name).update(id, patch),
        delete: async (id) => (await scoped(scope)).collection(name).delete(id),
      });
      return { kv, collection };
    },
    ready: async () => {
      await open();
    },
    clear: async (scope) => (await open()).clear(scope),
    get opened() {
      return opening !== undefined;
    },
    async close() {
      closed = true;
      const store = await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}
