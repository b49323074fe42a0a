/**
 * The node's configuration from the environment, validated with zod so a mistake stops the node
 * with one clear line instead of a stack trace later.
 *
 *   DAIOS_DATA_DIR       where blocks, records and the node's key live (default .data/node)
 *   DAIOS_HTTP_PORT      control API and gateway port (default 4100; 0 picks a free one)
 *   DAIOS_HOST           HTTP bind address (default 127.0.0.1)
 *   DAIOS_LISTEN         libp2p listen multiaddrs, comma-separated (default /ip4/127.0.0.1/tcp/0)
 *   DAIOS_BOOTSTRAP      peers to dial at start, comma-separated multiaddrs ending in /p2p/<id>
 *   DAIOS_IDE_ORIGIN     the IDE's origin, the only one that may frame previews (default: that of
 *                        POSEIDON_PUBLIC_URL, else http://localhost:$PORT, else :3000)
 *   DAIOS_CONTROL_TOKEN  bearer token of the control API; when unset, one is generated once and
 *                        kept in <data dir>/control-token (mode 0600)
 *   DAIOS_APP_STORAGE_BYTES  the storage quota of each app: bytes of keys and values it may keep
 *                        (default 67108864, 64 MB); a write past it fails naming the quota
 *   DAIOS_APP_STORAGE_ROWS   the same in keys plus documents (default 200000)
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { z } from 'zod';
import { writeFileDurably } from './durable-write';
import { DEFAULT_APP_STORAGE_QUOTA } from '@/runtime/storage/checks';
import type { TStorageQuota } from '@/runtime/storage/json-store';

export const CONTROL_TOKEN_FILE = 'control-token';

const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const multiaddrList = (what: string, requirePeerId: boolean) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        const items = (value ?? '')
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
        for (const item of items) {
          try {
            multiaddr(item);
          } catch {
            ctx.addIssue({ code: 'custom', message: `${what}: "${item}" is not a multiaddr` });
            return z.NEVER;
          }
          if (requirePeerId && !item.includes('/p2p/')) {
            ctx.addIssue({ code: 'custom', message: `${what}: "${item}" must end in /p2p/<peer id>` });
            return z.NEVER;
          }
        }
        return items;
      }),
  );

const positiveCount = (fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(fallback),
  );

const ZNodeEnv = z.object({
  DAIOS_DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('.data/node')),
  DAIOS_HTTP_PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ message: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be 0-65535')
      .max(65535, 'must be 0-65535')
      .default(4100),
  ),
  DAIOS_HOST: z.preprocess(unsetIfEmpty, z.string().default('127.0.0.1')),
  DAIOS_LISTEN: multiaddrList('DAIOS_LISTEN', false),
  DAIOS_BOOTSTRAP: multiaddrList('DAIOS_BOOTSTRAP', true),
  DAIOS_CONTROL_TOKEN: z.preprocess(unsetIfEmpty, z.string().min(16, 'must be at least 16 characters').optional()),
  DAIOS_APP_STORAGE_BYTES: positiveCount(DEFAULT_APP_STORAGE_QUOTA.bytes),
  DAIOS_APP_STORAGE_ROWS: positiveCount(DEFAULT_APP_STORAGE_QUOTA.rows),
  DAIOS_IDE_ORIGIN: z.preprocess(unsetIfEmpty, z.url({ message: "must be the IDE's origin, such as http://localhost:3000" }).optional()),
  POSEIDON_PUBLIC_URL: z.preprocess(unsetIfEmpty, z.url().optional().catch(undefined)),
  PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(65535).optional().catch(undefined)),
});

export interface TNodeConfig {
  dataDir: string;
  httpPort: number;
  host: string;
  listen: string[];
  bootstrap: string[];
  /** Set when the token came from the environment; otherwise see `loadOrCreateControlToken`. */
  controlToken: string | undefined;
  /** The most each app may keep in the node's app store. */
  appStorageQuota: TStorageQuota;
  /** The origins that may show previews in a frame: the IDE's (see ideOrigins). */
  ideOrigins: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readNodeConfig(env: Record<string, string | undefined>): TNodeConfig {
  const parsed = ZNodeEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return issue.message.startsWith(`${key}:`) || !key ? issue.message : `${key}: ${issue.message}`;
    });
    throw new ConfigError(`invalid node configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;
  return {
    dataDir: resolve(values.DAIOS_DATA_DIR),
    httpPort: values.DAIOS_HTTP_PORT,
    host: values.DAIOS_HOST,
    listen: values.DAIOS_LISTEN.length > 0 ? values.DAIOS_LISTEN : ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: values.DAIOS_BOOTSTRAP,
    controlToken: values.DAIOS_CONTROL_TOKEN,
    appStorageQuota: { bytes: values.DAIOS_APP_STORAGE_BYTES, rows: values.DAIOS_APP_STORAGE_ROWS },
    ideOrigins: ideOrigins(values.DAIOS_IDE_ORIGIN ?? values.POSEIDON_PUBLIC_URL ?? `http://localhost:${values.PORT ?? 3000}`),
  };
}

/**
 * The IDE's origin (DAIOS_IDE_ORIGIN, else that of POSEIDON_PUBLIC_URL, else localhost on PORT or
 * 3000: what `npm start` runs), with both loopback spellings when it is a loopback address, since
 * a browser may open the IDE at either.
 */
function ideOrigins(url: string): string[] {
  const { protocol, hostname, port, origin } = new URL(url);
  if (hostname !== 'localhost' && hostname !== '127.0.0.1') return [origin];
  const suffix = port ? `:${port}` : '';
  return [`${protocol}//localhost${suffix}`, `${protocol}//127.0.0.1${suffix}`];
}

/**
 * The token kept in `<dataDir>/control-token`, created (32 random bytes, base64url, mode 0600)
 * the first time. Reused afterwards, so whatever reads the file keeps working across restarts.
 */
export async function loadOrCreateControlToken(dataDir: string): Promise<{ token: string; path: string; created: boolean }> {
  const path = join(dataDir, CONTROL_TOKEN_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length < 16) throw new ConfigError(`${path} holds a control token shorter than 16 characters`);
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    return { token, path, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  // Never a torn token file after a crash (a short one would stop the next start).
  await writeFileDurably(path, `${token}\n`, { mode: 0o600, exclusive: true });
  return { token, path, created: true };
}
