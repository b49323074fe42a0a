/**
 * An in-memory TStorageCapability for block tests only (a test fixture, never used by the IDE or
 * a node: those use the database-backed store). It behaves like the real one where blocks can
 * tell: values are copied in and out (a caller mutating a result changes nothing stored), `where`
 * is equality on top-level fields, sorting puts missing values last, `list` is in key order.
 */
import { CREATED_AT_FIELD } from '@/blocks/core/executor';
import type { TCollection, TCollectionQuery, TDocument, TJson, TKeyValueStore, TStorageCapability } from '@/blocks/core/executor';

export interface TMemoryStorage extends TStorageCapability {
  /** What is stored, for assertions: key-value pairs and each collection's documents. */
  dump(): { kv: Record<string, TJson>; collections: Record<string, TDocument[]> };
}

export function createMemoryStorage(options: { now?: () => Date } = {}): TMemoryStorage {
  const now = options.now ?? (() => new Date());
  const values = new Map<string, TJson>();
  const collections = new Map<string, Map<string, TDocument>>();
  let nextId = 1;

  const kv: TKeyValueStore = {
    async get(key) {
      return values.has(key) ? structuredClone(values.get(key)) : undefined;
    },
    async set(key, value) {
      values.set(key, structuredClone(value));
    },
    async delete(key) {
      return values.delete(key);
    },
    async list(prefix = '') {
      return [...values.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => ({ key, value: structuredClone(value) }));
    },
  };

  function collection(name: string): TCollection {
    let documents = collections.get(name);
    if (!documents) {
      documents = new Map();
      collections.set(name, documents);
    }
    const docs = documents;
    return {
      async insert(data) {
        const document: TDocument = { id: `doc-${nextId++}`, createdAt: now().toISOString(), data: structuredClone(data) };
        docs.set(document.id, document);
        return structuredClone(document);
      },
      async find(query: TCollectionQuery = {}) {
        let found = [...docs.values()].filter((d) => matches(d, query.where ?? {}));
        if (query.sort) {
          const { field, direction } = query.sort;
          const sign = direction === 'desc' ? -1 : 1;
          // Insertion order for createdAt; `found` is already in it.
          found =
            field === CREATED_AT_FIELD
              ? sign < 0
                ? found.reverse()
                : found
              : found.sort((a, b) => compareMissingLast(a.data[field], b.data[field], sign));
        }
        if (query.limit !== undefined) found = found.slice(0, query.limit);
        return structuredClone(found);
      },
      async update(id, patch) {
        const document = docs.get(id);
        if (!document) return null;
        document.data = { ...document.data, ...structuredClone(patch) };
        return structuredClone(document);
      },
      async delete(id) {
        return docs.delete(id);
      },
    };
  }

  return {
    kv,
    collection,
    dump: () => ({
      kv: Object.fromEntries(structuredClone([...values.entries()])),
      collections: Object.fromEntries([...collections.entries()].map(([name, docs]) => [name, structuredClone([...docs.values()])])),
    }),
  };
}

function matches(document: TDocument, where: { [field: string]: TJson }): boolean {
  return Object.entries(where).every(
    ([field, expected]) => Object.hasOwn(document.data, field) && sameJson(document.data[field], expected),
  );
}

function sameJson(a: TJson | undefined, b: TJson | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function compareMissingLast(a: TJson | undefined, b: TJson | undefined, sign: number): number {
  const aMissing = a === undefined || a === null;
  const bMissing = b === undefined || b === null;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * sign;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return (x < y ? -1 : x > y ? 1 : 0) * sign;
}
