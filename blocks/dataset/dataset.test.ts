import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { executeForTest } from '@/blocks/core/testing/context';
import { datasetBlock, MAX_DATASET_BYTES } from './dataset.block';
import { executeDataset } from './dataset.exec';
import { formatFromFileName, MAX_REPORTED_ERRORS, parseDataset } from './parse';

const run = (config: unknown) => executeForTest(datasetBlock, executeDataset, { config });

describe('parseDataset: CSV', () => {
  it('infers column types and converts numbers and yes/no values', () => {
    const csv = 'name,score,active,joined,zip,note\nAda,3.5,true,2024-05-01,02134,\nGrace,-2,FALSE,2024-05-02T10:30:00Z,10001,hi\n';
    const { rows, columns, errors } = parseDataset(csv, 'csv');
    expect(errors).toEqual([]);
    expect(columns).toEqual([
      { name: 'name', type: 'string' },
      { name: 'score', type: 'number' },
      { name: 'active', type: 'boolean' },
      { name: 'joined', type: 'date' },
      { name: 'zip', type: 'string' },
      { name: 'note', type: 'string' },
    ]);
    expect(rows).toEqual([
      { name: 'Ada', score: 3.5, active: true, joined: '2024-05-01', zip: '02134', note: '' },
      { name: 'Grace', score: -2, active: false, joined: '2024-05-02T10:30:00Z', zip: '10001', note: 'hi' },
    ]);
  });

  it('makes mixed columns text, empty columns empty, and empty cells null in typed columns', () => {
    const { rows, columns } = parseDataset('a,b,c,d\n1,x,,2024-02-30\n2,3,,2024-02-29\n,4,,\n', 'csv');
    expect(columns).toEqual([
      { name: 'a', type: 'number' },
      { name: 'b', type: 'string' },
      { name: 'c', type: 'empty' },
      { name: 'd', type: 'string' }, // 2024-02-30 is not a date
    ]);
    expect(rows[2]).toEqual({ a: null, b: '4', c: null, d: '' });
    expect(rows[0]!.a).toBe(1);
  });

  it('handles quoted values over several lines, other delimiters, a BOM and CRLF', () => {
    const { rows, errors } = parseDataset('\uFEFFname;bio\r\n"Ada";"first line\r\nsecond; line"\r\nGrace;"said ""hi"""\r\n', 'csv');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { name: 'Ada', bio: 'first line\r\nsecond; line' },
      { name: 'Grace', bio: 'said "hi"' },
    ]);
  });

  it('names columns when there is no header, and fixes blank or repeated header names', () => {
    expect(parseDataset('1,2\n3,4', 'csv', { hasHeader: false })).toEqual({
      rows: [
        { column_1: 1, column_2: 2 },
        { column_1: 3, column_2: 4 },
      ],
      columns: [
        { name: 'column_1', type: 'number' },
        { name: 'column_2', type: 'number' },
      ],
      errors: [],
    });
    expect(parseDataset('x, ,x\n1,2,3', 'csv').columns.map((c) => c.name)).toEqual(['x', 'column_2', 'x_2']);
    expect(parseDataset('name\nAda\n', 'csv')).toEqual({
      rows: [{ name: 'Ada' }],
      columns: [{ name: 'name', type: 'string' }],
      errors: [],
    });
  });

  it('reports rows with the wrong number of values by row and line', () => {
    const { rows, errors } = parseDataset('a,b\n1,2\n\n3\n"multi\nline",4,5\n6,7\n', 'csv');
    expect(errors).toEqual([
      { row: 2, line: 4, message: 'Row 2 (line 4): has 1 value, expected 2.' },
      { row: 3, line: 5, message: 'Row 3 (line 5): has 3 values, expected 2 (the extra ones are left out).' },
    ]);
    expect(rows).toEqual([
      { a: '1', b: 2 },
      { a: '3', b: null },
      { a: 'multi\nline', b: 4 },
      { a: '6', b: 7 },
    ]);
  });

  it('reports an unclosed quote', () => {
    const { errors } = parseDataset('a,b\n1,2\n3,"open\n', 'csv');
    expect(errors[0]).toMatchObject({ row: 2, line: 3 });
    expect(errors[0]!.message).toMatch(/Row 2 \(line 3\): a quoted value is never closed/);
  });

  it('caps the list of problems', () => {
    const csv = `a,b\n${'1\n'.repeat(MAX_REPORTED_ERRORS + 20)}`;
    const { errors } = parseDataset(csv, 'csv');
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(errors.at(-1)!.message).toBe('…and 21 more problems.');
  });

  it('gives nothing for an empty file and the columns for a header alone', () => {
    expect(parseDataset('', 'csv')).toEqual({ rows: [], columns: [], errors: [] });
    expect(parseDataset('a,b\n', 'csv').columns).toEqual([
      { name: 'a', type: 'empty' },
      { name: 'b', type: 'empty' },
    ]);
  });
});

