import { describe, expect, it } from 'vitest';
import { execContext } from '@/blocks/code/testing';
import { chartBlock } from './chart.block';
import { executeChart } from './chart.exec';
import { thrown } from '@/blocks/core/testing/errors';

const data = [
  { label: 'Mon', value: 3 },
  { label: 'Tue', value: 0 },
  { label: 'Wed', value: 7.5 },
];

const draw = (rows: unknown, config: Record<string, unknown>) =>
  executeChart({ inputs: { rows }, config: chartBlock.configSchema.parse(config), ctx: execContext() });

describe('chart block', () => {
  it('accepts rows whose x exists and y is a number, for every kind', () => {
    expect(chartBlock.configSchema.parse({})).toEqual({ title: '', kind: 'bar', x: '', y: '' });
    for (const kind of ['bar', 'line', 'pie']) expect(draw(data, { kind, x: 'label', y: 'value' })).toEqual({});
    expect(draw([], { x: 'label', y: 'value' })).toEqual({});
  });

  it('asks for x and y when they are not chosen', () => {
    expect(thrown(() => draw(data, { y: 'value' })).where.field).toBe('x');
    expect(thrown(() => draw(data, { x: 'label' })).where.field).toBe('y');
  });

  it('names the field and row that do not fit', () => {
    const noX = thrown(() => draw([...data, { value: 1 }], { x: 'label', y: 'value' }));
    expect(noX.where.field).toBe('x');
    expect(noX.message).toContain('Row 4');
    const notNumber = thrown(() => draw([{ label: 'a', value: '3' }], { x: 'label', y: 'value' }));
    expect(notNumber.where).toMatchObject({ field: 'y', code: 'not_a_number' });
    expect(notNumber.message).toContain('Row 1');
    expect(thrown(() => draw([{ label: 'a', value: null }], { x: 'label', y: 'value' })).where.field).toBe('y');
    expect(thrown(() => draw([{ label: 'a' }], { x: 'label', y: 'value' })).where.field).toBe('y');
  });

  it('refuses negative slices in a pie only', () => {
    const rows = [{ label: 'loss', value: -2 }];
    expect(draw(rows, { kind: 'bar', x: 'label', y: 'value' })).toEqual({});
    expect(thrown(() => draw(rows, { kind: 'pie', x: 'label', y: 'value' })).where.code).toBe('negative_slice');
  });

  it('refuses an input that is not a table', () => {
    expect(thrown(() => draw('rows', { x: 'label', y: 'value' })).where.port).toBe('rows');
  });
});
