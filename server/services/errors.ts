/**
 * Errors a service raises on purpose. The tRPC layer maps each kind to its HTTP-like code and
 * passes the diagnostics (and conflict details) to the client.
 */
import type { TDiagnostic } from '@/blocks/core/diagnostics';

export type TServiceErrorKind = 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'TOO_MANY_REQUESTS';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly kind: TServiceErrorKind,
    message: string,
    readonly diagnostics: TDiagnostic[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed project id is just another project that does not exist (and must not reach SQL as uuid). */
export function assertProjectId(projectId: string): void {
  if (!UUID.test(projectId)) throw projectNotFound();
}

/** Another user's project and a missing one give the same error, so ids reveal nothing. */
export function projectNotFound(): ServiceError {
  return new ServiceError('NOT_FOUND', 'Project not found.', [
    { severity: 'error', code: 'project_not_found', message: 'Project not found.' },
  ]);
}
