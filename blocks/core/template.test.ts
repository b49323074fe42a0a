import { describe, expect, it } from 'vitest';
import { checkTemplate, fillJsonTemplate, fillTemplate, hasPlaceholders, listPlaceholders, TemplateError } from './template';

const scope = {
  input: { id: 7, name: 'Ada Lovelace', tags: ['math', 'poetry'], user: { email: 'ada@example.com' }, none: null, ok: true },
};

function errorOf(work: () => unknown): TemplateError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('fillTemplate', () => {
  it('fills input fields, nested fields and list items', () => {
    expect(fillTemplate('user:{{input.id}}', scope)).toBe('user:7');
    expect(fillTemplate('{{ input.user.email }} / {{input.tags.1}} / {{input.ok}}', scope)).toBe('ada@example.com / poetry / true');
    expect(fillTemplate('{{input.tags}}', scope)).toBe('["math","poetry"]');
  });

  it('leaves text without placeholders and lone braces alone', () => {
    expect(fillTemplate('plain {text} and {{ unclosed', scope)).toBe('plain {text} and {{ unclosed');
  });

  it('encodes only the filled-in values', () => {
    expect(fillTemplate('https://x.test/u/{{input.name}}?q=a b', scope, { encode: encodeURIComponent })).toBe(
      'https://x.test/u/Ada%20Lovelace?q=a b',
    );
  });

  it('fills secrets only when a resolver is given', () => {
    const secret = (name: string) => (name === 'API_KEY' ? 's3cr3t' : undefined);
    expect(fillTemplate('Bearer {{secret.API_KEY}}', scope, { secret })).toBe('Bearer s3cr3t');
    expect(errorOf(() => fillTemplate('Bearer {{secret.API_KEY}}', scope)).message).toMatch(/secrets cannot be used here/);
  });

  it('names a secret that is not set', () => {
    const error = errorOf(() => fillTemplate('{{secret.MISSING}}', scope, { secret: () => undefined }));
    expect(error.secretName).toBe('MISSING');
    expect(error.placeholder).toBe('{{secret.MISSING}}');
    expect(error.message).toMatch(/"MISSING".*not set/);
  });

  it('refuses unknown roots, saying what can be used', () => {
    const error = errorOf(() => fillTemplate('{{inptu.id}}', scope));
    expect(error.placeholder).toBe('{{inptu.id}}');
    expect(error.message).toBe('Unknown placeholder {{inptu.id}}: use {{input.field}}.');
  });

  it('names the missing field, list item or absent input', () => {
    expect(errorOf(() => fillTemplate('{{input.user.phone}}', scope)).message).toMatch(/no field "user.phone"/);
    expect(errorOf(() => fillTemplate('{{input.tags.5}}', scope)).message).toMatch(/no item "tags.5" \(the list has 2 items\)/);
    expect(errorOf(() => fillTemplate('{{input.id}}', { input: undefined })).message).toMatch(/nothing arrived at the input/);
    expect(errorOf(() => fillTemplate('{{input.none}}', scope)).message).toMatch(/empty \(null\)/);
  });

  it('does not reach into prototypes', () => {
    expect(errorOf(() => fillTemplate('{{input.constructor}}', scope)).message).toMatch(/no field "constructor"/);
    expect(errorOf(() => fillTemplate('{{toString.x}}', scope)).message).toMatch(/Unknown placeholder/);
  });

  it('refuses malformed placeholders', () => {
    expect(errorOf(() => fillTemplate('{{input..id}}', scope)).message).toMatch(/not a valid placeholder/);
    expect(errorOf(() => fillTemplate('{{ }}', scope)).message).toMatch(/not a valid placeholder/);
    expect(errorOf(() => fillTemplate('{{secret.A.B}}', scope, { secret: () => 'x' })).message).toMatch(/not a valid secret placeholder/);
  });
});

describe('fillJsonTemplate', () => {
  it('keeps the type of a value that is one whole placeholder', () => {
    expect(fillJsonTemplate({ id: '{{input.id}}', tags: '{{input.tags}}', none: '{{input.none}}' }, scope)).toEqual({
      id: 7,
      tags: ['math', 'poetry'],
      none: null,
    });
  });

  it('fills strings inside nested objects and lists as text, leaving other values', () => {
    expect(
      fillJsonTemplate({ greeting: 'Hi {{input.name}}', list: [1, '#{{input.id}}'], n: 2, keyed: { '{{input.id}}': true } }, scope),
    ).toEqual({
      greeting: 'Hi Ada Lovelace',
      list: [1, '#7'],
      n: 2,
      keyed: { '{{input.id}}': true },
    });
  });

  it('reports a missing field', () => {
    expect(errorOf(() => fillJsonTemplate({ a: ['{{input.nope}}'] }, scope)).placeholder).toBe('{{input.nope}}');
  });
});

describe('checkTemplate and listPlaceholders', () => {
  it('accepts known roots and reports the first problem', () => {
    expect(checkTemplate('a {{input.x}} b', { roots: ['input'] })).toBeUndefined();
    expect(checkTemplate('{{secret.KEY}}', { roots: ['input'], secrets: true })).toBeUndefined();
    expect(checkTemplate('{{secret.KEY}}', { roots: ['input'] })).toMatch(/secrets cannot be used here/);
    expect(checkTemplate('{{row.x}}', { roots: ['input'], secrets: true })).toBe(
      'Unknown placeholder {{row.x}}: use {{input.field}} or {{secret.NAME}}.',
    );
    expect(checkTemplate('{{a b}}', { roots: ['input'] })).toMatch(/not a valid placeholder/);
  });

  it('lists placeholders with their positions', () => {
    expect(listPlaceholders('x{{input.a.0}}y{{secret.K}}')).toEqual([
      { raw: '{{input.a.0}}', root: 'input', path: ['a', '0'], index: 1 },
      { raw: '{{secret.K}}', root: 'secret', path: ['K'], index: 15 },
    ]);
    expect(hasPlaceholders('{{x}}')).toBe(true);
    expect(hasPlaceholders('{x}')).toBe(false);
  });
});
