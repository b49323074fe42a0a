/**
 * What the builder likely did, for the engine's terse error messages: QuickJS says "object is not
 * extensible" where a newcomer added a property to a frozen built-in, or "cannot read property
 * 'x' of undefined" where a field of the input is missing. The original message stays; the hint
 * is added after it.
 */

interface THintRule {
  /** Matched against the error's message; the groups feed `hint`. */
  match: RegExp;
  /** Only for errors of this name (TypeError, ...), when set. */
  name?: string;
  hint: (groups: string[], what: 'Code' | 'Expression') => string;
}

const inputName = (what: 'Code' | 'Expression') =>
  what === 'Code' ? '`input`' : 'the names the expression is given (such as `input` or `item`)';

const RULES: readonly THintRule[] = [
  {
    match: /object is not extensible/,
    hint: () =>
      'The code adds a property to an object that cannot change: globalThis and the built-ins (Math, JSON, Array.prototype, ...) are frozen here, and so is anything passed to Object.freeze. Keep your own values in variables (const or let), or change a copy: `const copy = { ...input, total: 1 }`.',
  },
  {
    match: /'([^']{1,100})' is read-only/,
    hint: ([name]) =>
      `"${name}" cannot be changed: it is a constant (declared with const; use let if it must change) or a property of a frozen or built-in object (change a copy instead: \`{ ...value, ${name}: newValue }\`).`,
  },
  {
    match: /cannot read property '([^']{1,100})' of (undefined|null)/,
    hint: ([name, nothing]) =>
      `The value before ".${name}" is ${nothing}: a name before it may be misspelt, or missing from what arrived (see the block's Inputs tab). To allow for it, write ?.${name} instead of .${name}.`,
  },
  {
    match: /'([^']{1,100})' is not defined/,
    name: 'ReferenceError',
    hint: ([name], what) =>
      `"${name}" is not a variable here. What arrives at the block is ${inputName(what)}; declare your own variables with const or let.`,
  },
  {
    match: /not a function/,
    hint: () =>
      'Something called like a function is not one: check the spelling of the method, and that the value before it is what you expect (for example `.map` needs a list).',
  },
  {
    match: /^(expecting|unexpected|invalid)/,
    name: 'SyntaxError',
    hint: () => 'This came from reading text as JSON (JSON.parse): the text is not valid JSON.',
  },
];

/** A hint for an error the code threw while running, or undefined when none fits. */
export function hintFor(error: { name?: string; message?: string }, what: 'Code' | 'Expression'): string | undefined {
  const message = error.message ?? '';
  for (const rule of RULES) {
    if (rule.name && rule.name !== error.name) continue;
    const found = rule.match.exec(message);
    if (found) return rule.hint(found.slice(1), what);
  }
  return undefined;
}