describe('parseDataset: JSON', () => {
  it('reads a list of objects, with column types from the values', () => {
    const json = JSON.stringify([
      { id: 1, name: 'Ada', tags: ['x'], when: '2024-01-01', ok: true },
      { id: 2, name: null, extra: 'only here', ok: false },
    ]);
    const { rows, columns, errors } = parseDataset(json, 'json');
    expect(errors).toEqual([]);
    expect(rows).toEqual(JSON.parse(json));
    expect(columns).toEqual([
      { name: 'id', type: 'number' },
      { name: 'name', type: 'string' },
      { name: 'tags', type: 'string' },
      { name: 'when', type: 'date' },
      { name: 'ok', type: 'boolean' },
      { name: 'extra', type: 'string' },
    ]);
    expect(parseDataset('[{"v": 1}, {"v": "1"}]', 'json').columns).toEqual([{ name: 'v', type: 'string' }]);
  });

  it('refuses what is not a list of objects, naming the item', () => {
    expect(parseDataset('{"data": [{"a": 1}]}', 'json').errors).toEqual([
      {
        row: 0,
        message:
          'The JSON must be a list of objects, like [{"name": "Ada"}]. This file holds one object (with "data"); the list may be inside it.',
      },
    ]);
    const mixed = parseDataset('[{"a": 1}, 5, [1], null]', 'json');
    expect(mixed.rows).toEqual([{ a: 1 }]);
    expect(mixed.errors.map((e) => [e.row, e.message])).toEqual([
      [2, 'Item 2 is a number, not an object; it is left out.'],
      [3, 'Item 3 is a list, not an object; it is left out.'],
      [4, 'Item 4 is null, not an object; it is left out.'],
    ]);
  });

  it('reports invalid JSON with its line, and an empty file', () => {
    const broken = parseDataset('[\n  {"a": 1},\n  {b: 2}\n]', 'json');
    expect(broken.rows).toEqual([]);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({ row: 0, line: 3 });
    expect(broken.errors[0]!.message).toMatch(/^The file is not valid JSON \(line 3\)/);
    expect(parseDataset('  ', 'json').errors[0]!.message).toMatch(/The file is empty/);
  });
});

describe('formatFromFileName', () => {
  it('suggests a format from the extension', () => {
    expect(formatFromFileName('Sales 2024.CSV')).toBe('csv');
    expect(formatFromFileName('export.tsv')).toBe('csv');
    expect(formatFromFileName('users.json')).toBe('json');
    expect(formatFromFileName('notes.pdf')).toBeUndefined();
  });
});

describe('dataset block', () => {
  it('has a working default config with a sample table', async () => {
    expect(await run({})).toEqual({
      out: [
        { label: 'Apples', value: 3 },
        { label: 'Pears', value: 5 },
        { label: 'Plums', value: 2 },
      ],
      columns: [
        { name: 'label', type: 'string' },
        { name: 'value', type: 'number' },
      ],
    });
  });

  it('outputs JSON datasets and honours hasHeader', async () => {
    expect((await run({ format: 'json', content: '[{"a":1}]' })).out).toEqual([{ a: 1 }]);
    expect((await run({ content: 'x,y\n1,2', hasHeader: false })).out).toEqual([
      { column_1: 'x', column_2: 'y' },
      { column_1: '1', column_2: '2' },
    ]);
  });

  it('fails on a file with problems, naming the row', async () => {
    const error = await run({ fileName: 'people.csv', content: 'a,b\n1,2\n3\n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockError);
    expect((error as BlockError).message).toBe('people.csv has problems: Row 2 (line 3): has 1 value, expected 2.');
    expect((error as BlockError).where).toEqual({ field: 'content', code: 'invalid_dataset' });
    const json = await run({ format: 'json', content: '{"a":1}' }).catch((e: unknown) => e);
    expect((json as BlockError).message).toMatch(/must be a list of objects/);
  });

  it('refuses files over 2 MB (counted in bytes)', () => {
    expect(datasetBlock.configSchema.safeParse({ content: 'a'.repeat(MAX_DATASET_BYTES) }).success).toBe(true);
    expect(datasetBlock.configSchema.safeParse({ content: 'a'.repeat(MAX_DATASET_BYTES + 1) }).success).toBe(false);
    const multiByte = 'é'.repeat(MAX_DATASET_BYTES / 2 + 1); // 2 bytes each
    const result = datasetBlock.configSchema.safeParse({ content: multiByte });
    expect(result.error?.issues[0]).toMatchObject({ path: ['content'], message: 'the file is larger than 2 MB' });
    expect(datasetBlock.configSchema.safeParse({ format: 'xlsx' }).success).toBe(false);
  });
});
