/**
 * The secrets of the apps a node serves (`{{secret.NAME}}` in their blocks), set by the IDE that
 * deploys them (`PUT /control/apps/<name>/secrets`) or previews them (`PUT
 * /control/previews/<id>/secrets`), never carried in bundles. Kept per app scope, as runs are: a
 * live app's name, or `preview:<id>` for a private preview.
 *
 * At rest in `<dataDir>/app-secrets.json`, each value sealed (runtime/crypto/sealed-box.ts) under a
 * key derived (HKDF, info "daios/app-secrets/v1") from a random 32-byte node secret, created once
 * in `<dataDir>/secrets-key` (mode 0600). The app scope and the secret's name are the authenticated
 * data, so a value copied to another app or name does not open. Values are kept decrypted in
 * memory for runs; the control API only ever returns names.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ZAppName } from '@/blocks/core/bundle';
import { AppRuntimeError } from '@/runtime/apps/errors';
import { deriveKey, open, seal } from '@/runtime/crypto/sealed-box';
import { writeFileDurably } from './durable-write';
import { DaiosError, describeZodError } from './errors';
import { PREVIEW_SCOPE_PREFIX, ZPreviewId } from './previews';

export const APP_SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
export const APP_SECRET_VALUE_MAX_LENGTH = 8192;
export const APP_SECRETS_MAX = 100;

const KEY_INFO = 'daios/app-secrets/v1';
const KEY_FILE = 'secrets-key';
const STORE_FILE = 'app-secrets.json';
const NODE_SECRET_BYTES = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const ZAppSecrets = z
  .record(
    z.string().regex(APP_SECRET_NAME, 'a secret name is 1 to 64 capital letters, digits or "_", starting with a letter'),
    z
      .string()
      .min(1, 'a secret value must not be empty')
      .max(APP_SECRET_VALUE_MAX_LENGTH, `a secret value is at most ${APP_SECRET_VALUE_MAX_LENGTH} characters`)
      .refine((value) => !LONE_SURROGATE.test(value), 'a secret value must not contain an unpaired UTF-16 surrogate'),
  )
  .refine((secrets) => Object.keys(secrets).length <= APP_SECRETS_MAX, `at most ${APP_SECRETS_MAX} secrets per app`);

export const ZSetAppSecretsRequest = z.object({ secrets: ZAppSecrets }).strict();

const ZStoreFile = z.object({ version: z.literal(1), apps: z.record(z.string(), z.unknown()) });
const ZSealedSecrets = z.record(z.string(), z.string());

/** `app` below is an app scope: a live app's name, or `preview:<id>`. */
export interface TAppSecretStore {
  /** Replaces the whole set of an app's secrets (an empty set removes them). Returns the names, sorted. */
  set(app: string, secrets: Record<string, string>): Promise<string[]>;
  /** The names of an app's secrets, sorted (never the values). */
  names(app: string): string[];
  /**
   * An app's secrets, for its runs; undefined when it has none. Throws AppRuntimeError
   * `secrets_unreadable` for an app whose stored secrets do not open (until they are set again).
   */
  values(app: string): ReadonlyMap<string, string> | undefined;
  /** What was wrong with the file when it was opened, one line per app (for the node's log). */
  readonly problems: readonly string[];
}

function placeOf(app: string, name: string): string[] {
  return [KEY_INFO, app, name];
}

