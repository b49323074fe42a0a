/**
 * The project export file: what "Export" downloads and "Import" accepts. Browser-safe, so the
 * dashboard can show problems before uploading; the server checks again before saving anything.
 */
import { z } from 'zod';
import { diagnosticsFromZodError, type TDiagnostic } from './diagnostics';
import { parseGraph, ZGraph } from './graph';

export const PROJECT_FILE_FORMAT = 'poseidon.project';
export const PROJECT_FILE_VERSION = 1;
/** Larger files are refused before parsing. */
export const PROJECT_FILE_MAX_BYTES = 5 * 1024 * 1024;

export const ZProjectName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const ZProjectDescription = z.string().trim().max(2000, 'must be at most 2000 characters');

export const ZProjectFile = z.object({
  format: z.literal(PROJECT_FILE_FORMAT, {
    error: `must be "${PROJECT_FILE_FORMAT}": this is not a Poseidon project export`,
  }),
  formatVersion: z.literal(PROJECT_FILE_VERSION, {
    error: `must be ${PROJECT_FILE_VERSION}: this export comes from an unsupported version`,
  }),
  exportedAt: z.iso.datetime({ offset: true }),
  project: z.object({
    name: ZProjectName,
    description: ZProjectDescription.default(''),
    graph: ZGraph,
  }),
});
export type TProjectFile = z.infer<typeof ZProjectFile>;

export function buildProjectFile(project: Pick<TProjectFile['project'], 'name' | 'description' | 'graph'>, exportedAt: Date): TProjectFile {
  return {
    format: PROJECT_FILE_FORMAT,
    formatVersion: PROJECT_FILE_VERSION,
    exportedAt: exportedAt.toISOString(),
    project: { name: project.name, description: project.description, graph: project.graph },
  };
}

/** The name of a copy, kept within the name limit: `copyName("Shop")` -> `Shop (copy)`. */
export function copyName(name: string): string {
  const suffix = ' (copy)';
  return `${name.slice(0, 100 - suffix.length)}${suffix}`;
}

/** `exportFileName("My app!")` -> `my-app.poseidon.json` */
export function exportFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'project'}.poseidon.json`;
}

export type TProjectFileResult = { ok: true; file: TProjectFile } | { ok: false; diagnostics: TDiagnostic[] };

/** Parses the text of an export file; every problem is named with its line or field. */
export function parseProjectFile(text: string): TProjectFileResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > PROJECT_FILE_MAX_BYTES) {
    return fail(
      'file_too_large',
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${PROJECT_FILE_MAX_BYTES / 1024 / 1024} MB.`,
    );
  }
  if (text.trim() === '') return fail('empty_file', 'The file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('invalid_json', `The file is not valid JSON: ${describeJsonError(text, error)}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('not_a_project', 'The file does not hold a Poseidon project (expected a JSON object).');
  }
  const header = ZProjectFile.pick({ format: true, formatVersion: true }).safeParse(value);
  if (!header.success) {
    return { ok: false, diagnostics: diagnosticsFromZodError(header.error, { code: 'not_a_project' }) };
  }
  const result = ZProjectFile.safeParse(value);
  if (result.success) return { ok: true, file: result.data };
  // Report graph problems with node and edge ids; everything else by field.
  const graph = parseGraph((value as { project?: { graph?: unknown } }).project?.graph, ['project', 'graph']);
  const graphDiagnostics = graph.ok ? [] : graph.diagnostics;
  const other = diagnosticsFromZodError(result.error, { code: 'invalid_project_file' }).filter((d) => !d.path?.startsWith('project.graph'));
  return { ok: false, diagnostics: [...other, ...graphDiagnostics] };
}

function fail(code: string, message: string): TProjectFileResult {
  return { ok: false, diagnostics: [{ severity: 'error', code, message }] };
}

/** Turns "... at position 42" into "line 3, column 7" where the engine reports a position. */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  if (!position) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
