/**
 * Every reason a node refuses a request, as a stable code. The HTTP control API answers
 * `{ error: { code, message } }` with one of these; callers switch on `code`, show `message`.
 */
export const DAIOS_ERROR_CODES = [
  // request shape
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unauthorized',
  'not_found',
  'method_not_allowed',
  // bundles
  'content_mismatch',
  'bad_signature',
  'manifest_invalid',
  'assets_mismatch',
  'block_unsupported',
  'bundle_too_large',
  'bundle_not_found',
  // names
  'bad_name_signature',
  'name_owned',
  'stale_seq',
  'name_not_found',
  // requests only a name's owner may make (its secrets, unpublishing it)
  'bad_owner_signature',
  'stale_request',
  // the node itself
  'fetch_failed',
  'not_started',
  'internal',
] as const;
export type TDaiosErrorCode = (typeof DAIOS_ERROR_CODES)[number];

/** The body of every error answer from a node's HTTP API. */
export interface TDaiosErrorBody {
  error: { code: TDaiosErrorCode; message: string };
}
