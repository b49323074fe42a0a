/**
 * Canonical JSON: one byte sequence per value, so the same manifest always hashes the same.
 *
 * The format is JSON.stringify(value, null, 2) with object keys sorted, spelled out so that no
 * engine detail leaks in:
 * - object keys sorted by UTF-16 code units (the default `Array.prototype.sort` order), at every
 *   depth; members whose value is `undefined` are left out (as JSON.stringify does);
 * - two-space indentation, one member or item per line, `": "` after keys, `{}` and `[]` for
 *   empty containers, `\n` line ends and one final `\n`; no BOM;
 * - strings and numbers as JSON.stringify writes them (shortest round-trip numbers, `-0` as `0`,
 *   lone surrogates escaped); an `undefined` array item as `null`;
 * - only JSON values: null, booleans, finite numbers, strings, arrays and plain objects. Anything
 *   else (NaN, Infinity, bigint, functions, Dates, Maps, class instances) throws, naming where.
 *
 * Pretty rather than compact: bundles are small, and a manifest someone opens from IPFS (or a
 * golden file in a diff) should be readable. The layout is the one `prettier --parser json
 * --print-width 1` gives, which keeps the golden files stable under Prettier.
 *
 * Implementation: a checked copy with sorted keys, printed by the engine's JSON.stringify (fast,
 * linear). JavaScript objects put integer-like keys ("2", "10") before all others whatever the
 * insertion order, so a value with such a key is printed by `write` below instead, which emits
 * the same layout itself.
 */

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
  constructor(
    /** What is wrong, without the path. */
    readonly problem: string,
    /** Where in the value, e.g. `config.rows[2]`. */
    readonly path: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }
}

/** The canonical text of `value`, ending with a newline. */
export function canonicalJson(value: unknown): string {
  const keys: (string | number)[] = [];
  try {
    const state = { digitKey: false };
    const sorted = sortedCopy(value, keys, state);
    return (state.digitKey ? write(value, '') : JSON.stringify(sorted, null, 2)) + '\n';
  } catch (error) {
    if (error instanceof NotJson) throw new CanonicalJsonError(error.message, pathOf(keys));
    throw error;
  }
}

/** Thrown while copying; `keys` still holds the path to the offending value when it is caught. */
class NotJson extends Error {}

const DIGITS = /^[0-9]+$/;

/** Checks that `value` is JSON and copies it with object keys inserted in sorted order. */
function sortedCopy(value: unknown, keys: (string | number)[], state: { digitKey: boolean }): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson(`${value} is not a JSON number`);
      return value;
    case 'object':
      break;
    default:
      throw new NotJson(`a ${typeof value} is not a JSON value`);
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      keys.push(i);
      copy[i] = item === undefined ? null : sortedCopy(item, keys, state);
      keys.pop();
    }
    return copy;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new NotJson(`a ${(value as object).constructor?.name ?? 'non-plain'} object is not a JSON value`);
  }
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(record).sort()) {
    const member = record[name];
    if (member === undefined) continue;
    if (DIGITS.test(name)) state.digitKey = true;
    keys.push(name);
    copy[name] = sortedCopy(member, keys, state);
    keys.pop();
  }
  return copy;
}

/** Strings that JSON.stringify writes as they are, between quotes. */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quote(text: string): string {
  return PLAIN_STRING.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** The same layout as JSON.stringify(sorted, null, 2), for an already checked value. */
function write(value: unknown, indent: string): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '\n' : ',\n') + inner + write(item === undefined ? null : item, inner);
    }
    return out + '\n' + indent + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const name of Object.keys(record).sort()) {
    const member = record[name];
    if (member === undefined) continue;
    out += (out === '' ? '{\n' : ',\n') + inner + quote(name) + ': ' + write(member, inner);
  }
  return out === '' ? '{}' : out + '\n' + indent + '}';
}

function pathOf(keys: readonly (string | number)[]): string {
  let path = '';
  for (const key of keys) path += typeof key === 'number' ? `[${key}]` : path ? `.${key}` : key;
  return path;
}

/** Plain UTF-16 code unit order, independent of locale: the one sort used for everything in a bundle. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
