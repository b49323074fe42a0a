/**
 * Diagnostic: the one shape in which the editor, compiler, tRPC errors and runtime report a
 * problem. `path` names the offending field (for example `nodes[2].position.x`).
 */
import { z } from 'zod';

export const ZDiagnosticSeverity = z.enum(['error', 'warning', 'info']);
export type TDiagnosticSeverity = z.infer<typeof ZDiagnosticSeverity>;

export const ZDiagnostic = z.object({
  severity: ZDiagnosticSeverity,
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  port: z.string().optional(),
  path: z.string().optional(),
});
export type TDiagnostic = z.infer<typeof ZDiagnostic>;

/** `['nodes', 2, 'position', 'x']` -> `nodes[2].position.x` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Turns zod issues into Diagnostics. `prefix` is prepended to every path (for a value nested in a
 * larger document); `locate` may name the node or edge a path points into.
 */
export function diagnosticsFromZodError(
  error: z.ZodError,
  options: {
    code?: string;
    prefix?: readonly PropertyKey[];
    locate?: (path: readonly PropertyKey[]) => Pick<TDiagnostic, 'nodeId' | 'edgeId'>;
  } = {},
): TDiagnostic[] {
  return error.issues.map((issue) => {
    const fullPath = [...(options.prefix ?? []), ...issue.path];
    const path = formatPath(fullPath);
    return {
      severity: 'error' as const,
      code: options.code ?? 'invalid_value',
      message: path ? `${path}: ${issue.message}` : issue.message,
      ...(path ? { path } : {}),
      ...options.locate?.(fullPath),
    };
  });
}
