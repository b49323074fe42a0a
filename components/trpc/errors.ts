/** Reads the Diagnostic-shaped payload the server puts on every tRPC error. */
import type { TDiagnostic } from '@/blocks/core/diagnostics';

interface TErrorData {
  code?: string;
  diagnostics?: TDiagnostic[];
  details?: Record<string, unknown>;
}

function dataOf(error: unknown): TErrorData {
  return ((error as { data?: TErrorData } | null)?.data ?? {}) as TErrorData;
}

export function errorCode(error: unknown): string | undefined {
  return dataOf(error).code;
}

export function errorDiagnostics(error: unknown): TDiagnostic[] {
  const diagnostics = dataOf(error).diagnostics;
  if (diagnostics?.length) return diagnostics;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return [{ severity: 'error', code: 'error', message }];
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return errorDiagnostics(error)[0]?.message ?? 'Something went wrong.';
}
