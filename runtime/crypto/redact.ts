/**
 * Redaction of secret values from run traces and logs, shared by the IDE's test runs
 * (server/services/runs.ts) and the nodes' app runtime. No Node-only imports.
 */
export const REDACTED = '[secret]';

/**
 * Secrets shorter than this are replaced only where a whole string (a value or an object key) is
 * the secret, or its URL-encoded form: replaced inside text, a secret such as "a" or "1234" would
 * garble every trace that happens to contain those characters (and, where they appear, show what
 * the secret is anyway). The IDE warns when such a secret is saved.
 */
export const MIN_REDACTED_SUBSTRING_LENGTH = 6;

/**
 * Returns a copy of `value` in which every occurrence of a secret inside a string (values and
 * object keys, at any depth; also the secret's URL-encoded form) is replaced by "[secret]"; a
 * secret shorter than MIN_REDACTED_SUBSTRING_LENGTH only where it is the whole string. For run
 * traces and logs. Errors keep their class name with message and stack redacted; other
 * non-plain objects (Date, typed arrays, ...) are returned as they are. Does not modify `value`.
 */
export function redactSecrets(value: unknown, secrets: Iterable<string>): unknown {
  const needles = new Set<string>();
  const wholeValues = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    const forms = secret.length >= MIN_REDACTED_SUBSTRING_LENGTH ? needles : wholeValues;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  if (needles.size === 0 && wholeValues.size === 0) return value;
  // Longest first, so a secret that contains another is replaced whole.
  const pattern =
    needles.size === 0
      ? undefined
      : new RegExp(
          [...needles]
            .sort((a, b) => b.length - a.length)
            .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
          'g',
        );
  const redactString = (text: string) => (wholeValues.has(text) ? REDACTED : pattern ? text.replace(pattern, REDACTED) : text);
  const copies = new Map<object, unknown>();

  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (v === null || typeof v !== 'object') return v;
    const existing = copies.get(v);
    if (existing !== undefined) return existing;
    if (Array.isArray(v)) {
      const copy: unknown[] = [];
      copies.set(v, copy);
      for (const item of v) copy.push(visit(item));
      return copy;
    }
    if (v instanceof Error) {
      const copy = new Error(redactString(v.message));
      copy.name = v.name;
      copy.stack = v.stack === undefined ? undefined : redactString(v.stack);
      copies.set(v, copy);
      if (v.cause !== undefined) copy.cause = visit(v.cause);
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const copy: Record<string, unknown> = {};
    copies.set(v, copy);
    for (const [k, item] of Object.entries(v)) copy[redactString(k)] = visit(item);
    return copy;
  };
  return visit(value);
}
