import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, userKey } from '@/prisma/schema';
import type { Database } from '@/server/db/client';
import { testDatabaseTargets } from '@/server/testing/databases';
import { createAuth, loopbackAliases, type TAuth } from './auth';

const PUBLIC_URL = 'http://localhost:3000';

describe.each(testDatabaseTargets())('accounts on $name', (target) => {
  let database: Database;
  let auth: TAuth;
  let ip = 0;

  beforeAll(async () => {
    database = await target.open();
    auth = createAuth({
      db: database.db,
      secret: 'test-secret-that-is-long-enough-0123456789',
      publicUrl: PUBLIC_URL,
      signInThrottle: { maxFailures: 3, windowSeconds: 300 },
    });
  });
  afterAll(async () => {
    await database.close();
  });

  /** Each call comes from its own address so the per-IP limit stays out of the way. */
  function post(path: string, body: unknown, cookie?: string) {
    ip += 1;
    return auth.handler(
      new Request(`${PUBLIC_URL}/api/auth${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: PUBLIC_URL,
          'x-forwarded-for': `10.0.0.${ip % 250}`,
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
  }
  const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('better-auth.session_token='));

  it('signs up with an http-only session cookie and a hashed password', async () => {
    const res = await post('/sign-up/email', { name: 'Ada', email: 'ada@example.test', password: 'correct horse' });
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const [row] = await database.db.select().from(account).where(eq(account.providerId, 'credential'));
    expect(row?.password).toBeTruthy();
    expect(row?.password).not.toContain('correct horse');

    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie!.split(';')[0]! }) });
    expect(session?.user.email).toBe('ada@example.test');
    // A signing key pair was made with the account.
    const [key] = await database.db.select().from(userKey).where(eq(userKey.userId, session!.user.id));
    expect(key?.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('refuses a duplicate email and a short password', async () => {
    const dup = await post('/sign-up/email', { name: 'Ada 2', email: 'ada@example.test', password: 'another pass' });
    expect(dup.status).toBe(422);
    const short = await post('/sign-up/email', { name: 'Bob', email: 'bob@example.test', password: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { message: string }).message).toMatch(/password/i);
  });

  it('signs out by revoking the session', async () => {
    const res = await post('/sign-in/email', { email: 'ada@example.test', password: 'correct horse' });
    const cookie = sessionCookie(res)!.split(';')[0]!;
    const out = await post('/sign-out', {}, cookie);
    expect(out.status).toBe(200);
    expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
  });

  it('throttles repeated failed sign-ins per account, and only that account', async () => {
    await post('/sign-up/email', { name: 'Eve', email: 'eve@example.test', password: 'eve password' });
    for (let i = 0; i < 3; i++) {
      const res = await post('/sign-in/email', { email: 'eve@example.test', password: 'wrong guess' });
      expect(res.status).toBe(401);
    }
    // Even the right password is refused while the account is throttled, from any address.
    const locked = await post('/sign-in/email', { email: 'EVE@example.test', password: 'eve password' });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/Too many failed sign-in attempts.*minutes/);

    const other = await post('/sign-in/email', { email: 'ada@example.test', password: 'correct horse' });
    expect(other.status).toBe(200);
  });

  it('clears the failure count after a successful sign-in', async () => {
    await post('/sign-up/email', { name: 'Sam', email: 'sam@example.test', password: 'sam password' });
    for (let i = 0; i < 2; i++) await post('/sign-in/email', { email: 'sam@example.test', password: 'nope nope' });
    expect((await post('/sign-in/email', { email: 'sam@example.test', password: 'sam password' })).status).toBe(200);
    for (let i = 0; i < 2; i++) await post('/sign-in/email', { email: 'sam@example.test', password: 'nope nope' });
    expect((await post('/sign-in/email', { email: 'sam@example.test', password: 'sam password' })).status).toBe(200);
  });
});

describe('loopbackAliases', () => {
  it('trusts both loopback spellings of the public URL', () => {
    expect(loopbackAliases('http://localhost:3000')).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    expect(loopbackAliases('https://ide.example.com')).toEqual(['https://ide.example.com']);
  });
});
