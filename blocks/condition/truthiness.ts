/**
 * Wraps a user's condition so the sandbox itself reduces it to true/false by JavaScript
 * truthiness. Without this, `item.active` on a row without that field gives `undefined`, which
 * the sandbox refuses as a result (it is not JSON); with it, that row simply does not match.
 * The expression stays on the first line, so line numbers in error messages still fit.
 */
export function truthinessOf(expression: string): string {
  // Trailing semicolons are a habit; inside the wrapper they would be a syntax error.
  const text = expression.trim().replace(/;+$/, '').trimEnd();
  return `Boolean((${text}\n))`;
}
