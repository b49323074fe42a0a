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
import type { BlockList } from 'node:net';
import { attemptSucceeded, signInKeys, takeAttempt, type TThrottlePolicy } from '@/server/services/sign-in-throttle';
import { CLIENT_ADDRESS_HEADER, clientAddress } from './client-address';

export interface TAuthConfig {
  db: Db;
  secret: string;
  publicUrl: string;
  signInThrottle: TThrottlePolicy;
}

export interface TAuthRouteConfig {
  publicUrl: string;
  /** Proxies whose X-Forwarded-For is believed (POSEIDON_TRUSTED_PROXIES). */
  trustedProxies: BlockList;
}

const SIGN_IN_PATH = '/sign-in/email';

export function createAuth(config: TAuthConfig) {
  const { db, signInThrottle } = config;
  const emailOf = (body: unknown) =>
    typeof (body as { email?: unknown } | undefined)?.email === 'string' ? (body as { email: string }).email : undefined;
  const keysOf = (ctx: { body?: unknown; request?: Request }) => {
    const email = emailOf(ctx.body);
    return email === undefined ? undefined : signInKeys(email, ctx.request?.headers.get(CLIENT_ADDRESS_HEADER) ?? undefined);
  };

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
    // Per-IP limits on top of the per-account throttle below, by the address `authRoute` vouches for.
    // The origin check is on in tests too (better-auth turns it off under NODE_ENV=test).
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] }, disableOriginCheck: false, disableCSRFCheck: false },
    rateLimit: {
      enabled: true,
      storage: 'memory',
      customRules: {
        '/sign-in/*': { window: 60, max: 30 },
        '/sign-up/*': { window: 60, max: 30 },
      },
    },
    hooks: {
      // Counted before the password is checked (sign-in-throttle.ts has the rule).
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const keys = keysOf(ctx);
        if (!keys) return;
        const wait = await takeAttempt(db, keys, signInThrottle);
        if (wait > 0) {
          throw new APIError('TOO_MANY_REQUESTS', {
            message: `Too many sign-in attempts for this account. Try again in ${formatWait(wait)}.`,
            code: 'SIGN_IN_THROTTLED',
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const keys = keysOf(ctx);
        if (keys && !isAPIError(ctx.context.returned)) await attemptSucceeded(db, keys);
      }),
    },
    plugins: [nextCookies()],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

/**
 * The auth route's handler: passes better-auth the client address (any the client sent under
 * that header is dropped), and turns better-auth's bare "Invalid origin" into a message that
 * names the origin seen and the variable to set.
 */
export function authRoute(auth: TAuth, config: TAuthRouteConfig) {
  return async (request: Request, peer: string | undefined): Promise<Response> => {
    const headers = new Headers(request.headers);
    headers.delete(CLIENT_ADDRESS_HEADER);
    const client = clientAddress(peer, request.headers.get('x-forwarded-for'), config.trustedProxies);
    if (client !== undefined) headers.set(CLIENT_ADDRESS_HEADER, client);
    const response = await auth.handler(new Request(request, { headers }));
    if (response.status !== 403) return response;
    const problem = (await response
      .clone()
      .json()
      .catch(() => null)) as { code?: string } | null;
    if (problem?.code !== 'INVALID_ORIGIN') return response;
    const seen = request.headers.get('origin') ?? request.headers.get('referer') ?? 'none';
    return Response.json({ code: 'INVALID_ORIGIN', message: originMismatch(seen, config.publicUrl) }, { status: 403 });
  };
}

export function originMismatch(seen: string, publicUrl: string): string {
  return (
    `Invalid origin: this request came from ${seen}, but the IDE's public URL is ${publicUrl}. ` +
    `Set POSEIDON_PUBLIC_URL to the address you open the IDE at (for example POSEIDON_PUBLIC_URL=${safeOrigin(seen) ?? 'http://localhost:3000'}) and restart.`
  );
}

function safeOrigin(seen: string): string | undefined {
  try {
    return new URL(seen).origin;
  } catch {
    return undefined;
  }
}

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
