import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { deployment, project, projectVersion, user } from '@/prisma/schema';
import type { Database } from '@/server/db/client';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { ServiceError } from './errors';
import * as projects from './projects';
import * as versions from './versions';

function graphWith(...ids: string[]): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: ids.map((id, i) => ({ id, type: 'note', version: 1, position: { x: i * 100, y: 0 }, config: { text: id } })),
    edges: [],
  };
}

/** The context with `hook` run before each transaction starts (to land a write at that moment). */
function withHookBeforeTransaction(ctx: projects.TServiceContext, hook: () => Promise<void>): projects.TServiceContext {
  const db = new Proxy(ctx.db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<typeof target.transaction>) => {
        await hook();
        return target.transaction(...args);
      };
    },
  });
  return { ...ctx, db };
}

async function errorOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe.each(testDatabaseTargets())('projects on $name', (target) => {
  let database: Database;
  let alice: projects.TServiceContext;

  beforeAll(async () => {
    database = await target.open();
    alice = { db: database.db, userId: await insertTestUser(database, 'alice') };
  });
  afterAll(async () => {
    await database.close();
  });

  it('creates, lists newest first, renames and deletes', async () => {
    const ctx = { db: database.db, userId: await insertTestUser(database, 'crud') };
    const first = await projects.createProject(ctx, { name: 'First' });
    const second = await projects.createProject(ctx, { name: 'Second', templateId: 'guestbook' });
    expect(first.graph).toEqual({ schemaVersion: 1, nodes: [], edges: [] });
    expect(second.graph.nodes.map((n) => n.type)).toEqual(['form', 'collection', 'collection', 'table']);
    expect(second.summary.nodeCount).toBe(4);
    expect(second.summary.edgeCount).toBe(3);

    let list = await projects.listProjects(ctx);
    expect(list.map((p) => p.name)).toEqual(['Second', 'First']);

    const renamed = await projects.renameProject(ctx, { projectId: first.id, name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    list = await projects.listProjects(ctx);
    expect(list.map((p) => p.name)).toEqual(['Renamed', 'Second']);

    await projects.deleteProject(ctx, first.id);
    expect((await projects.listProjects(ctx)).map((p) => p.name)).toEqual(['Second']);
    expect((await errorOf(projects.getProject(ctx, first.id))).kind).toBe('NOT_FOUND');
    expect((await errorOf(projects.deleteProject(ctx, first.id))).kind).toBe('NOT_FOUND');
  });

  it('lists which projects are live, under the app name of their newest deployment', async () => {
    const ctx = { db: database.db, userId: await insertTestUser(database, 'live') };
    const draft = await projects.createProject(ctx, { name: 'Draft' });
    const shop = await projects.createProject(ctx, { name: 'Shop' });
    const deploy = (appName: string, seq: number) =>
      database.db
        .insert(deployment)
        .values({ projectId: shop.id, appName, seq, cid: `bafy${seq}`, projectVersion: 1, createdBy: ctx.userId });
    await deploy('old-shop', 1);
    await deploy('shop', 2);
    const live = Object.fromEntries((await projects.listProjects(ctx)).map((p) => [p.name, p.liveAppName]));
    expect(live).toEqual({ Shop: 'shop', Draft: null });
    // Another user's deployments never show.
    expect(await projects.listProjects(alice)).not.toContainEqual(expect.objectContaining({ id: shop.id }));
    expect(draft.id).not.toBe(shop.id);
  });

  it('refuses an unknown template', async () => {
    const error = await errorOf(projects.createProject(alice, { name: 'X', templateId: 'nope' }));
    expect(error.kind).toBe('BAD_REQUEST');
    expect(error.diagnostics[0]?.path).toBe('templateId');
  });

  it('duplicates a project with its graph, under a new name', async () => {
    const source = await projects.createProject(alice, { name: 'Original', templateId: 'csv-chart' });
    const copy = await projects.duplicateProject(alice, source.id);
    expect(copy.id).not.toBe(source.id);
    expect(copy.name).toBe('Original (copy)');
    expect(copy.graph).toEqual(source.graph);
  });

  it('saves a graph based on the current version and refuses a stale one', async () => {
    const p = await projects.createProject(alice, { name: 'Conflicts' });
    const saved = await projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('a') });
    expect(saved.version).toBe(p.version + 1);

    // A second tab still holding the first version.
    const stale = await errorOf(projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('b') }));
    expect(stale.kind).toBe('CONFLICT');
    expect(stale.details).toMatchObject({ currentVersion: saved.version });

    const stored = await projects.getProject(alice, p.id);
    expect(stored.graph.nodes.map((n) => n.id)).toEqual(['a']);
    expect(stored.summary.nodeCount).toBe(1);
    expect(stored.version).toBe(saved.version);
  });

  it('lets exactly one of two concurrent saves on the same version win', async () => {
    const p = await projects.createProject(alice, { name: 'Race' });
    const results = await Promise.allSettled([
      projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('one') }),
      projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('two') }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ kind: 'CONFLICT' });
  });

  it('keeps named versions, restores one and can undo the restore', async () => {
    const p = await projects.createProject(alice, { name: 'Versions' });
    const v1 = await projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('a') });
    const labelled = await versions.createVersion(alice, { projectId: p.id, label: 'Just A' });
    expect(labelled).toMatchObject({ label: 'Just A', nodeCount: 1, projectVersion: v1.version });
    await projects.saveGraph(alice, { projectId: p.id, baseVersion: v1.version, graph: graphWith('a', 'b', 'c') });

    const restored = await versions.restoreVersion(alice, { projectId: p.id, versionId: labelled.id });
    expect((await projects.getProject(alice, p.id)).graph.nodes.map((n) => n.id)).toEqual(['a']);
    expect(restored.version).toBe(v1.version + 2);

    const list = await versions.listVersions(alice, p.id);
    expect(list.map((v) => v.label)).toEqual(['Before restoring "Just A"', 'Just A']);
    expect(list[0]).toMatchObject({ id: restored.backupVersionId, nodeCount: 3 });

    await versions.restoreVersion(alice, { projectId: p.id, versionId: restored.backupVersionId });
    expect((await projects.getProject(alice, p.id)).graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
  });

  /** A project at graph [a, b] with a version "Just A" holding [a]. */
  async function projectWithVersion(name: string) {
    const p = await projects.createProject(alice, { name });
    const v1 = await projects.saveGraph(alice, { projectId: p.id, baseVersion: p.version, graph: graphWith('a') });
    const labelled = await versions.createVersion(alice, { projectId: p.id, label: 'Just A' });
    const v2 = await projects.saveGraph(alice, { projectId: p.id, baseVersion: v1.version, graph: graphWith('a', 'b') });
    return { projectId: p.id, versionId: labelled.id, version: v2.version };
  }

  async function storedVersionGraph(versionId: string): Promise<string[]> {
    const [row] = await database.db.select().from(projectVersion).where(eq(projectVersion.id, versionId));
    return row!.graph.nodes.map((n) => n.id);
  }

  it('backs up the graph an autosave wrote just before the restore began, never an older one', async () => {
    const { projectId, versionId, version } = await projectWithVersion('Restore after autosave');
    let autosaved = false;
    const racing = withHookBeforeTransaction(alice, async () => {
      if (autosaved) return;
      autosaved = true;
      await projects.saveGraph(alice, { projectId, baseVersion: version, graph: graphWith('a', 'b', 'autosaved') });
    });

    const restored = await versions.restoreVersion(racing, { projectId, versionId });
    expect(autosaved).toBe(true);
    expect((await projects.getProject(alice, projectId)).graph.nodes.map((n) => n.id)).toEqual(['a']);
    // The autosaved graph is what the restore replaced, so it is the one kept: undo brings it back.
    expect(await storedVersionGraph(restored.backupVersionId)).toEqual(['a', 'b', 'autosaved']);
    expect(restored.version).toBe(version + 2);
  });

  // Only PostgreSQL runs two connections at once: PGlite runs one transaction at a time, so a save
  // cannot land inside a restore's transaction there (the test above covers the moment before it).
  it.runIf(target.name === 'postgres')('refuses a restore when an autosave lands inside its transaction', async () => {
    const { projectId, versionId, version } = await projectWithVersion('Restore during autosave');
    let restoring: Promise<unknown> | undefined;
    await database.db.transaction(async (lock) => {
      // The restore reads the project, then waits to write its backup behind this lock ...
      await lock.execute(sql`LOCK TABLE project_version IN EXCLUSIVE MODE`);
      restoring = versions.restoreVersion(alice, { projectId, versionId }).catch((error: unknown) => error);
      await vi.waitFor(
        async () => {
          const [waiting] = await database.db
            .select({ count: sql<number>`count(*)`.mapWith(Number) })
            .from(sql`pg_locks l JOIN pg_class c ON c.oid = l.relation`)
            .where(sql`c.relname = 'project_version' AND NOT l.granted`);
          expect(waiting!.count).toBeGreaterThan(0);
        },
        { timeout: 30_000, interval: 20 },
      );
      // ... while an autosave of the graph it read commits.
      await projects.saveGraph(alice, { projectId, baseVersion: version, graph: graphWith('a', 'b', 'autosaved') });
    });

    const error = await restoring;
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('CONFLICT');
    const stored = await projects.getProject(alice, projectId);
    expect(stored.graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'autosaved']);
    expect(stored.version).toBe(version + 1);
    // Nothing of the refused restore stays: no backup version either.
    expect((await versions.listVersions(alice, projectId)).map((v) => v.label)).toEqual(['Just A']);
  });

  it('refuses a version of another project', async () => {
    const a = await projects.createProject(alice, { name: 'A' });
    const b = await projects.createProject(alice, { name: 'B' });
    const va = await versions.createVersion(alice, { projectId: a.id, label: 'a1' });
    const error = await errorOf(versions.restoreVersion(alice, { projectId: b.id, versionId: va.id }));
    expect(error.kind).toBe('NOT_FOUND');
  });

  it('deletes a project with its versions, and a user with their projects', async () => {
    const ctx = { db: database.db, userId: await insertTestUser(database, 'cascade') };
    const p = await projects.createProject(ctx, { name: 'Doomed' });
    await versions.createVersion(ctx, { projectId: p.id, label: 'v1' });
    await versions.createVersion(ctx, { projectId: p.id, label: 'v2' });
    await projects.deleteProject(ctx, p.id);
    expect(await database.db.select().from(projectVersion).where(eq(projectVersion.projectId, p.id))).toEqual([]);

    const q = await projects.createProject(ctx, { name: 'Orphan?' });
    await versions.createVersion(ctx, { projectId: q.id, label: 'v1' });
    await database.db.delete(user).where(eq(user.id, ctx.userId));
    expect(await database.db.select().from(project).where(eq(project.id, q.id))).toEqual([]);
    expect(await database.db.select().from(projectVersion).where(eq(projectVersion.projectId, q.id))).toEqual([]);
  });

  it("checks access to a project without reading it: another user's is missing too", async () => {
    const own = await projects.createProject(alice, { name: 'Mine' });
    await expect(projects.assertProjectAccess(alice, own.id)).resolves.toBeUndefined();
    const bob = { db: database.db, userId: await insertTestUser(database, 'bob-access') };
    expect((await errorOf(projects.assertProjectAccess(bob, own.id))).kind).toBe('NOT_FOUND');
    expect((await errorOf(projects.assertProjectAccess(alice, 'not-a-uuid'))).kind).toBe('NOT_FOUND');
  });

  it('treats a malformed id like a missing project', async () => {
    expect((await errorOf(projects.getProject(alice, 'not-a-uuid'))).kind).toBe('NOT_FOUND');
    expect((await errorOf(projects.getProject(alice, '00000000-0000-4000-8000-000000000000'))).kind).toBe('NOT_FOUND');
  });

  it('exports and re-imports a project with the same meaning', async () => {
    const source = await projects.createProject(alice, { name: 'Round trip', description: 'desc', templateId: 'fetch-json-table' });
    const file = await projects.exportProject(alice, source.id);
    const imported = await projects.importProject(alice, JSON.stringify(file, null, 2));
    expect(imported.id).not.toBe(source.id);
    expect({ name: imported.name, description: imported.description, graph: imported.graph }).toEqual({
      name: source.name,
      description: source.description,
      graph: source.graph,
    });
    const again = await projects.exportProject(alice, imported.id);
    expect({ ...again, exportedAt: '' }).toEqual({ ...file, exportedAt: '' });
  });

  it('saves nothing from a bad import file', async () => {
    const ctx = { db: database.db, userId: await insertTestUser(database, 'importer') };
    const error = await errorOf(projects.importProject(ctx, '{"format":"poseidon.project"'));
    expect(error.kind).toBe('BAD_REQUEST');
    expect(error.diagnostics[0]?.code).toBe('invalid_json');
    expect(await projects.listProjects(ctx)).toEqual([]);
  });
});
