/**
 * One ordering for table values, shared by Sort / Limit and Aggregate's min/max. Browser-safe.
 * Numbers compare numerically, strings with a fixed-locale collator (so every node sorts the same
 * way; "item 2" before "item 10"), booleans false before true. Different kinds order as
 * number < string < boolean < anything else; null and missing values come last.
 */
const collator = new Intl.Collator('en', { numeric: true });

function rank(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return 0;
    case 'string':
      return 1;
    case 'boolean':
      return 2;
    default:
      return value === null || value === undefined ? 4 : 3;
  }
}

/** Compares two values ascending; `nullsLast` keeps null/missing at the end whatever the direction. */
export function compareValues(a: unknown, b: unknown, direction: 'asc' | 'desc' = 'asc'): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra === 4 || rb === 4) return ra - rb; // nulls last, in both directions
  const sign = direction === 'asc' ? 1 : -1;
  if (ra !== rb) return sign * (ra - rb);
  if (ra === 0) return sign * ((a as number) - (b as number));
  if (ra === 1) return sign * collator.compare(a as string, b as string);
  if (ra === 2) return sign * (Number(a) - Number(b));
  return 0; // objects and lists keep their order
}
