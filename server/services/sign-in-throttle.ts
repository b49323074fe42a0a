/**
 * Sign-in throttling. The rule:
 *
 * - Every attempt is counted before the password is checked, by one atomic upsert in the
 *   database (PGlite or PostgreSQL), so parallel guesses cannot all get past the limit and the
 *   count holds across restarts and several server processes.
 * - Each (account, client address) pair may make `maxFailures` attempts per `windowSeconds`;
 *   beyond that, that pair waits until its window ends. An attacker at one address slows only
 *   themselves: the owner signing in from another address is not affected.
 * - All addresses together may make `ACCOUNT_CEILING_FACTOR` times as many attempts per account
 *   and window. That bounds how fast many addresses together can guess one password; only an
 *   attacker with that many addresses can reach it, and then the account waits one window at most.
 * - A successful sign-in clears its pair's count and gives its account attempt back, so the
 *   owner's own sign-ins never use up the account's ceiling.
 *
 * The client address comes from `server/client-address.ts` (the socket, or a configured proxy's
 * forwarded header); when it is unknown, every such request shares one pair per account.
 */
import { eq, sql } from 'drizzle-orm';
import { authThrottle } from '@/prisma/schema';
import type { Db } from '@/server/db/client';

export interface TThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
}

export const ACCOUNT_CEILING_FACTOR = 10;

export interface TSignInKeys {
  pair: string;
  account: string;
}

export function signInKeys(email: string, clientAddress: string | undefined): TSignInKeys {
  const account = `sign-in:${email.trim().toLowerCase()}`;
  return { account, pair: `${account}|from:${clientAddress ?? 'unknown'}` };
}

/** Counts one attempt against `key`; returns the count in the current window and when it ends. */
async function countAttempt(db: Db, key: string, windowSeconds: number): Promise<{ count: number; endsAt: number }> {
  const expired = sql`${authThrottle.windowStart} < now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .insert(authThrottle)
    .values({ key, count: 1, windowStart: sql`now()` })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN now() ELSE ${authThrottle.windowStart} END`,
      },
    })
    .returning({ count: authThrottle.count, windowStart: authThrottle.windowStart });
  if (!row) throw new Error(`sign-in throttle: the upsert for ${key} returned no row`);
  return { count: row.count, endsAt: row.windowStart.getTime() + windowSeconds * 1000 };
}

/**
 * Takes one attempt for a sign-in, before the password is checked. Returns 0 if it may go ahead,
 * or the seconds until it may try again.
 */
export async function takeAttempt(db: Db, keys: TSignInKeys, policy: TThrottlePolicy): Promise<number> {
  const pair = await countAttempt(db, keys.pair, policy.windowSeconds);
  if (pair.count > policy.maxFailures) return secondsUntil(pair.endsAt);
  const account = await countAttempt(db, keys.account, policy.windowSeconds);
  if (account.count > policy.maxFailures * ACCOUNT_CEILING_FACTOR) return secondsUntil(account.endsAt);
  return 0;
}

/** After a successful sign-in: the pair starts afresh and the account gets its attempt back. */
export async function attemptSucceeded(db: Db, keys: TSignInKeys): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, keys.pair));
  await db
    .update(authThrottle)
    .set({ count: sql`GREATEST(${authThrottle.count} - 1, 0)` })
    .where(eq(authThrottle.key, keys.account));
}

function secondsUntil(endsAt: number): number {
  return Math.max(1, Math.ceil((endsAt - Date.now()) / 1000));
}
