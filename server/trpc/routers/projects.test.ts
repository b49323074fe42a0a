import { TRPCError } from '@trpc/server';
import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, userKey } from '@/prisma/schema';
import type { Database } from '@/server/db/client';
import { testContext } from '@/server/testing/context';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { appRouter, createCaller } from '@/server/trpc/root';

type TCaller = ReturnType<typeof createCaller>;

/**
 * One call per project procedure, aimed at a project (and version) of someone else. The test
 * below checks this table covers every procedure of the router, so a new procedure cannot skip it.
 */
const callsOnForeignProject: Record<string, (c: TCaller, projectId: string, versionId: string) => Promise<unknown>> = {
  'projects.get': (c, projectId) => c.projects.get({ projectId }),
  'projects.rename': (c, projectId) => c.projects.rename({ projectId, name: 'Mine now' }),
  'projects.duplicate': (c, projectId) => c.projects.duplicate({ projectId }),
  'projects.delete': (c, projectId) => c.projects.delete({ projectId }),
  'projects.saveGraph': (c, projectId) =>
    c.projects.saveGraph({ projectId, baseVersion: 1, graph: { schemaVersion: 1, nodes: [], edges: [] } }),
  'projects.export': (c, projectId) => c.projects.export({ projectId }),
  'projects.versions.list': (c, projectId) => c.projects.versions.list({ projectId }),
  'projects.versions.create': (c, projectId) => c.projects.versions.create({ projectId, label: 'x' }),
  'projects.versions.restore': (c, projectId, versionId) => c.projects.versions.restore({ projectId, versionId }),
  'runs.start': (c, projectId) => c.runs.start({ projectId }),
  'runs.describeStore': (c, projectId) => c.runs.describeStore({ projectId }),
  'runs.clearStore': (c, projectId) => c.runs.clearStore({ projectId }),
  'secrets.list': (c, projectId) => c.secrets.list({ projectId }),
  'secrets.set': (c, projectId) => c.secrets.set({ projectId, name: 'API_KEY', value: 'stolen' }),
  'secrets.delete': (c, projectId) => c.secrets.delete({ projectId, name: 'API_KEY' }),
  'deploy.list': (c, projectId) => c.deploy.list({ projectId }),
  'deploy.status': (c, projectId) => c.deploy.status({ projectId }),
  'preview.update': (c, projectId) => c.preview.update({ projectId }),
  'deploy.start': async (c, projectId) => {
    for await (const event of await c.deploy.start({ projectId, appName: 'stolen-app' })) void event;
  },
  'deploy.takeOffline': (c, projectId) => c.deploy.takeOffline({ projectId }),
  'deploy.rollback': (c, projectId) => c.deploy.rollback({ projectId, deploymentId: '00000000-0000-4000-8000-000000000000' }),
};
/** Procedures that take no project id: they only ever see the caller's own projects. */
const notProjectScoped = ['projects.list', 'projects.create', 'projects.import', 'account.signingKey', 'account.exportSigningKey'];

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

describe('the project authorization table', () => {
  it('covers every procedure of the router', () => {
    const all = Object.keys(appRouter._def.procedures);
    expect([...Object.keys(callsOnForeignProject), ...notProjectScoped].sort()).toEqual(all.sort());
  });
});

