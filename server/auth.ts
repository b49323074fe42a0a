/**
 * Accounts and sessions: better-auth with its drizzle adapter on our database. Passwords are
 * hashed by better-auth (scrypt); sessions live in http-only cookies.
 */
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { schema } from '@/prisma/schema';
import { ensureSigningKey } from '@/server/services/signing-keys';
import type { Db } from '@/server/db/client';
import { clearFailures, recordFailure, secondsLocked, signInKey, type TThrottlePolicy } from '@/server/services/sign-in-throttle';

export interface TAuthConfig {
  db: Db;
  secret: string;
  publicUrl: string;
  signInThrottle: TThrottlePolicy;
}

const SIGN_IN_PATH = '/sign-in/email';

export function createAuth(config: TAuthConfig) {
  const { db, signInThrottle } = config;
  const emailOf = (body: unknown) =>
    typeof (body as { email?: unknown } | undefined)?.email === 'string' ? (body as { email: string }).email : undefined;

  return betterAuth({
    appName: 'Poseidon',
    baseURL: config.publicUrl,
    secret: config.secret,
    trustedOrigins: loopbackAliases(config.publicUrl),
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // Every account gets its signing key pair when it is created.
    databaseHooks: {
      user: {
        create: {
          after: async (created) => {
            await ensureSigningKey(db, created.id, config.secret);
          },
        },
      },
    },
    // Per-IP limits on top of the per-account throttle below.
    rateLimit: {
      enabled: true,
      storage: 'memory',
      customRules: {
        '/sign-in/*': { window: 60, max: 30 },
        '/sign-up/*': { window: 60, max: 30 },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailOf(ctx.body);
        if (!email) return;
        const wait = await secondsLocked(db, signInKey(email), signInThrottle);
        if (wait > 0) {
          throw new APIError('TOO_MANY_REQUESTS', {
            message: `Too many failed sign-in attempts for this account. Try again in ${formatWait(wait)}.`,
            code: 'SIGN_IN_THROTTLED',
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailOf(ctx.body);
        if (!email) return;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (returned.statusCode === 401) await recordFailure(db, signInKey(email), signInThrottle);
        } else {
          await clearFailures(db, signInKey(email));
        }
      }),
    },
    plugins: [nextCookies()],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The IDE answers on localhost and 127.0.0.1 alike; trust both spellings of the public URL. */
export function loopbackAliases(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  for (const [a, b] of [
    ['localhost', '127.0.0.1'],
    ['127.0.0.1', 'localhost'],
  ] as const) {
    if (url.hostname === a) {
      const alias = new URL(url.origin);
      alias.hostname = b;
      origins.add(alias.origin);
    }
  }
  return [...origins];
}
