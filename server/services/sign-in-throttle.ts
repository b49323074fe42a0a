/**
 * Sign-in throttling per account: after `maxFailures` failed attempts within `windowSeconds`,
 * further attempts for that email are refused until the window has passed. Keyed by account
 * rather than IP, so guessing one account's password is slow however many addresses try.
 * Counters live in the database: they hold across restarts and several server processes.
 */
import { eq, sql } from 'drizzle-orm';
import { authThrottle } from '@/prisma/schema';
import type { Db } from '@/server/db/client';

export interface TThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
}

export function signInKey(email: string): string {
  return `sign-in:${email.trim().toLowerCase()}`;
}

/** Seconds until the key may try again, or 0 if it may try now. */
export async function secondsLocked(db: Db, key: string, policy: TThrottlePolicy): Promise<number> {
  const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
  if (!row || row.count < policy.maxFailures) return 0;
  const endsAt = row.windowStart.getTime() + policy.windowSeconds * 1000;
  return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

/** Counts a failure; one atomic upsert, so concurrent failures are all counted. */
export async function recordFailure(db: Db, key: string, policy: TThrottlePolicy): Promise<void> {
  const expired = sql`${authThrottle.windowStart} < now() - make_interval(secs => ${policy.windowSeconds})`;
  await db
    .insert(authThrottle)
    .values({ key, count: 1, windowStart: sql`now()` })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${authThrottle.count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN now() ELSE ${authThrottle.windowStart} END`,
      },
    });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}
