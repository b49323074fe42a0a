import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, userKey } from '@/prisma/schema';
import type { Database } from '@/server/db/client';
import { testDatabaseTargets } from '@/server/testing/databases';
import { authRoute, createAuth, loopbackAliases, type TAuth } from './auth';
import { parseTrustedProxies } from './client-address';

const PUBLIC_URL = 'http://localhost:3000';

describe.each(testDatabaseTargets())('accounts on $name', (target) => {
  let database: Database;
  let auth: TAuth;
  let route: ReturnType<typeof authRoute>;
  let ip = 0;

  beforeAll(async () => {
    database = await target.open();
    auth = createAuth({
      db: database.db,
      secret: 'test-secret-that-is-long-enough-0123456789',
      publicUrl: PUBLIC_URL,
      signInThrottle: { maxFailures: 3, windowSeconds: 300 },
    });
    // 10.9.0.0/16 plays a reverse proxy the operator configured.
    route = authRoute(auth, { publicUrl: PUBLIC_URL, trustedProxies: parseTrustedProxies('10.9.0.0/16') });
  });
  afterAll(async () => {
    await database.close();
  });

  /**
   * A request through the auth route, from connection address `peer`; by default each call comes
   * from its own address so the per-IP limit stays out of the way.
   */
  function post(path: string, body: unknown, options: { cookie?: string; peer?: string; headers?: Record<string, string> } = {}) {
    ip += 1;
    return route(
      new Request(`${PUBLIC_URL}/api/auth${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: PUBLIC_URL,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...options.headers,
        },
        body: JSON.stringify(body),
      }),
      options.peer ?? `192.0.2.${ip % 250}`,
    );
  }
  const signIn = (email: string, password: string, options: { peer?: string; headers?: Record<string, string> } = {}) =>
    post('/sign-in/email', { email, password }, options);
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
    const out = await post('/sign-out', {}, { cookie });
    expect(out.status).toBe(200);
    expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
  });

  it('throttles each account and address pair: the owner at another address still signs in', async () => {
    await post('/sign-up/email', { name: 'Eve', email: 'eve@example.test', password: 'eve password' });
    const attacker = { peer: '198.51.100.7' };
    for (let i = 0; i < 3; i++) expect((await signIn('eve@example.test', 'wrong guess', attacker)).status).toBe(401);
    // Now even the right password is refused from the attacker's address, unchecked...
    const locked = await signIn('EVE@example.test', 'eve password', attacker);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/Too many sign-in attempts.*minutes/);
    // ...while the owner, at their own address, is not slowed down at all.
    expect((await signIn('eve@example.test', 'eve password', { peer: '203.0.113.20' })).status).toBe(200);
    expect((await signIn('ada@example.test', 'correct horse', attacker)).status).toBe(200);
  });

  it('counts attempts before the password check: of many parallel guesses only the limit are checked', async () => {
    await post('/sign-up/email', { name: 'Pat', email: 'pat@example.test', password: 'pat password' });
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn('pat@example.test', `guess ${i}`, { peer: '198.51.100.8' })),
    );
    const statuses = guesses.map((res) => res.status);
    // 401 means the password was checked; the rest were refused before it was.
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('caps all addresses together at ten times the limit per account', async () => {
    // With a limit of 1, ten addresses with one attempt each reach the account's ceiling.
    const strict = authRoute(
      createAuth({
        db: database.db,
        secret: 'test-secret-that-is-long-enough-0123456789',
        publicUrl: PUBLIC_URL,
        signInThrottle: { maxFailures: 1, windowSeconds: 300 },
      }),
      { publicUrl: PUBLIC_URL, trustedProxies: parseTrustedProxies('') },
    );
    await post('/sign-up/email', { name: 'Max', email: 'max@example.test', password: 'max password' });
    const attempt = (password: string, peer: string) =>
      strict(
        new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
          body: JSON.stringify({ email: 'max@example.test', password }),
        }),
        peer,
      );
    for (let i = 0; i < 10; i++) expect((await attempt('wrong guess', `198.18.0.${i + 1}`)).status).toBe(401);
    expect((await attempt('max password', '198.18.1.1')).status).toBe(429);
  });

  it('ignores a spoofed X-Forwarded-For, and believes a configured proxy', async () => {
    await post('/sign-up/email', { name: 'Kim', email: 'kim@example.test', password: 'kim password' });
    const attacker = '198.51.100.9';
    for (let i = 0; i < 3; i++) {
      // A new made-up X-Forwarded-For each time, and the owner's address as the claimed client.
      const res = await signIn('kim@example.test', 'wrong guess', {
        peer: attacker,
        headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-poseidon-client-address': '203.0.113.30' },
      });
      expect(res.status).toBe(401);
    }
    const spoofed = await signIn('kim@example.test', 'wrong guess', { peer: attacker, headers: { 'x-forwarded-for': '203.0.113.99' } });
    expect(spoofed.status).toBe(429);
    // The owner's real address was never counted against.
    expect((await signIn('kim@example.test', 'kim password', { peer: '203.0.113.30' })).status).toBe(200);

    // Behind the configured proxy, the client is the hop the proxy appended (the right-most one).
    const viaProxy = (xff: string) => signIn('kim@example.test', 'wrong guess', { peer: '10.9.0.1', headers: { 'x-forwarded-for': xff } });
    for (let i = 0; i < 3; i++) expect((await viaProxy(`1.2.3.${i}, 198.51.100.10`)).status).toBe(401);
    expect((await viaProxy('9.9.9.9, 198.51.100.10')).status).toBe(429);
    expect((await viaProxy('198.51.100.11')).status).toBe(401);
  });

  it('clears the failure count after a successful sign-in', async () => {
    await post('/sign-up/email', { name: 'Sam', email: 'sam@example.test', password: 'sam password' });
    const at = { peer: '198.51.100.12' };
    for (let i = 0; i < 2; i++) await signIn('sam@example.test', 'nope nope', at);
    expect((await signIn('sam@example.test', 'sam password', at)).status).toBe(200);
    for (let i = 0; i < 2; i++) await signIn('sam@example.test', 'nope nope', at);
    expect((await signIn('sam@example.test', 'sam password', at)).status).toBe(200);
  });

  it('names POSEIDON_PUBLIC_URL and the origin seen when the origin does not match', async () => {
    const res = await post(
      '/sign-up/email',
      { name: 'Oz', email: 'oz@example.test', password: 'oz password' },
      {
        headers: { origin: 'http://localhost:3300', cookie: 'x=1' },
      },
    );
    expect(res.status).toBe(403);
    const { message } = (await res.json()) as { message: string };
    expect(message).toContain('http://localhost:3300');
    expect(message).toContain('POSEIDON_PUBLIC_URL');
    expect(message).toContain(PUBLIC_URL);
  });
});

describe('loopbackAliases', () => {
  it('trusts both loopback spellings of the public URL', () => {
    expect(loopbackAliases('http://localhost:3000')).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    expect(loopbackAliases('https://ide.example.com')).toEqual(['https://ide.example.com']);
  });
});
