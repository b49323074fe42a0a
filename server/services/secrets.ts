/**
 * Per-project secrets (API keys, tokens), encrypted at rest.
 *
 * Each value is sealed with AES-256-GCM under a key derived (HKDF-SHA256, info
 * "poseidon/project-secrets/v1") from the server's master secret, with a fresh random 12-byte IV,
 * and stored as `v1:<iv b64>:<tag b64>:<ciphertext b64>`. The project id and the secret's name
 * are the additional authenticated data, so a ciphertext copied to another project or renamed
 * does not decrypt. The master secret is an argument (the app derives it from its auth secret);
 * this module never reads the environment.
 *
 * Values leave this module only through `resolveSecrets`, for runs; listing returns names.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { projectSecret } from '@/prisma/schema';
import { MIN_REDACTED_SUBSTRING_LENGTH } from '@/runtime/crypto/redact';
import type { Db } from '@/server/db/client';
import { assertProjectId, ServiceError } from './errors';
import { deriveKey, open, seal, type TMasterKey } from './sealed-box';
import { getProject, type TServiceContext } from './projects';

export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
export const SECRET_VALUE_MAX_LENGTH = 8192;
const KEY_INFO = 'poseidon/project-secrets/v1';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type { TMasterKey };

export interface TSecretListItem {
  name: string;
  updatedAt: Date;
}

export interface TSavedSecret extends TSecretListItem {
  /** Set when the value is saved but cannot be hidden everywhere in run traces and logs. */
  warning?: string;
}

/**
 * A stored secret that does not decrypt: altered in the database, copied from another project
 * or name, or sealed under a different master secret. A server fault, not a user error.
 */
export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
  constructor(readonly secretName: string) {
    super(
      `Secret "${secretName}" could not be decrypted: the stored value was altered, belongs to another project or name, or the server secret changed. Set it again.`,
    );
  }
}

function badRequest(code: string, path: string, message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message, [{ severity: 'error', code, message, path }]);
}

function assertName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
    throw badRequest(
      'invalid_secret_name',
      'name',
      `Secret name ${JSON.stringify(name)} is not valid: use 1 to 64 capital letters, digits or "_", starting with a letter (for example OPENAI_API_KEY).`,
    );
  }
}

function assertValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badRequest('invalid_secret_value', 'value', 'Secret value must not be empty.');
  }
  if (value.length > SECRET_VALUE_MAX_LENGTH) {
    throw badRequest(
      'secret_value_too_long',
      'value',
      `Secret value is ${value.length} characters long; the limit is ${SECRET_VALUE_MAX_LENGTH}.`,
    );
  }
  if (LONE_SURROGATE.test(value)) {
    // UTF-8 cannot encode it, so the value would silently change on the way in.
    throw badRequest('invalid_secret_value', 'value', 'Secret value contains an unpaired UTF-16 surrogate.');
  }
}

function deriveSecretsKey(masterKey: TMasterKey): Buffer {
  return deriveKey(masterKey, KEY_INFO);
}

/** Binds a ciphertext to its place: the project and the name it was stored under. */
function placeOf(projectId: string, name: string): string[] {
  return [KEY_INFO, projectId.toLowerCase(), name];
}

/** Exported for tests and tooling; the services below are the way in. */
export function encryptSecret(key: Buffer, projectId: string, name: string, value: string): string {
  return seal(key, placeOf(projectId, name), value);
}

export function decryptSecret(key: Buffer, projectId: string, name: string, stored: string): string {
  const value = open(key, placeOf(projectId, name), stored);
  if (value === null) throw new SecretDecryptionError(name);
  return value;
}

/**
 * A very short value is still a valid secret (a PIN, a short code), but traces and logs can hide
 * it only where it is a whole value (see redactSecrets): the user is told so when saving it.
 */
function shortValueWarning(name: string, value: string): string | undefined {
  if (value.length >= MIN_REDACTED_SUBSTRING_LENGTH) return undefined;
  return (
    `Secret "${name}" is only ${value.length} character${value.length === 1 ? '' : 's'} long: run traces and logs hide it where a ` +
    `value is exactly the secret, but not inside longer text (that takes at least ${MIN_REDACTED_SUBSTRING_LENGTH} characters).`
  );
}

/** Creates or replaces a secret of a project the caller owns; warns about a value too short to hide everywhere. */
export async function setSecret(
  ctx: TServiceContext,
  input: { projectId: string; name: string; value: string },
  masterKey: TMasterKey,
): Promise<TSavedSecret> {
  assertName(input.name);
  assertValue(input.value);
  const key = deriveSecretsKey(masterKey);
  const owned = await getProject(ctx, input.projectId); // NOT_FOUND unless the caller's
  const ciphertext = encryptSecret(key, owned.id, input.name, input.value);
  const [row] = await ctx.db
    .insert(projectSecret)
    .values({ projectId: owned.id, name: input.name, ciphertext })
    .onConflictDoUpdate({
      target: [projectSecret.projectId, projectSecret.name],
      set: { ciphertext, updatedAt: sql`now()` },
    })
    .returning({ name: projectSecret.name, updatedAt: projectSecret.updatedAt });
  const warning = shortValueWarning(input.name, input.value);
  return warning ? { ...row!, warning } : row!;
}

/** The names of a project's secrets (never their values), by name. */
export async function listSecrets(ctx: TServiceContext, projectId: string): Promise<TSecretListItem[]> {
  const owned = await getProject(ctx, projectId);
  return ctx.db
    .select({ name: projectSecret.name, updatedAt: projectSecret.updatedAt })
    .from(projectSecret)
    .where(eq(projectSecret.projectId, owned.id))
    .orderBy(asc(projectSecret.name));
}

export async function deleteSecret(ctx: TServiceContext, input: { projectId: string; name: string }): Promise<void> {
  assertName(input.name);
  const owned = await getProject(ctx, input.projectId);
  const deleted = await ctx.db
    .delete(projectSecret)
    .where(and(eq(projectSecret.projectId, owned.id), eq(projectSecret.name, input.name)))
    .returning({ name: projectSecret.name });
  if (deleted.length === 0) {
    const message = `Secret "${input.name}" not found.`;
    throw new ServiceError('NOT_FOUND', message, [{ severity: 'error', code: 'secret_not_found', message, path: 'name' }]);
  }
}

/**
 * Server-internal, for runs: every secret of a project, decrypted. No ownership check (the run
 * was authorized when it started). Throws SecretDecryptionError naming the first secret that
 * does not decrypt, rather than running with a value missing.
 */
export async function resolveSecrets(db: Db, projectId: string, masterKey: TMasterKey): Promise<Map<string, string>> {
  assertProjectId(projectId);
  const key = deriveSecretsKey(masterKey);
  const rows = await db
    .select({ projectId: projectSecret.projectId, name: projectSecret.name, ciphertext: projectSecret.ciphertext })
    .from(projectSecret)
    .where(eq(projectSecret.projectId, projectId))
    .orderBy(asc(projectSecret.name));
  return new Map(rows.map((row) => [row.name, decryptSecret(key, row.projectId, row.name, row.ciphertext)]));
}

// Shared with the nodes, which redact deployed apps' secrets the same way.
export { REDACTED, redactSecrets } from '@/runtime/crypto/redact';
