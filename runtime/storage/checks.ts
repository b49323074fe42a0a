/**
 * The rules every TStorageCapability built on PostgreSQL jsonb follows (the IDE's test store and a
 * DAIOS node's app store): limits, what a key, a collection name or a field may be, and which
 * values can be stored. Each refusal is a `BlockError` whose message names the problem, so the
 * runtime shows it as a Diagnostic on the block that asked.
 */
import { BlockError, type TJson } from '@/blocks/core/executor';

export const STORAGE_LIMITS = {
  keyLength: 200,
  /** Bytes of a value's or a document's JSON text (UTF-8). */
  jsonBytes: 256 * 1024,
  /** Documents one `find` returns at most, and by default. */
  maxFindLimit: 1000,
  defaultFindLimit: 100,
  /** Keys one `kv.list` returns at most; a prefix matching more is refused, never truncated. */
  maxListedKeys: 1000,
  fieldLength: 200,
} as const;

/**
 * The default storage quota of one app on a node (its name and each preview have their own; see
 * json-store.ts): plenty for what a generated dApp keeps (a guestbook of 100,000 entries is about
 * 10 MB), small enough that a node holding hundreds of apps does not fill its disk because of one.
 * Here, not in app-store.ts, so that the node's configuration does not load PGlite.
 */
export const DEFAULT_APP_STORAGE_QUOTA = Object.freeze({ bytes: 64 * 1024 * 1024, rows: 200_000 });

export const COLLECTION_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
/** Document ids are UUIDs (the database makes them); anything else finds nothing. */
export const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UTF-16 surrogate without its partner: not encodable as UTF-8, so PostgreSQL cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type TJsonObject = { [key: string]: TJson };

export function storageError(code: string, message: string): BlockError {
  return new BlockError(message, { code });
}

/** Text PostgreSQL can store: no NUL character, no lone surrogate. */
export function storableTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

export function assertKey(key: unknown, what = 'Storage key'): asserts key is string {
  if (typeof key !== 'string') throw storageError('storage_invalid_key', `${what} must be a string.`);
  if (key.length > STORAGE_LIMITS.keyLength) {
    throw storageError('storage_key_too_long', `${what} is ${key.length} characters long; the limit is ${STORAGE_LIMITS.keyLength}.`);
  }
  const problem = storableTextProblem(key);
  if (problem) throw storageError('storage_invalid_key', `${what} ${problem}.`);
}

export function assertNonEmptyKey(key: unknown): asserts key is string {
  assertKey(key);
  if (key.length === 0) throw storageError('storage_invalid_key', 'Storage key must not be empty.');
}

export function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw storageError(
      'storage_invalid_collection',
      `Collection name ${JSON.stringify(name)} is not valid: use 1 to 64 letters, digits, "_" or "-", starting with a letter.`,
    );
  }
}

export function assertField(field: unknown, what: string): asserts field is string {
  if (typeof field !== 'string' || field.length === 0 || field.length > STORAGE_LIMITS.fieldLength) {
    throw storageError('storage_invalid_query', `${what} must be a field name of 1 to ${STORAGE_LIMITS.fieldLength} characters.`);
  }
  const problem = storableTextProblem(field);
  if (problem) throw storageError('storage_invalid_query', `${what} ${problem}.`);
}

export function assertObject(value: unknown, what: string): asserts value is TJsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw storageError('storage_invalid_value', `${what} must be a JSON object ({ ... }).`);
  }
}

/**
 * Checks that a value is plain JSON that PostgreSQL's jsonb accepts, and returns its JSON text.
 * Anything JSON.stringify would silently change (undefined, NaN, a Date, a class instance) or
 * jsonb would refuse (\u0000 in a string) is an error naming where it is.
 */
export function toStorableJson(value: unknown, what: string): string {
  const seen = new Set<object>();
  const check = (v: unknown, path: string): void => {
    const at = path ? `${what} at ${path}` : what;
    if (v === null || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw storageError('storage_invalid_value', `${at} is ${v}, which JSON cannot hold.`);
      return;
    }
    if (typeof v === 'string') {
      const problem = storableTextProblem(v);
      if (problem) throw storageError('storage_invalid_value', `${at} ${problem}.`);
      return;
    }
    if (typeof v !== 'object') {
      throw storageError('storage_invalid_value', `${at} is ${v === undefined ? 'undefined' : `a ${typeof v}`}, which is not JSON.`);
    }
    if (seen.has(v)) throw storageError('storage_invalid_value', `${at} refers to itself (a cycle), which JSON cannot hold.`);
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => check(item, `${path}[${i}]`));
    } else {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw storageError('storage_invalid_value', `${at} is not a plain JSON object.`);
      }
      for (const [k, item] of Object.entries(v)) {
        const problem = storableTextProblem(k);
        if (problem) throw storageError('storage_invalid_value', `${at}: field name ${JSON.stringify(k)} ${problem}.`);
        check(item, path ? `${path}.${k}` : k);
      }
    }
    seen.delete(v);
  };
  check(value, '');
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > STORAGE_LIMITS.jsonBytes) {
    throw storageError(
      'storage_value_too_large',
      `${what} is ${bytes} bytes as JSON; the limit is ${STORAGE_LIMITS.jsonBytes} bytes (${STORAGE_LIMITS.jsonBytes / 1024} KB).`,
    );
  }
  return text;
}
