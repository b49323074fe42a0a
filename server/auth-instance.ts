/** The server's auth instance, created once the database is open. */
import 'server-only';
import { getDb } from '@/server/db';
import { getEnv } from '@/server/env';
import { createAuth, type TAuth } from './auth';

const globalForAuth = globalThis as unknown as { poseidonAuth?: Promise<TAuth> };

export function getAuth(): Promise<TAuth> {
  globalForAuth.poseidonAuth ??= getDb().then((db) => {
    const env = getEnv();
    return createAuth({
      db,
      secret: env.authSecret,
      publicUrl: env.POSEIDON_PUBLIC_URL,
      signInThrottle: {
        maxFailures: env.POSEIDON_SIGN_IN_MAX_ATTEMPTS,
        windowSeconds: env.POSEIDON_SIGN_IN_WINDOW_SECONDS,
      },
    });
  });
  return globalForAuth.poseidonAuth;
}

/** The signed-in user for a request's headers, or null. */
export async function getSessionUser(headers: Headers) {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  return session?.user ?? null;
}
