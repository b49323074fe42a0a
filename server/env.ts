/**
 * Configuration, validated once at start. A bad value stops the server with a message naming
 * the variable and what is expected, never a stack trace from deep inside a library.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './client-address';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .url({ message: 'must be a URL such as postgres://user:password@host:5432/database' })
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must start with postgres:// or postgresql://')
    .optional(),
  POSEIDON_DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Defaults to http://localhost:$PORT (see parseEnv). */
  POSEIDON_PUBLIC_URL: z.url({ message: 'must be the URL the IDE is reached at, such as http://localhost:3000' }),
  BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (for example: openssl rand -hex 32)').optional(),
  DAIOS_NODE_URL: z
    .url({ message: 'must be the control URL of a DAIOS node, such as http://127.0.0.1:4100' })
    .default('http://127.0.0.1:4100'),
  DAIOS_CONTROL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Where visitors reach deployed apps; defaults to the node's URL. */
  DAIOS_PUBLIC_URL: z.url({ message: 'must be the URL visitors reach apps at, such as http://localhost:4100' }).optional(),
  POSEIDON_SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  POSEIDON_SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges). */
  POSEIDON_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message} (a comma-separated list)` });
      }
    }),
});

export type TEnv = z.infer<typeof ZEnv> & { dataDir: string; authSecret: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): z.infer<typeof ZEnv> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  // The public URL follows the port unless it is set: `PORT=3300 npm start` just works.
  if (cleaned.POSEIDON_PUBLIC_URL === undefined && /^\d+$/.test(cleaned.PORT ?? '')) {
    cleaned.POSEIDON_PUBLIC_URL = `http://localhost:${cleaned.PORT}`;
  }
  cleaned.POSEIDON_PUBLIC_URL ??= 'http://localhost:3000';
  const result = ZEnv.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  const dataDir = path.resolve(parsed.POSEIDON_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  cached = { ...parsed, dataDir, authSecret: parsed.BETTER_AUTH_SECRET ?? localSecret(dataDir) };
  return cached;
}

/**
 * With no BETTER_AUTH_SECRET, a random secret is made on first start and kept in the data folder
 * (readable by its owner only), so a newcomer's `npm start` needs no configuration.
 */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
