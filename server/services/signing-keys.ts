/**
 * Users' signing keys: an EVM account per user, made at sign-up, sealed at rest with the
 * server's master secret. The server signs publications with it on the user's behalf; the
 * private key goes to the browser only when its owner exports it, giving their password again
 * (so a session left open, or stolen, is not enough to take the key).
 */
import { and, eq } from 'drizzle-orm';
import { verifyPassword } from 'better-auth/crypto';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { account, userKey } from '@/prisma/schema';
import type { Db } from '@/server/db/client';
import { deriveKey, open, seal, type TMasterKey } from './sealed-box';
import { ServiceError } from './errors';
import { attemptSucceeded, takeAttempt, type TThrottlePolicy } from './sign-in-throttle';

/** Password guesses through the export, per user: a stolen session cannot guess quickly. */
const EXPORT_THROTTLE: TThrottlePolicy = { maxFailures: 5, windowSeconds: 300 };

const PURPOSE = 'poseidon/user-signing-keys/v1';

const placeOf = (userId: string) => [PURPOSE, userId];

/** The user's address, creating the key pair if the user has none yet. Safe to call twice. */
export async function ensureSigningKey(db: Db, userId: string, masterKey: TMasterKey): Promise<`0x${string}`> {
  const [existing] = await db.select({ address: userKey.address }).from(userKey).where(eq(userKey.userId, userId));
  if (existing) return existing.address as `0x${string}`;
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  const sealed = seal(deriveKey(masterKey, PURPOSE), placeOf(userId), privateKey);
  await db.insert(userKey).values({ userId, address: account.address, sealedPrivateKey: sealed }).onConflictDoNothing();
  const [stored] = await db.select({ address: userKey.address }).from(userKey).where(eq(userKey.userId, userId));
  return stored!.address as `0x${string}`;
}

export async function signingAddress(db: Db, userId: string): Promise<`0x${string}` | null> {
  const [row] = await db.select({ address: userKey.address }).from(userKey).where(eq(userKey.userId, userId));
  return (row?.address as `0x${string}` | undefined) ?? null;
}

async function privateKeyOf(db: Db, userId: string, masterKey: TMasterKey): Promise<`0x${string}`> {
  await ensureSigningKey(db, userId, masterKey);
  const [row] = await db.select().from(userKey).where(eq(userKey.userId, userId));
  const privateKey = open(deriveKey(masterKey, PURPOSE), placeOf(userId), row!.sealedPrivateKey);
  if (privateKey === null) {
    throw new Error('The signing key could not be opened: it was altered or the server secret changed.');
  }
  return privateKey as `0x${string}`;
}

/** The user's account, for signing on the server. Never send it, or its key, anywhere. */
export async function signingAccount(db: Db, userId: string, masterKey: TMasterKey): Promise<PrivateKeyAccount> {
  return privateKeyToAccount(await privateKeyOf(db, userId, masterKey));
}

/** The private key, for its owner's explicit export only, once their current password is checked. */
export async function exportSigningKey(
  db: Db,
  userId: string,
  masterKey: TMasterKey,
  password: string,
): Promise<{ address: string; privateKey: string }> {
  await checkPassword(db, userId, password);
  const privateKey = await privateKeyOf(db, userId, masterKey);
  return { address: privateKeyToAccount(privateKey).address, privateKey };
}

async function checkPassword(db: Db, userId: string, password: string): Promise<void> {
  const keys = { pair: `export-signing-key:${userId}`, account: `export-signing-key:${userId}:all` };
  const wait = await takeAttempt(db, keys, EXPORT_THROTTLE);
  if (wait > 0) {
    const message = `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`;
    throw new ServiceError('TOO_MANY_REQUESTS', message, [{ severity: 'error', code: 'too_many_attempts', message }]);
  }
  const [credential] = await db
    .select({ hash: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, 'credential')));
  if (!credential?.hash || !(await verifyPassword({ hash: credential.hash, password }))) {
    const message = 'That is not your current password.';
    throw new ServiceError('BAD_REQUEST', message, [{ severity: 'error', code: 'wrong_password', message, path: 'password' }]);
  }
  await attemptSucceeded(db, keys);
}
