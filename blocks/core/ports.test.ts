import { describe, expect, it } from 'vitest';
import { canConnect, PORT_TYPES, valueFitsPort, type TPortType } from './ports';

/** The whole compatibility table, row = output type, column = input type. "+" ok, "?" checked at run time, "-" refused. */
const TABLE: Record<TPortType, string> = {
  //        number string boolean json table model image address event any
  number: '+ + - + - - - - - +',
  string: '- + - + - - ? ? - +',
  boolean: '- + + + - - - - - +',
  json: '? ? ? + ? - ? ? ? +',
  table: '- - - + + - - - - +',
  model: '- - - - - + - - - +',
  image: '- - - - - - + - - +',
  address: '- + - + - - - + - +',
  event: '? - ? + ? - ? ? + +',
  any: '? ? ? ? ? ? ? ? ? +',
};

describe('canConnect', () => {
  for (const from of PORT_TYPES) {
    const row = TABLE[from].split(' ');
    PORT_TYPES.forEach((to, i) => {
      const expected = row[i];
      it(`${from} -> ${to} is ${expected}`, () => {
        const result = canConnect(from, to);
        if (expected === '-') {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
        } else {
          expect(result).toEqual({ ok: true, check: expected === '+' ? 'none' : 'runtime' });
        }
      });
    });
  }

  it('explains a refusal in words a user understands', () => {
    const result = canConnect('table', 'number');
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/many rows.*Aggregate/) });
  });
});

describe('valueFitsPort', () => {
  it.each<[unknown, TPortType, boolean]>([
    [3, 'number', true],
    [Number.NaN, 'number', false],
    ['3', 'number', false],
    [[{ a: 1 }], 'table', true],
    [[1, 2], 'table', false],
    [{ a: 1 }, 'table', false],
    ['0xabc', 'address', true],
    [true, 'boolean', true],
    [null, 'json', true],
  ])('%o fits %s: %s', (value, type, fits) => {
    expect(valueFitsPort(value, type)).toBe(fits);
  });
});
