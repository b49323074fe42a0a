import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, DaiosRequestError, type TControlClient } from '@/runtime/protocol/control-client';
import { signNameRecord } from '@/runtime/protocol/signing';
import { silentLogger } from '@/runtime/node/logger';
import { serveApps, type TServedApps } from '@/runtime/node/serve-apps';
import { bob } from '@/runtime/node/testing/bundles';
import { eventually, removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from '@/runtime/node/testing/nodes';
import type { Database } from '@/server/db/client';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { APP_DATA_GRACE_DAYS } from '@/blocks/core/bundle';
import {
  deleteProjectAndApp,
  deploymentStatus,
  deployProject,
  listDeployments,
  rollbackDeployment,
  unpublishProject,
  type TDeployStage,
} from './deploy';
import { ServiceError } from './errors';
import { previewId, updatePreview } from './preview';
import { createProject, deleteProject, getProject, saveGraph, type TServiceContext } from './projects';
import { deleteSecret, setSecret } from './secrets';

const MASTER_KEY = 'test-master-key-that-is-long-enough-0123456789';
const [pglite] = testDatabaseTargets();

describe('deploying to a real DAIOS node', () => {
  let database: Database;
  let ctx: TServiceContext;
  let node: Awaited<ReturnType<typeof startTestNode>>;
  let client: TControlClient;
  let apps: TServedApps;

  beforeAll(async () => {
    database = await pglite!.open();
    ctx = { db: database.db, userId: await insertTestUser(database, 'deployer') };
    node = await startTestNode();
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger, codeWorkers: 1 });
    client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
  });
  afterAll(async () => {
    await apps.close();
    await node.stop();
    await removeDataDir(node.dataDir);
    await database.close();
  });

  const deps = (stages?: TDeployStage[]) => ({ node: client, masterKey: MASTER_KEY, onStage: (s: TDeployStage) => stages?.push(s) });

  it('compiles, signs, uploads and moves the name, through every stage', async () => {
    const project = await createProject(ctx, { name: 'Guestbook', templateId: 'guestbook' });
    const stages: TDeployStage[] = [];
    const result = await deployProject(ctx, { projectId: project.id, appName: 'guestbook-one' }, deps(stages));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(stages).toEqual(['compile', 'sign', 'upload', 'verify', 'live']);
    expect(result).toMatchObject({ unchanged: false, deployment: { appName: 'guestbook-one', seq: 1, live: true } });
    expect((await client.getName('guestbook-one')).record.cid).toBe(result.deployment.cid);
    expect(node.hasBundle(result.deployment.cid)).toBeTruthy();
  });

  it('says so when nothing changed, and deploys again after an edit; rollback restores the older bundle', async () => {
    const project = await createProject(ctx, { name: 'Chart', templateId: 'csv-chart' });
    const first = await deployProject(ctx, { projectId: project.id, appName: 'chart-app' }, deps());
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics));
    const again = await deployProject(ctx, { projectId: project.id }, deps());
    expect(again).toMatchObject({ ok: true, unchanged: true });

    const stored = await getProject(ctx, project.id);
    const graph = structuredClone(stored.graph);
    graph.nodes.find((n) => n.id === 'keep')!.config.condition = 'item.value > 2';
    await saveGraph(ctx, { projectId: project.id, baseVersion: stored.version, graph });
    const second = await deployProject(ctx, { projectId: project.id }, deps());
    if (!second.ok) throw new Error(JSON.stringify(second.diagnostics));
    expect(second.deployment.cid).not.toBe(first.deployment.cid);
    expect(second.deployment.seq).toBe(2);

    const back = await rollbackDeployment(ctx, { projectId: project.id, deploymentId: first.deployment.id }, deps());
    if (!back.ok) throw new Error(JSON.stringify(back.diagnostics));
    expect(back.deployment).toMatchObject({ cid: first.deployment.cid, seq: 3, rollbackOf: first.deployment.id });
    expect((await client.getName('chart-app')).record.cid).toBe(first.deployment.cid);
    const list = await listDeployments(ctx, project.id);
    expect(list.map((d) => [d.seq, d.live])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
  });

  it('refuses a graph that does not compile, naming the problem, and keeps the live version', async () => {
    const project = await createProject(ctx, { name: 'Broken' });
    await saveGraph(ctx, {
      projectId: project.id,
      baseVersion: project.version,
      graph: { schemaVersion: 1, nodes: [{ id: 'x', type: 'expression', version: 1, position: { x: 0, y: 0 }, config: {} }], edges: [] },
    });
    const result = await deployProject(ctx, { projectId: project.id, appName: 'broken-app' }, deps());
    expect(result).toMatchObject({ ok: false, stage: 'compile', diagnostics: [{ code: 'missing_input', nodeId: 'x' }] });
    await expect(client.getName('broken-app')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a bad app name, a name of another project, and a name someone else owns on the network', async () => {
    const project = await createProject(ctx, { name: 'Names', templateId: 'guestbook' });
    expect(await deployProject(ctx, { projectId: project.id }, deps())).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'app_name_required', path: 'appName' }],
    });
    expect(await deployProject(ctx, { projectId: project.id, appName: 'Bad Name!' }, deps())).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid_app_name' }],
    });
    expect(await deployProject(ctx, { projectId: project.id, appName: 'guestbook-one' }, deps())).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'app_name_taken' }],
    });

    // Bob (another key) holds "bobs-app" on the node.
    const bobsProject = await createProject(ctx, { name: 'Bob', templateId: 'guestbook' });
    const ours = await deployProject(ctx, { projectId: bobsProject.id, appName: 'bobs-app-ours' }, deps());
    if (!ours.ok) throw new Error('setup');
    await client.setName(await signNameRecord(bob, { name: 'bobs-app', cid: ours.deployment.cid, seq: 1 }));
    const stolen = await deployProject(ctx, { projectId: project.id, appName: 'bobs-app' }, deps());
    expect(stolen).toMatchObject({ ok: false, stage: 'verify', diagnostics: [{ code: 'name_owned', path: 'appName' }] });
    expect((await client.getName('bobs-app')).record.owner).toBe(bob.address);
  });

  it('updates a private preview of the draft, which follows edits and is not a deployment', async () => {
    const project = await createProject(ctx, { name: 'Draft', templateId: 'csv-chart' });
    const first = await updatePreview(ctx, project.id, deps());
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics));
    expect(first.id).toBe(previewId(project.id, MASTER_KEY));
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await node.resolvePreview(first.id))?.manifest.app.title).toBe('Draft');

    const stored = await getProject(ctx, project.id);
    const graph = structuredClone(stored.graph);
    graph.nodes.find((n) => n.id === 'keep')!.config.condition = 'item.value > 4';
    await saveGraph(ctx, { projectId: project.id, baseVersion: stored.version, graph });
    const second = await updatePreview(ctx, project.id, deps());
    if (!second.ok) throw new Error('second preview failed');
    expect(second.id).toBe(first.id);
    expect(second.cid).not.toBe(first.cid);
    expect((await node.resolvePreview(first.id))?.cid.toString()).toBe(second.cid);
    expect(await listDeployments(ctx, project.id)).toEqual([]);

    const other = await createProject(ctx, { name: 'Other' });
    expect(previewId(other.id, MASTER_KEY)).not.toBe(first.id);
  });

  it("reports the live app's activity, and says why when it cannot", async () => {
    const project = await createProject(ctx, { name: 'Activity', templateId: 'guestbook' });
    const noNode = () => {
      throw new Error('No DAIOS node is configured.');
    };
    expect(await deploymentStatus(ctx, project.id, { node: noNode })).toEqual({ state: 'not_deployed' });
    const deployed = await deployProject(ctx, { projectId: project.id, appName: 'activity-app' }, deps());
    if (!deployed.ok) throw new Error(JSON.stringify(deployed.diagnostics));

    const sign = (body: unknown) =>
      fetch(`${node.httpUrl}/apps/activity-app/api/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await sign({ name: '' })).status).toBe(400);
    expect((await sign({ name: 'Ada', message: 'Hi' })).status).toBe(200);
    const status = await deploymentStatus(ctx, project.id, { node: () => client });
    if (status.state !== 'live') throw new Error(JSON.stringify(status));
    expect(status).toMatchObject({
      appName: 'activity-app',
      deployment: { id: deployed.deployment.id, seq: 1, cid: deployed.deployment.cid },
      record: { name: 'activity-app', cid: deployed.deployment.cid, seq: 1 },
      stats: { refused: { invalid_submission: 1 }, runs: { error: 0 } },
    });
    expect(status.stats.requests).toBeGreaterThanOrEqual(2);
    expect(status.logs.filter((l) => l.trigger === 'sign')).toEqual([expect.objectContaining({ status: 'ok', kind: 'form' })]);

    const offline = createControlClient({ url: 'http://127.0.0.1:9', token: TEST_CONTROL_TOKEN });
    expect(await deploymentStatus(ctx, project.id, { node: () => offline })).toMatchObject({
      state: 'unavailable',
      appName: 'activity-app',
      code: 'node_unreachable',
    });
    expect(await deploymentStatus(ctx, project.id, { node: noNode })).toMatchObject({
      state: 'unavailable',
      code: 'node_not_configured',
      message: 'No DAIOS node is configured.',
    });
    const forgetful: TControlClient = {
      ...client,
      appStatus: () => Promise.reject(new DaiosRequestError('name_not_found', 'no name activity-app on this node', 404)),
    };
    expect(await deploymentStatus(ctx, project.id, { node: () => forgetful })).toMatchObject({
      state: 'unavailable',
      code: 'app_not_on_node',
    });

    const stranger = { db: database.db, userId: await insertTestUser(database, 'stranger') };
    await expect(deploymentStatus(stranger, project.id, { node: () => client })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(deploymentStatus(stranger, project.id, { node: () => client })).rejects.toBeInstanceOf(ServiceError);
  });

  it("hands the project's secrets to the node for that app only: names listed, values never returned", async () => {
    const project = await createProject(ctx, { name: 'Secretive', templateId: 'csv-chart' });
    await setSecret(ctx, { projectId: project.id, name: 'API_TOKEN', value: 'sk-deploy-value-123' }, MASTER_KEY);
    await setSecret(ctx, { projectId: project.id, name: 'SECOND', value: 'second-value-456' }, MASTER_KEY);
    const stages: TDeployStage[] = [];
    const first = await deployProject(ctx, { projectId: project.id, appName: 'secret-app' }, deps(stages));
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics));
    expect(stages).toEqual(['compile', 'sign', 'upload', 'verify', 'live']);
    const listed = await client.listAppSecrets('secret-app');
    expect(listed).toEqual({ name: 'secret-app', secrets: ['API_TOKEN', 'SECOND'] });
    expect(JSON.stringify(listed)).not.toContain('sk-deploy-value-123');
    expect((await client.listAppSecrets('guestbook-one')).secrets).toEqual([]);

    // A secret removed in the IDE is removed from the node on the next deploy, even an unchanged one.
    await deleteSecret(ctx, { projectId: project.id, name: 'SECOND' });
    expect(await deployProject(ctx, { projectId: project.id }, deps())).toMatchObject({ ok: true, unchanged: true });
    expect((await client.listAppSecrets('secret-app')).secrets).toEqual(['API_TOKEN']);

    // A rollback runs the older bundle with the project's current secrets.
    const stored = await getProject(ctx, project.id);
    const graph = structuredClone(stored.graph);
    graph.nodes.find((n) => n.id === 'keep')!.config.condition = 'item.value > 3';
    await saveGraph(ctx, { projectId: project.id, baseVersion: stored.version, graph });
    await setSecret(ctx, { projectId: project.id, name: 'THIRD', value: 'third-value-789' }, MASTER_KEY);
    const second = await deployProject(ctx, { projectId: project.id }, deps());
    if (!second.ok) throw new Error(JSON.stringify(second.diagnostics));
    await setSecret(ctx, { projectId: project.id, name: 'FOURTH', value: 'fourth-value-000' }, MASTER_KEY);
    const back = await rollbackDeployment(ctx, { projectId: project.id, deploymentId: first.deployment.id }, deps());
    expect(back).toMatchObject({ ok: true, unchanged: false });
    expect((await client.listAppSecrets('secret-app')).secrets).toEqual(['API_TOKEN', 'FOURTH', 'THIRD']);
  });

  it("hands the project's secrets to the node for its preview too, replacing the set at each update", async () => {
    const project = await createProject(ctx, { name: 'Secret draft', templateId: 'csv-chart' });
    await setSecret(ctx, { projectId: project.id, name: 'API_TOKEN', value: 'sk-preview-value-123' }, MASTER_KEY);
    await setSecret(ctx, { projectId: project.id, name: 'SECOND', value: 'second-preview-456' }, MASTER_KEY);
    const first = await updatePreview(ctx, project.id, deps());
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics));
    expect(JSON.stringify(first)).not.toContain('sk-preview-value-123');
    const listed = await client.listPreviewSecrets(first.id);
    expect(listed).toEqual({ id: first.id, secrets: ['API_TOKEN', 'SECOND'] });
    expect(JSON.stringify(listed)).not.toContain('sk-preview-value-123');

    await deleteSecret(ctx, { projectId: project.id, name: 'SECOND' });
    expect(await updatePreview(ctx, project.id, deps())).toMatchObject({ ok: true, id: first.id });
    expect((await client.listPreviewSecrets(first.id)).secrets).toEqual(['API_TOKEN']);
  });

  it('reports a node that refuses the preview secrets, and leaves the preview where it was', async () => {
    const project = await createProject(ctx, { name: 'Refused draft', templateId: 'csv-chart' });
    await setSecret(ctx, { projectId: project.id, name: 'API_TOKEN', value: 'refused-value-123' }, MASTER_KEY);
    const refusing: TControlClient = {
      ...client,
      setPreviewSecrets: () => Promise.reject(new DaiosRequestError('invalid_request', 'secrets: no', 400)),
    };
    const result = await updatePreview(ctx, project.id, { node: refusing, masterKey: MASTER_KEY });
    expect(result).toMatchObject({ ok: false, diagnostics: [{ code: 'preview_failed' }] });
    expect(await node.resolvePreview(previewId(project.id, MASTER_KEY))).toBeUndefined();
  });

  it('reports a node that refuses the secrets: an update does not move the name; a first deployment is live and says to deploy again', async () => {
    const project = await createProject(ctx, { name: 'Refused', templateId: 'csv-chart' });
    const refusing: TControlClient = {
      ...client,
      setAppSecrets: () => Promise.reject(new DaiosRequestError('invalid_request', 'secrets: no', 400)),
    };
    // First deployment: the secrets can only go once the name is the user's, after the move.
    const first = await deployProject(ctx, { projectId: project.id, appName: 'refused-app' }, { node: refusing, masterKey: MASTER_KEY });
    expect(first).toMatchObject({ ok: false, stage: 'live', diagnostics: [{ code: 'secrets_not_sent' }] });
    const [live] = await listDeployments(ctx, project.id);
    expect((await client.getName('refused-app')).record.cid).toBe(live!.cid);
    // An update: the secrets go first; refused, the name stays where it was.
    const stored = await getProject(ctx, project.id);
    const graph = structuredClone(stored.graph);
    graph.nodes.find((n) => n.id === 'keep')!.config.condition = 'item.value > 4';
    await saveGraph(ctx, { projectId: project.id, baseVersion: stored.version, graph });
    const update = await deployProject(ctx, { projectId: project.id }, { node: refusing, masterKey: MASTER_KEY });
    expect(update).toMatchObject({ ok: false, stage: 'upload', diagnostics: [{ code: 'invalid_request' }] });
    expect((await client.getName('refused-app')).record.cid).toBe(live!.cid);
    expect(await listDeployments(ctx, project.id)).toHaveLength(1);
  });

  it("exploit: another user deploying to a live app's name gets name_owned, and the node keeps the owner's secrets", async () => {
    const shop = await createProject(ctx, { name: 'Shop', templateId: 'guestbook' });
    await setSecret(ctx, { projectId: shop.id, name: 'API_TOKEN', value: 'owner-value-123' }, MASTER_KEY);
    const live = await deployProject(ctx, { projectId: shop.id, appName: 'shop' }, deps());
    if (!live.ok) throw new Error(JSON.stringify(live.diagnostics));
    // The project leaves the IDE while the app stays on the node (deleted with the node out of
    // reach, or by an IDE that did not take apps offline).
    await deleteProject(ctx, shop.id);

    const intruder: TServiceContext = { db: database.db, userId: await insertTestUser(database, 'intruder') };
    const theirs = await createProject(intruder, { name: 'Not a shop', templateId: 'guestbook' });
    await setSecret(intruder, { projectId: theirs.id, name: 'STOLEN_TOKEN', value: 'intruder-value-456' }, MASTER_KEY);
    const taken = await deployProject(intruder, { projectId: theirs.id, appName: 'shop' }, deps());
    expect(taken).toMatchObject({ ok: false, diagnostics: [{ code: 'name_owned', path: 'appName' }] });
    // The node still holds the owner's set (a whole-set replace would show STOLEN_TOKEN) and record.
    expect((await client.listAppSecrets('shop')).secrets).toEqual(['API_TOKEN']);
    expect((await client.getName('shop')).record.cid).toBe(live.deployment.cid);
  });

  it('takes an app offline: name and secrets leave the node, the data is kept for the grace period, and a deploy brings it back', async () => {
    const project = await createProject(ctx, { name: 'Offline later', templateId: 'guestbook' });
    await setSecret(ctx, { projectId: project.id, name: 'API_TOKEN', value: 'offline-value-123' }, MASTER_KEY);
    const first = await deployProject(ctx, { projectId: project.id, appName: 'goes-offline' }, deps());
    if (!first.ok) throw new Error(JSON.stringify(first.diagnostics));

    const stranger: TServiceContext = { db: database.db, userId: await insertTestUser(database, 'offline-stranger') };
    await expect(unpublishProject(stranger, project.id, { node: () => client, masterKey: MASTER_KEY })).rejects.toMatchObject({
      kind: 'NOT_FOUND',
    });
    expect((await client.getName('goes-offline')).record.cid).toBe(first.deployment.cid);

    const before = Date.now();
    const offline = await unpublishProject(ctx, project.id, { node: () => client, masterKey: MASTER_KEY });
    expect(offline).toMatchObject({ ok: true, appName: 'goes-offline' });
    const keptUntil = Date.parse((offline as { storageRemovedAt: string }).storageRemovedAt);
    expect(keptUntil).toBeGreaterThanOrEqual(before + APP_DATA_GRACE_DAYS * 86_400_000 - 60_000);
    await expect(client.getName('goes-offline')).rejects.toMatchObject({ code: 'name_not_found' });
    // The node drops the secrets as the name goes (a listener of its removal).
    await eventually(async () => (await client.listAppSecrets('goes-offline')).secrets.length === 0);
    expect((await listDeployments(ctx, project.id)).map((d) => d.live)).toEqual([false]);
    expect(await deploymentStatus(ctx, project.id, { node: () => client })).toMatchObject({ state: 'offline', appName: 'goes-offline' });
    // Again: nothing to do.
    expect(await unpublishProject(ctx, project.id, { node: () => client, masterKey: MASTER_KEY })).toMatchObject({ ok: true });

    const back = await deployProject(ctx, { projectId: project.id }, deps());
    expect(back).toMatchObject({ ok: true, unchanged: false, deployment: { seq: 2, live: true } });
    expect((await client.listAppSecrets('goes-offline')).secrets).toEqual(['API_TOKEN']);
  });

  it('deleting a project takes its app offline first; a node that cannot be reached keeps the project', async () => {
    const project = await createProject(ctx, { name: 'Deleted', templateId: 'guestbook' });
    const live = await deployProject(ctx, { projectId: project.id, appName: 'deleted-app' }, deps());
    if (!live.ok) throw new Error(JSON.stringify(live.diagnostics));
    const offlineNode = createControlClient({ url: 'http://127.0.0.1:9', token: TEST_CONTROL_TOKEN, timeoutMs: 2000 });
    await expect(deleteProjectAndApp(ctx, project.id, { node: () => offlineNode, masterKey: MASTER_KEY })).rejects.toMatchObject({
      kind: 'CONFLICT',
    });
    expect((await getProject(ctx, project.id)).id).toBe(project.id);
    expect((await client.getName('deleted-app')).record.cid).toBe(live.deployment.cid);

    await deleteProjectAndApp(ctx, project.id, { node: () => client, masterKey: MASTER_KEY });
    await expect(getProject(ctx, project.id)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(client.getName('deleted-app')).rejects.toMatchObject({ code: 'name_not_found' });
  });

  it('reports an unreachable node without losing anything', async () => {
    const project = await createProject(ctx, { name: 'Offline', templateId: 'guestbook' });
    const offline = createControlClient({ url: 'http://127.0.0.1:9', token: TEST_CONTROL_TOKEN, timeoutMs: 2000 });
    const result = await deployProject(ctx, { projectId: project.id, appName: 'offline-app' }, { node: offline, masterKey: MASTER_KEY });
    expect(result).toMatchObject({ ok: false, stage: 'upload', diagnostics: [{ code: 'node_unreachable' }] });
    expect(await listDeployments(ctx, project.id)).toEqual([]);
  });
});