describe.each(testDatabaseTargets())('project procedures on $name', (target) => {
  let database: Database;
  let owner: TCaller;
  let intruder: TCaller;
  let anonymous: TCaller;
  let intruderId: string;
  let ownerUserId: string;

  beforeAll(async () => {
    database = await target.open();
    ownerUserId = await insertTestUser(database, 'owner');
    const ownerUser = { id: ownerUserId, name: 'Owner', email: 'o@example.test' };
    intruderId = await insertTestUser(database, 'intruder');
    owner = createCaller(testContext(database.db, ownerUser));
    intruder = createCaller(testContext(database.db, { id: intruderId, name: 'Intruder', email: 'i@example.test' }));
    anonymous = createCaller(testContext(database.db, null));
  });
  afterAll(async () => {
    await database.close();
  });

  it.each(Object.entries(callsOnForeignProject))(
    '%s: another user gets NOT_FOUND, exactly as for a missing project',
    async (_name, call) => {
      const project = await owner.projects.create({ name: 'Private', templateId: 'guestbook' });
      const version = await owner.projects.versions.create({ projectId: project.id, label: 'v1' });
      await owner.secrets.set({ projectId: project.id, name: 'API_KEY', value: 'owner-secret' });
      expect(await codeOf(call(intruder, project.id, version.id))).toBe('NOT_FOUND');
      const missing = '00000000-0000-4000-8000-000000000000';
      expect(await codeOf(call(intruder, missing, version.id))).toBe('NOT_FOUND');

      // Nothing changed for the owner.
      const after = await owner.projects.get({ projectId: project.id });
      expect(after).toMatchObject({ name: 'Private', version: project.version });
      expect(await owner.projects.versions.list({ projectId: project.id })).toHaveLength(1);
      expect((await owner.secrets.list({ projectId: project.id })).map((x) => x.name)).toEqual(['API_KEY']);
    },
  );

  it("lists only the caller's own projects", async () => {
    await owner.projects.create({ name: 'Owner only' });
    const theirs = await intruder.projects.list();
    expect(theirs.map((p) => p.name)).not.toContain('Owner only');
    const imported = await intruder.projects.import({
      text: JSON.stringify(await owner.projects.export({ projectId: (await owner.projects.list())[0]!.id })),
    });
    expect((await intruder.projects.list()).map((p) => p.id)).toEqual([imported.id]);
  });

  it.each([...Object.keys(callsOnForeignProject), ...notProjectScoped])('%s: refuses a caller who is not signed in', async (name) => {
    const call =
      callsOnForeignProject[name] ??
      ((c: TCaller) =>
        name === 'projects.list'
          ? c.projects.list()
          : name === 'projects.create'
            ? c.projects.create({ name: 'x' })
            : c.projects.import({ text: '{}' }));
    expect(await codeOf(call(anonymous, '00000000-0000-4000-8000-000000000000', 'v'))).toBe('UNAUTHORIZED');
  });

  it('gives each user their own signing key and exports it only to them, with their current password', async () => {
    // Reading the address makes no key (a query changes nothing); the export makes it.
    expect(await owner.account.signingKey()).toEqual({ address: null });
    expect(await database.db.select().from(userKey)).toEqual([]);
    for (const [userId, password] of [
      [ownerUserId, 'owner password'],
      [intruderId, 'intruder password'],
    ] as const) {
      await database.db.insert(account).values({
        id: `${userId}-credential`,
        accountId: userId,
        providerId: 'credential',
        userId,
        password: await hashPassword(password),
      });
    }
    // A session alone is not enough: the export asks for the current password, checked on the server.
    expect(await codeOf(owner.account.exportSigningKey({ password: 'not my password' }))).toBe('BAD_REQUEST');
    expect(await codeOf(owner.account.exportSigningKey({ password: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(intruder.account.exportSigningKey({ password: 'owner password' }))).toBe('BAD_REQUEST');
    expect(await database.db.select().from(userKey)).toEqual([]);
    const exported = await owner.account.exportSigningKey({ password: 'owner password' });
    await intruder.account.exportSigningKey({ password: 'intruder password' });
    const mine = await owner.account.signingKey();
    const theirs = await intruder.account.signingKey();
    expect(mine.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(theirs.address).not.toBe(mine.address);
    expect(await owner.account.signingKey()).toEqual(mine); // stable
    expect(exported.address).toBe(mine.address);
    expect(exported.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    // Sealed at rest: the stored value is not the key.
    const rows = await database.db.select().from(userKey);
    expect(JSON.stringify(rows)).not.toContain(exported.privateKey.slice(2));
  });

  it('slows down password guesses through the key export', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => codeOf(owner.account.exportSigningKey({ password: `guess ${i}` }))),
    );
    expect(guesses.filter((code) => code === 'BAD_REQUEST')).toHaveLength(5);
    expect(guesses.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(3);
  });

  it('names the field of bad input', async () => {
    const error = await owner.projects.create({ name: '   ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });

  it('reports a save conflict with the current version', async () => {
    const project = await owner.projects.create({ name: 'Conflict' });
    const graph = { schemaVersion: 1 as const, nodes: [], edges: [] };
    await owner.projects.saveGraph({ projectId: project.id, baseVersion: project.version, graph });
    const error = await owner.projects.saveGraph({ projectId: project.id, baseVersion: project.version, graph }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('CONFLICT');
  });
});