async function nodeSecret(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, KEY_FILE);
  try {
    await writeFileDurably(path, randomBytes(NODE_SECRET_BYTES), { exclusive: true, mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = await readFile(path);
  if (secret.byteLength !== NODE_SECRET_BYTES) throw new Error(`${path} is not a ${NODE_SECRET_BYTES}-byte node secret`);
  return secret;
}

/**
 * Opens (creating when missing) the node's app secrets. An app whose stored secrets do not open
 * (altered, or the key file replaced) does not run until they are set again: its runs are refused
 * with a message saying so, never run with a secret missing. Every other app is served as usual.
 * A file that is not a secrets file at all is kept aside (`app-secrets.json.unreadable`) for the
 * operator, and the node starts with none.
 */
export async function openAppSecretStore(dataDir: string): Promise<TAppSecretStore> {
  const key = deriveKey(await nodeSecret(dataDir), KEY_INFO);
  const storePath = join(dataDir, STORE_FILE);
  let sealed: Record<string, Record<string, string>> = {};
  const problems: string[] = [];
  /** Apps whose stored secrets do not open, with why. */
  const unreadable = new Map<string, string>();
  let stored: Record<string, unknown> = {};
  try {
    const text = await readFile(storePath, 'utf8');
    const parsed = (() => {
      try {
        return ZStoreFile.safeParse(JSON.parse(text));
      } catch {
        return undefined;
      }
    })();
    if (parsed?.success) stored = parsed.data.apps;
    else {
      await rename(storePath, `${storePath}.unreadable`);
      problems.push(`${storePath} is not a secrets file; kept as ${STORE_FILE}.unreadable, apps start with no secrets`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${storePath} is not readable`, { cause: error });
  }
  const plain = new Map<string, Map<string, string>>();
  for (const [app, entry] of Object.entries(stored)) {
    const secrets = ZSealedSecrets.safeParse(entry);
    const values = new Map<string, string>();
    const broken = secrets.success
      ? Object.entries(secrets.data).find(([name, value]) => {
          const opened = open(key, placeOf(app, name), value);
          if (opened !== null) values.set(name, opened);
          return opened === null;
        })?.[0]
      : 'its entry';
    if (broken === undefined && secrets.success) {
      sealed[app] = secrets.data;
      plain.set(app, values);
      continue;
    }
    // Kept as stored (so nothing more is lost on the next write) until they are set again.
    if (secrets.success) sealed[app] = secrets.data;
    unreadable.set(
      app,
      `the secrets of ${app} on this node do not open (${broken} was altered, or the node's key replaced): deploy it again to set them`,
    );
    problems.push(`${storePath}: ${unreadable.get(app)!}`);
  }

  let writing = Promise.resolve();
  const persist = () => {
    const text = JSON.stringify({ version: 1, apps: sealed });
    // One write at a time, each replacing the file whole and durably.
    const next = writing.then(() => writeFileDurably(storePath, text, { mode: 0o600 }));
    writing = next.catch(() => undefined);
    return next;
  };

  const appName = (app: string) => {
    if (app.startsWith(PREVIEW_SCOPE_PREFIX)) {
      const id = ZPreviewId.safeParse(app.slice(PREVIEW_SCOPE_PREFIX.length));
      if (!id.success) throw new DaiosError('invalid_request', `id: ${describeZodError(id.error)}`);
      return app;
    }
    const parsed = ZAppName.safeParse(app);
    if (!parsed.success) throw new DaiosError('invalid_request', `name: ${describeZodError(parsed.error)}`);
    return parsed.data;
  };

  return {
    async set(app, secrets) {
      const name = appName(app);
      const parsed = ZAppSecrets.safeParse(secrets);
      if (!parsed.success) throw new DaiosError('invalid_request', `secrets: ${describeZodError(parsed.error)}`);
      const entries = Object.entries(parsed.data).sort(([a], [b]) => (a < b ? -1 : 1));
      const previous = sealed;
      sealed = { ...sealed };
      if (entries.length === 0) delete sealed[name];
      else sealed[name] = Object.fromEntries(entries.map(([n, value]) => [n, seal(key, placeOf(name, n), value)]));
      try {
        await persist();
      } catch (error) {
        sealed = previous;
        throw error;
      }
      if (entries.length === 0) plain.delete(name);
      else plain.set(name, new Map(entries));
      unreadable.delete(name);
      return entries.map(([n]) => n);
    },
    names: (app) => [...(plain.get(appName(app))?.keys() ?? [])],
    values(app) {
      const problem = unreadable.get(app);
      if (problem) throw new AppRuntimeError('secrets_unreadable', `${problem[0]!.toUpperCase()}${problem.slice(1)}.`);
      return plain.get(app);
    },
    problems,
  };
}
