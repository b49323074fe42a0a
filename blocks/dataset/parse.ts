/**
 * Turns an uploaded CSV or JSON file into table rows and column types. Browser-safe: the editor
 * shows its preview (and the problems it found) from the same function the executor runs.
 *
 * CSV: the delimiter (comma, semicolon, tab, ...) is detected, quoted fields may span lines, and
 * each column gets one type from all its values: number, yes/no (true/false), date (ISO
 * 2024-05-01, optionally with a time), empty, or string when the values are mixed. Numbers and
 * yes/no values become real numbers and booleans in the rows; dates stay ISO text; an empty cell
 * is null, except in a string column where it stays "". Numbers written with leading zeros
 * (zip codes, "007") are text, so nothing is silently changed.
 * JSON: the file must be a list of objects; values are kept as they are.
 */
import Papa from 'papaparse';

export const DATASET_FORMATS = ['csv', 'json'] as const;
export type TDatasetFormat = (typeof DATASET_FORMATS)[number];

export type TColumnType = 'number' | 'string' | 'boolean' | 'date' | 'empty';
export type TDatasetValue = string | number | boolean | null | TDatasetValue[] | { [key: string]: TDatasetValue };
export type TDatasetRow = { [column: string]: TDatasetValue };

export interface TDatasetColumn {
  name: string;
  type: TColumnType;
}

export interface TDatasetError {
  /** 1-based data row (the first row after the header is 1); 0 for the file as a whole. */
  row: number;
  /** 1-based line in the file, where known. */
  line?: number;
  message: string;
}

export interface TParsedDataset {
  rows: TDatasetRow[];
  columns: TDatasetColumn[];
  errors: TDatasetError[];
}

/** At most this many problems are listed; the last entry says how many more there were. */
export const MAX_REPORTED_ERRORS = 50;

export function parseDataset(content: string, format: TDatasetFormat, options: { hasHeader?: boolean } = {}): TParsedDataset {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const parsed = format === 'csv' ? parseCsv(text, options.hasHeader ?? true) : parseJson(text);
  return { ...parsed, errors: capErrors(parsed.errors) };
}

/** The format a file name suggests, for the editor's upload. */
export function formatFromFileName(fileName: string): TDatasetFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  if (extension === 'json') return 'json';
  return undefined;
}

// ---- CSV ----

function parseCsv(text: string, hasHeader: boolean): TParsedDataset {
  const records: { values: string[]; line: number }[] = [];
  const errors: TDatasetError[] = [];
  const lines = lineCounter(text);
  let previousCursor = 0;
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (result) => {
      const line = lines.lineAt(previousCursor);
      previousCursor = result.meta.cursor;
      const dataRow = records.length + (hasHeader ? 0 : 1);
      const label = dataRow === 0 ? `The header row (line ${line})` : where(dataRow, line);
      for (const error of result.errors) {
        if (error.type === 'Delimiter') continue; // one column: Papa falls back to "," as it should
        errors.push({ row: dataRow, line, message: `${label}: ${csvErrorMessage(error)}` });
      }
      records.push({ values: result.data, line });
    },
  });

  const header = hasHeader ? records.shift() : undefined;
  const width = header ? header.values.length : Math.max(0, ...records.map((r) => r.values.length));
  const names = uniqueNames(Array.from({ length: width }, (_, i) => (header ? (header.values[i] ?? '').trim() : '')));

  const cells: string[][] = records.map((record, index) => {
    const row = index + 1;
    const count = record.values.length;
    if (count !== width) {
      errors.push({
        row,
        line: record.line,
        message: `${where(row, record.line)}: has ${count} value${count === 1 ? '' : 's'}, expected ${width}${count > width ? ' (the extra ones are left out)' : ''}.`,
      });
    }
    return Array.from({ length: width }, (_, i) => record.values[i] ?? '');
  });

  const columns = names.map((name, i) => ({ name, type: inferColumnType(cells.map((c) => c[i]!)) }));
  const rows = cells.map((values) => {
    const row: TDatasetRow = {};
    columns.forEach((column, i) => (row[column.name] = convertCell(values[i]!, column.type)));
    return row;
  });
  errors.sort((a, b) => a.row - b.row);
  return { rows, columns, errors };
}

