/**
 * A refusal with a stable code (see runtime/protocol/errors.ts) and a message meant for the person
 * who published. The control API turns it into `{ error: { code, message } }` with `status`.
 */
import type { TDaiosErrorCode } from '@/runtime/protocol/errors';

const STATUS: Record<TDaiosErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  content_mismatch: 422,
  bad_signature: 422,
  manifest_invalid: 422,
  assets_mismatch: 422,
  block_unsupported: 422,
  bundle_too_large: 413,
  bundle_not_found: 404,
  bad_name_signature: 422,
  name_owned: 403,
  stale_seq: 409,
  name_not_found: 404,
  bad_owner_signature: 422,
  stale_request: 409,
  fetch_failed: 502,
  not_started: 503,
  internal: 500,
};

export class DaiosError extends Error {
  override name = 'DaiosError';
  readonly status: number;
  constructor(
    readonly code: TDaiosErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export function isDaiosError(error: unknown): error is DaiosError {
  return error instanceof DaiosError;
}

/** The first zod issue as one line: `files.manifest.json: must be ...`. */
export function describeZodError(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path ? `${path}: ` : ''}${issue.message}${more}`;
}
