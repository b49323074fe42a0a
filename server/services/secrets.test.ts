import { hkdfSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectSecret } from '@/prisma/schema';
import type { Database } from '@/server/db/client';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { MIN_REDACTED_SUBSTRING_LENGTH } from '@/runtime/crypto/redact';
import { ServiceError } from './errors';
import * as projects from './projects';
import { decryptSecret, deleteSecret, listSecrets, redactSecrets, resolveSecrets, SecretDecryptionError, setSecret } from './secrets';

const MASTER = 'test-master-secret-0123456789abcdef0123456789abcdef';

async function errorOf<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe.each(testDatabaseTargets())('project secrets on $name', (target) => {
  let database: Database;
  let alice: projects.TServiceContext;
  let mallory: projects.TServiceContext;

  async function storedCiphertext(projectId: string, name: string): Promise<string | undefined> {
    const [row] = await database.db
      .select({ ciphertext: projectSecret.ciphertext })
      .from(projectSecret)
      .where(and(eq(projectSecret.projectId, projectId), eq(projectSecret.name, name)));
    return row?.ciphertext;
  }

  beforeAll(async () => {
    database = await target.open();
    alice = { db: database.db, userId: await insertTestUser(database, 'alice') };
    mallory = { db: database.db, userId: await insertTestUser(database, 'mallory') };
  });
  afterAll(async () => {
    await database.close();
  });

  it('stores, replaces and resolves values', async () => {
    const p = await projects.createProject(alice, { name: 'Round trip' });
    const first = await setSecret(alice, { projectId: p.id, name: 'OPENAI_API_KEY', value: 'sk-live-ünïcode-🔑' }, MASTER);
    expect(first).toEqual({ name: 'OPENAI_API_KEY', updatedAt: expect.any(Date) });
    await setSecret(alice, { projectId: p.id, name: 'TOKEN', value: 't'.repeat(8192) }, MASTER);

    let resolved = await resolveSecrets(database.db, p.id, MASTER);
    expect([...resolved.entries()]).toEqual([
      ['OPENAI_API_KEY', 'sk-live-ünïcode-🔑'],
      ['TOKEN', 't'.repeat(8192)],
    ]);

    const replaced = await setSecret(alice, { projectId: p.id, name: 'TOKEN', value: 'rotated' }, MASTER);
    expect(replaced.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    resolved = await resolveSecrets(database.db, p.id, MASTER);
    expect(resolved.get('TOKEN')).toBe('rotated');
    expect(resolved.size).toBe(2);

    // A project without secrets resolves to an empty map.
    const empty = await projects.createProject(alice, { name: 'No secrets' });
    expect((await resolveSecrets(database.db, empty.id, MASTER)).size).toBe(0);
  });

  it('saves a very short value with a warning naming the secret, and no warning for a longer one', async () => {
    const p = await projects.createProject(alice, { name: 'Short values' });
    const short = await setSecret(alice, { projectId: p.id, name: 'PIN', value: '1234' }, MASTER);
    expect(short.warning).toMatch(/^Secret "PIN" is only 4 characters long: .*at least 6 characters/);
    expect(short.warning).not.toContain('1234');
    expect((await resolveSecrets(database.db, p.id, MASTER)).get('PIN')).toBe('1234');
    const one = await setSecret(alice, { projectId: p.id, name: 'FLAG', value: 'a' }, MASTER);
    expect(one.warning).toContain('only 1 character long');
    const long = await setSecret(alice, { projectId: p.id, name: 'CODE', value: '123456' }, MASTER);
    expect(long).toEqual({ name: 'CODE', updatedAt: expect.any(Date) });
  });

  it('keeps only ciphertext in the database, in the documented format and key', async () => {
    const p = await projects.createProject(alice, { name: 'At rest' });
    const value = 'super-secret-value-123';
    await setSecret(alice, { projectId: p.id, name: 'API_KEY', value }, MASTER);
    const stored = (await storedCiphertext(p.id, 'API_KEY'))!;

    expect(stored).not.toContain(value);
    expect(stored).not.toContain(Buffer.from(value).toString('base64'));
    const [version, iv, tag, ciphertext] = stored.split(':');
    expect(version).toBe('v1');
    expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
    expect(Buffer.from(ciphertext!, 'base64')).toHaveLength(Buffer.byteLength(value));

    // The key is HKDF-SHA256(master, info "poseidon/project-secrets/v1"), nothing else.
    const key = Buffer.from(hkdfSync('sha256', MASTER, Buffer.alloc(0), 'poseidon/project-secrets/v1', 32));
    expect(decryptSecret(key, p.id, 'API_KEY', stored)).toBe(value);

    // A fresh IV every time: the same value never gives the same ciphertext.
    await setSecret(alice, { projectId: p.id, name: 'API_KEY', value }, MASTER);
    const again = (await storedCiphertext(p.id, 'API_KEY'))!;
    expect(again).not.toBe(stored);
    expect(again.split(':')[1]).not.toBe(iv);
  });

  it('lists names and update times only, never values', async () => {
    const p = await projects.createProject(alice, { name: 'Listing' });
    await setSecret(alice, { projectId: p.id, name: 'ZED', value: 'value-of-zed' }, MASTER);
    await setSecret(alice, { projectId: p.id, name: 'ALPHA', value: 'value-of-alpha' }, MASTER);
    const list = await listSecrets(alice, p.id);
    expect(list.map((s) => s.name)).toEqual(['ALPHA', 'ZED']);
    for (const item of list) {
      expect(Object.keys(item).sort()).toEqual(['name', 'updatedAt']);
      expect(item.updatedAt).toBeInstanceOf(Date);
    }
    expect(JSON.stringify(list)).not.toMatch(/value-of|v1:/);
  });

  it('deletes a secret', async () => {
    const p = await projects.createProject(alice, { name: 'Deleting' });
    await setSecret(alice, { projectId: p.id, name: 'GONE', value: 'x' }, MASTER);
    await setSecret(alice, { projectId: p.id, name: 'KEPT', value: 'y' }, MASTER);
    await deleteSecret(alice, { projectId: p.id, name: 'GONE' });
    expect((await listSecrets(alice, p.id)).map((s) => s.name)).toEqual(['KEPT']);
    expect([...(await resolveSecrets(database.db, p.id, MASTER)).keys()]).toEqual(['KEPT']);
    const again = await errorOf(deleteSecret(alice, { projectId: p.id, name: 'GONE' }), ServiceError);
    expect(again.kind).toBe('NOT_FOUND');
    expect(again.message).toBe('Secret "GONE" not found.');
  });

  it('gives another user NOT_FOUND for every operation and changes nothing', async () => {
    const p = await projects.createProject(alice, { name: 'Private' });
    await setSecret(alice, { projectId: p.id, name: 'MINE', value: 'alice-only' }, MASTER);

    for (const attempt of [
      () => setSecret(mallory, { projectId: p.id, name: 'MINE', value: 'overwritten' }, MASTER),
      () => setSecret(mallory, { projectId: p.id, name: 'PLANTED', value: 'x' }, MASTER),
      () => listSecrets(mallory, p.id),
      () => deleteSecret(mallory, { projectId: p.id, name: 'MINE' }),
    ]) {
      const error = await errorOf(attempt(), ServiceError);
      expect(error.kind).toBe('NOT_FOUND');
      expect(error.message).toBe('Project not found.');
    }
    expect([...(await resolveSecrets(database.db, p.id, MASTER)).entries()]).toEqual([['MINE', 'alice-only']]);
    expect((await errorOf(listSecrets(alice, 'not-a-uuid'), ServiceError)).kind).toBe('NOT_FOUND');
  });

  it('refuses invalid names and values with a message naming the problem', async () => {
    const p = await projects.createProject(alice, { name: 'Validation' });
    for (const name of ['lower_case', '1STARTS_WITH_DIGIT', 'HAS-DASH', '', `A${'B'.repeat(64)}`, 'SPACE D']) {
      const error = await errorOf(setSecret(alice, { projectId: p.id, name, value: 'v' }, MASTER), ServiceError);
      expect(error.kind).toBe('BAD_REQUEST');
      expect(error.message).toContain(`Secret name ${JSON.stringify(name)} is not valid`);
      expect(error.diagnostics[0]).toMatchObject({ code: 'invalid_secret_name', path: 'name' });
    }
    await setSecret(alice, { projectId: p.id, name: `A${'B'.repeat(63)}`, value: 'v' }, MASTER);

    const empty = await errorOf(setSecret(alice, { projectId: p.id, name: 'EMPTY', value: '' }, MASTER), ServiceError);
    expect(empty.message).toBe('Secret value must not be empty.');
    expect(empty.diagnostics[0]?.path).toBe('value');
    const long = await errorOf(setSecret(alice, { projectId: p.id, name: 'LONG', value: 'x'.repeat(8193) }, MASTER), ServiceError);
    expect(long.message).toBe('Secret value is 8193 characters long; the limit is 8192.');
    expect((await listSecrets(alice, p.id)).map((s) => s.name)).toEqual([`A${'B'.repeat(63)}`]);
  });

  it('refuses a tampered ciphertext with a clear error', async () => {
    const p = await projects.createProject(alice, { name: 'Tampered' });
    await setSecret(alice, { projectId: p.id, name: 'API_KEY', value: 'tamper-me' }, MASTER);
    const stored = (await storedCiphertext(p.id, 'API_KEY'))!;
    const [version, iv, tag, ciphertext] = stored.split(':') as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64');
    flipped[0] = flipped[0]! ^ 0x01;
    const flippedTag = Buffer.from(tag, 'base64');
    flippedTag[15] = flippedTag[15]! ^ 0x80;

    for (const bad of [
      [version, iv, tag, flipped.toString('base64')].join(':'),
      [version, iv, flippedTag.toString('base64'), ciphertext].join(':'),
      ['v2', iv, tag, ciphertext].join(':'),
      'garbage',
    ]) {
      await database.db
        .update(projectSecret)
        .set({ ciphertext: bad })
        .where(and(eq(projectSecret.projectId, p.id), eq(projectSecret.name, 'API_KEY')));
      const error = await errorOf(resolveSecrets(database.db, p.id, MASTER), SecretDecryptionError);
      expect(error.secretName).toBe('API_KEY');
      expect(error.message).toMatch(/^Secret "API_KEY" could not be decrypted: the stored value was altered/);
    }
    // Put back untouched, it decrypts again (so the failures above were the tampering).
    await database.db.update(projectSecret).set({ ciphertext: stored }).where(eq(projectSecret.projectId, p.id));
    expect((await resolveSecrets(database.db, p.id, MASTER)).get('API_KEY')).toBe('tamper-me');
  });

  it('refuses a ciphertext copied to another project or another name, or read with another key', async () => {
    const source = await projects.createProject(alice, { name: 'Source' });
    const other = await projects.createProject(alice, { name: 'Other' });
    await setSecret(alice, { projectId: source.id, name: 'API_KEY', value: 'bound-to-source' }, MASTER);
    const stored = (await storedCiphertext(source.id, 'API_KEY'))!;

    await database.db.insert(projectSecret).values({ projectId: other.id, name: 'API_KEY', ciphertext: stored });
    const moved = await errorOf(resolveSecrets(database.db, other.id, MASTER), SecretDecryptionError);
    expect(moved.message).toMatch(/^Secret "API_KEY" could not be decrypted: .*belongs to another project or name/);

    await database.db.insert(projectSecret).values({ projectId: source.id, name: 'RENAMED', ciphertext: stored });
    const renamed = await errorOf(resolveSecrets(database.db, source.id, MASTER), SecretDecryptionError);
    expect(renamed.secretName).toBe('RENAMED');

    await database.db.delete(projectSecret).where(and(eq(projectSecret.projectId, source.id), eq(projectSecret.name, 'RENAMED')));
    expect((await resolveSecrets(database.db, source.id, MASTER)).get('API_KEY')).toBe('bound-to-source');
    await errorOf(resolveSecrets(database.db, source.id, `${MASTER}-rotated`), SecretDecryptionError);
  });

  it('refuses a master key shorter than 32 bytes', async () => {
    const p = await projects.createProject(alice, { name: 'Short key' });
    await expect(setSecret(alice, { projectId: p.id, name: 'K', value: 'v' }, 'short')).rejects.toThrow(
      'The master key must be at least 32 bytes.',
    );
    expect(await listSecrets(alice, p.id)).toEqual([]);
  });

  it('is deleted with its project', async () => {
    const p = await projects.createProject(alice, { name: 'Cascade' });
    await setSecret(alice, { projectId: p.id, name: 'K', value: 'v' }, MASTER);
    await projects.deleteProject(alice, p.id);
    expect(await database.db.select().from(projectSecret).where(eq(projectSecret.projectId, p.id))).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence inside strings at any depth, keys included', () => {
    const input = {
      url: 'https://api.example/v1?key=sk-123&again=sk-123',
      headers: { authorization: 'Bearer tok_ABC' },
      list: ['tok_ABC', 42, true, null, { deep: ['x sk-123 y'] }],
      'sk-123': 'key named after the secret',
    };
    expect(redactSecrets(input, ['sk-123', 'tok_ABC'])).toEqual({
      url: 'https://api.example/v1?key=[secret]&again=[secret]',
      headers: { authorization: 'Bearer [secret]' },
      list: ['[secret]', 42, true, null, { deep: ['x [secret] y'] }],
      '[secret]': 'key named after the secret',
    });
    // The input is not modified.
    expect(input.headers.authorization).toBe('Bearer tok_ABC');
  });

  it('replaces a longer secret whole even when a shorter one is inside it', () => {
    expect(redactSecrets('abcdef abcdefgh', ['abcdef', 'abcdefgh'])).toBe('[secret] [secret]');
    expect(redactSecrets('abcdef abcdefgh', new Set(['abcdefgh', 'abcdef']))).toBe('[secret] [secret]');
  });

  it('treats secrets literally and catches their URL-encoded form', () => {
    expect(redactSecrets('p.a+s$s (1) vs pXa+s$s', ['p.a+s$s (1)', 'p.a+s$s'])).toBe('[secret] vs pXa+s$s');
    expect(redactSecrets('?token=a%2Fb%3Dc%2Fd', ['a/b=c/d'])).toBe('?token=[secret]');
  });

  it('replaces a very short secret only where it is a whole value or key, never inside other text', () => {
    const trace = {
      output: 'a banana and a plan',
      flag: 'a',
      list: ['a', 'ab', 'a/b', 'a%2Fb'],
      a: 'key named after the secret',
      url: 'https://api.example/?q=a',
      token: 'Bearer long-secret-value',
    };
    expect(redactSecrets(trace, ['a', 'a/b', 'long-secret-value'])).toEqual({
      output: 'a banana and a plan',
      flag: '[secret]',
      list: ['[secret]', 'ab', '[secret]', '[secret]'],
      '[secret]': 'key named after the secret',
      url: 'https://api.example/?q=a',
      token: 'Bearer [secret]',
    });
    expect(redactSecrets(new Error('a'), ['a'])).toMatchObject({ message: '[secret]' });
    expect(redactSecrets('12345 and 1234', ['1234'])).toBe('12345 and 1234');
    expect(MIN_REDACTED_SUBSTRING_LENGTH).toBe(6);
    expect(redactSecrets('id 123456', ['123456'])).toBe('id [secret]');
  });

  it('leaves other values alone and survives cycles and errors', () => {
    expect(redactSecrets(12345, ['12345'])).toBe(12345);
    expect(redactSecrets('nothing here', ['', 'absent'])).toBe('nothing here');
    const when = new Date(0);
    expect((redactSecrets({ when }, ['x']) as { when: Date }).when).toBe(when);

    const cyclic: { name: string; self?: unknown } = { name: 'has s3cret' };
    cyclic.self = cyclic;
    const copy = redactSecrets(cyclic, ['s3cret']) as typeof cyclic;
    expect(copy.name).toBe('has [secret]');
    expect(copy.self).toBe(copy);

    const error = new TypeError('request with s3cret failed');
    const redacted = redactSecrets({ error }, ['s3cret']) as { error: Error };
    expect(redacted.error.message).toBe('request with [secret] failed');
    expect(redacted.error.name).toBe('TypeError');
    expect(redacted.error.stack).not.toContain('s3cret');
  });
});