function csvErrorMessage(error: Papa.ParseError): string {
  switch (error.code) {
    case 'MissingQuotes':
      return 'a quoted value is never closed (a " is missing).';
    case 'InvalidQuotes':
      return 'a quote (") is in the wrong place; put quotes around the whole value and double the quotes inside it.';
    default:
      return `${error.message}.`;
  }
}

function where(row: number, line: number | undefined): string {
  return line === undefined ? `Row ${row}` : `Row ${row} (line ${line})`;
}

/** Line numbers by character offset, counted forwards only (offsets arrive in order). */
function lineCounter(text: string): { lineAt(offset: number): number } {
  let position = 0;
  let line = 1;
  return {
    lineAt(offset) {
      // A row starts at the first character after the previous row that is not a line break.
      let start = offset;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      for (; position < start; position++) {
        if (text[position] === '\n' || (text[position] === '\r' && text[position + 1] !== '\n')) line++;
      }
      return line;
    },
  };
}

function uniqueNames(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((name, i) => {
    const base = name === '' ? `column_${i + 1}` : name;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}_${n}`;
    used.add(candidate);
    return candidate;
  });
}

const NUMBER = /^[-+]?(?:(?:0|[1-9]\d*)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const BOOLEAN = /^(?:true|false)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    !Number.isNaN(Date.parse(text.replace(' ', 'T')))
  );
}

function typeOfText(text: string): TColumnType {
  if (text === '') return 'empty';
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return 'number';
  if (BOOLEAN.test(text)) return 'boolean';
  if (isDate(text)) return 'date';
  return 'string';
}

function inferColumnType(values: string[]): TColumnType {
  let type: TColumnType = 'empty';
  for (const value of values) {
    const own = typeOfText(value.trim());
    if (own === 'empty' || own === type) continue;
    if (type !== 'empty') return 'string';
    type = own;
  }
  return type;
}

function convertCell(value: string, type: TColumnType): TDatasetValue {
  const trimmed = value.trim();
  if (type === 'string') return value;
  if (trimmed === '') return null;
  if (type === 'number') return Number(trimmed);
  if (type === 'boolean') return trimmed.toLowerCase() === 'true';
  return trimmed; // date: ISO text
}

// ---- JSON ----

function parseJson(text: string): TParsedDataset {
  const empty = (error: TDatasetError): TParsedDataset => ({ rows: [], columns: [], errors: [error] });
  if (text.trim() === '')
    return empty({ row: 0, message: 'The file is empty; a JSON dataset is a list of objects, like [{"name": "Ada"}].' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    return empty({ row: 0, ...(line ? { line } : {}), message: `The file is not valid JSON${line ? ` (line ${line})` : ''}: ${message}` });
  }
  if (!Array.isArray(value)) {
    const keys = isObject(value) ? Object.keys(value) : [];
    const hint = keys.length
      ? ` This file holds one object (with ${keys
          .slice(0, 3)
          .map((k) => `"${k}"`)
          .join(', ')}); the list may be inside it.`
      : '';
    return empty({ row: 0, message: `The JSON must be a list of objects, like [{"name": "Ada"}].${hint}` });
  }

  const rows: TDatasetRow[] = [];
  const errors: TDatasetError[] = [];
  value.forEach((item, index) => {
    if (isObject(item)) rows.push(item as TDatasetRow);
    else errors.push({ row: index + 1, message: `Item ${index + 1} is ${describeJson(item)}, not an object; it is left out.` });
  });

  const types = new Map<string, TColumnType>();
  for (const row of rows) {
    for (const [name, cell] of Object.entries(row)) {
      const own = typeOfJson(cell);
      const current = types.get(name) ?? 'empty';
      if (own === 'empty' || own === current) types.set(name, current);
      else types.set(name, current === 'empty' ? own : 'string');
    }
  }
  return { rows, columns: [...types].map(([name, type]) => ({ name, type })), errors };
}

function typeOfJson(value: TDatasetValue): TColumnType {
  if (value === null) return 'empty';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return value === '' ? 'string' : isDate(value) ? 'date' : 'string';
  return 'string'; // nested lists and objects: shown as text in a preview
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

function capErrors(errors: TDatasetError[]): TDatasetError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const more = errors.length - (MAX_REPORTED_ERRORS - 1);
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS - 1),
    { row: errors[MAX_REPORTED_ERRORS - 1]!.row, message: `…and ${more} more problems.` },
  ];
}
