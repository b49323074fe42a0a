/**
 * Deploying a project: compile the stored graph, sign the bundle with the user's key, upload it to
 * a DAIOS node (which verifies it before storing), then move the app's name to it with a signed
 * name record. Each stage is reported as it happens. A deploy that fails part-way leaves the
 * previous version live: the name moves last, and only after the node holds the new bundle.
 * Once live, the node reports the app's activity (requests, recent runs, failing blocks).
 *
 * Bundles are public and carry no secrets: the project's secrets are handed to the node for that
 * app name only, replacing the ones it held, signed with the user's key: the node takes them only
 * from the name's owner. So they go once the name is the user's: before the move when it already
 * is (an update or a rollback: the new version starts with its secrets), right after the move on
 * a first deployment. All of the project's secrets, not only those the graph references: the
 * IDE's test runs see the same set, a rollback to an older bundle may reference others, and a
 * removed secret is removed from the node too.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import { ZAppName } from '@/blocks/core/bundle';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { compileBundle } from '@/blocks/compiler/bundle';
import { bundleCid } from '@/blocks/compiler/cid';
import { deployment } from '@/prisma/schema';
import type { TAppStats, TRunLogEntry } from '@/runtime/apps/run-log';
import { DaiosRequestError, type TControlClient } from '@/runtime/protocol/control-client';
import type { TNameRecord } from '@/runtime/protocol/schemas';
import { createPublishRequest, signAppSecrets, signNameRecord, signUnpublish, type TMessageSigner } from '@/runtime/protocol/signing';
import { ServiceError } from './errors';
import { deleteProject, getProject, type TServiceContext } from './projects';
import type { TMasterKey } from './sealed-box';
import { resolveSecrets, SecretDecryptionError } from './secrets';
import { signingAccount } from './signing-keys';

export const DEPLOY_STAGES = ['compile', 'sign', 'upload', 'verify', 'live'] as const;
export type TDeployStage = (typeof DEPLOY_STAGES)[number];

export interface TDeploymentItem {
  id: string;
  appName: string;
  seq: number;
  cid: string;
  projectVersion: number;
  createdBy: string;
  rollbackOf: string | null;
  createdAt: Date;
  /** When its owner took the app offline (set on what was the live deployment then). */
  offlineAt: Date | null;
  live: boolean;
}

export type TDeployResult =
  { ok: true; unchanged: boolean; deployment: TDeploymentItem } | { ok: false; stage: TDeployStage; diagnostics: TDiagnostic[] };

export interface TDeployDependencies {
  node: TControlClient;
  masterKey: TMasterKey;
  onStage?: (stage: TDeployStage) => void;
}

const columns = {
  id: deployment.id,
  appName: deployment.appName,
  seq: deployment.seq,
  cid: deployment.cid,
  projectVersion: deployment.projectVersion,
  createdBy: deployment.createdBy,
  rollbackOf: deployment.rollbackOf,
  createdAt: deployment.createdAt,
  offlineAt: deployment.offlineAt,
};

function failed(stage: TDeployStage, code: string, message: string, path?: string): TDeployResult {
  return { ok: false, stage, diagnostics: [{ severity: 'error', code, message, ...(path ? { path } : {}) }] };
}

/** The project's deployments, newest first; the newest is the live one. */
export async function listDeployments(ctx: TServiceContext, projectId: string): Promise<TDeploymentItem[]> {
  const project = await getProject(ctx, projectId);
  const rows = await ctx.db
    .select(columns)
    .from(deployment)
    .where(eq(deployment.projectId, project.id))
    .orderBy(desc(deployment.seq), desc(deployment.createdAt));
  return rows.map((row, i) => ({ ...row, live: i === 0 && row.offlineAt === null }));
}

export type TUnpublishResult =
  { ok: true; appName: string | null; storageRemovedAt: string | null } | { ok: false; diagnostics: TDiagnostic[] };

/**
 * Takes the project's app off the node (signed with the user's key: the node takes it only from
 * the name's owner): its name and secrets at once, its data after the node's grace period (the
 * answer says until when). Nothing deployed, or already offline: nothing to do. A node that no
 * longer knows the name, or gave it to someone else, holds nothing of this project's: done too.
 */
export async function unpublishProject(
  ctx: TServiceContext,
  projectId: string,
  deps: { node: () => TControlClient; masterKey: TMasterKey },
): Promise<TUnpublishResult> {
  const [latest] = await listDeployments(ctx, projectId);
  if (!latest || latest.offlineAt) return { ok: true, appName: latest?.appName ?? null, storageRemovedAt: null };
  let storageRemovedAt: string | null = null;
  try {
    const account = await signingAccount(ctx.db, ctx.userId, deps.masterKey);
    storageRemovedAt = (await deps.node().unpublish(await signUnpublish(account, { name: latest.appName }))).storageRemovedAt;
  } catch (error) {
    const gone = error instanceof DaiosRequestError && (error.code === 'name_not_found' || error.code === 'name_owned');
    if (!gone) {
      const failure = nodeFailure('live', error);
      return { ok: false, diagnostics: failure.ok ? [] : failure.diagnostics };
    }
  }
  await ctx.db.update(deployment).set({ offlineAt: new Date() }).where(eq(deployment.id, latest.id));
  return { ok: true, appName: latest.appName, storageRemovedAt };
}

/** Deletes a project, taking its app offline first: nothing stays live that nobody owns. */
export async function deleteProjectAndApp(
  ctx: TServiceContext,
  projectId: string,
  deps: { node: () => TControlClient; masterKey: TMasterKey },
): Promise<TUnpublishResult> {
  const offline = await unpublishProject(ctx, projectId, deps);
  if (!offline.ok) {
    throw new ServiceError(
      'CONFLICT',
      `The project was not deleted: its app could not be taken offline. ${offline.diagnostics[0]?.message ?? ''}`.trim(),
      offline.diagnostics,
    );
  }
  await deleteProject(ctx, projectId);
  return offline;
}

export async function deployProject(
  ctx: TServiceContext,
  input: { projectId: string; appName?: string },
  deps: TDeployDependencies,
): Promise<TDeployResult> {
  const project = await getProject(ctx, input.projectId);
  const [latest] = await ctx.db
    .select(columns)
    .from(deployment)
    .where(eq(deployment.projectId, project.id))
    .orderBy(desc(deployment.seq))
    .limit(1);
  const appName = input.appName ?? latest?.appName;
  if (!appName) return failed('compile', 'app_name_required', 'Choose a name for your app before its first deployment.', 'appName');
  if (latest && latest.appName !== appName) {
    return failed('compile', 'app_name_fixed', `This project is deployed as "${latest.appName}"; its name cannot change.`, 'appName');
  }
  const name = ZAppName.safeParse(appName);
  if (!name.success)
    return failed('compile', 'invalid_app_name', `App name ${name.error.issues[0]?.message ?? 'is not valid'}.`, 'appName');
  const [otherProject] = await ctx.db
    .select({ id: deployment.id })
    .from(deployment)
    .where(and(eq(deployment.appName, appName), ne(deployment.projectId, project.id)))
    .limit(1);
  if (otherProject) return failed('compile', 'app_name_taken', `The name "${appName}" is already used by another app.`, 'appName');

  deps.onStage?.('compile');
  const compiled = compileBundle(project.graph, { appName, title: project.name });
  if (!compiled.ok) return { ok: false, stage: 'compile', diagnostics: compiled.diagnostics };
  const cid = (await bundleCid(compiled.files)).toString();
  const account = await signingAccount(ctx.db, ctx.userId, deps.masterKey);
  if (latest && latest.cid === cid && !latest.offlineAt) {
    // The bundle is live already, but the secrets may have changed since.
    const secretsFailed = await sendSecrets(ctx, project.id, appName, account, deps);
    if (secretsFailed) return secretsFailed;
    return { ok: true, unchanged: true, deployment: { ...latest, offlineAt: null, live: true } };
  }

  deps.onStage?.('sign');
  const request = await createPublishRequest(account, cid, compiled.files);

  deps.onStage?.('upload');
  try {
    await deps.node.publish(request);
  } catch (error) {
    return nodeFailure('upload', error);
  }
  const current = await currentRecord(deps.node, appName);
  if (!current.ok) return current.failure;
  // Someone else's name: refused before anything (secrets above all) is sent for it.
  if (current.record && current.record.owner !== account.address) return failed('verify', 'name_owned', NAME_OWNED_MESSAGE, 'appName');
  const ours = current.record !== undefined;
  if (ours) {
    const secretsFailed = await sendSecrets(ctx, project.id, appName, account, deps);
    if (secretsFailed) return secretsFailed;
  }

  deps.onStage?.('verify');
  const moved = await moveName(
    ctx,
    { projectId: project.id, projectVersion: project.version, appName, cid, rollbackOf: null, previousSeq: latest?.seq ?? 0 },
    { account, current: current.record },
    deps,
  );
  if (!moved.ok || ours) return moved;
  // A first deployment: the name is the user's only now.
  const secretsFailed = await sendSecrets(ctx, project.id, appName, account, deps);
  if (!secretsFailed) return moved;
  return failed(
    'live',
    'secrets_not_sent',
    `The app is live, but the node did not take its secrets (${secretsFailed.ok ? '' : secretsFailed.diagnostics[0]?.message}). Deploy again to hand them over.`,
  );
}

/** The name's current record on the node (undefined when it has none), or why it cannot be read. */
async function currentRecord(
  node: TControlClient,
  appName: string,
): Promise<{ ok: true; record: TNameRecord | undefined } | { ok: false; failure: TDeployResult }> {
  try {
    return { ok: true, record: (await node.getName(appName)).record };
  } catch (error) {
    if (error instanceof DaiosRequestError && error.status === 404) return { ok: true, record: undefined };
    return { ok: false, failure: nodeFailure('verify', error) };
  }
}

/** Makes an earlier deployment live again: a new name record, pointing at its bundle. */
export async function rollbackDeployment(
  ctx: TServiceContext,
  input: { projectId: string; deploymentId: string },
  deps: TDeployDependencies,
): Promise<TDeployResult> {
  const history = await listDeployments(ctx, input.projectId);
  const target = history.find((d) => d.id === input.deploymentId);
  if (!target)
    throw new ServiceError('NOT_FOUND', 'Deployment not found.', [
      { severity: 'error', code: 'deployment_not_found', message: 'Deployment not found.' },
    ]);
  const live = history[0]!;
  if (target.id === live.id && live.live) return { ok: true, unchanged: true, deployment: live };
  const account = await signingAccount(ctx.db, ctx.userId, deps.masterKey);
  const current = await currentRecord(deps.node, live.appName);
  if (!current.ok) return current.failure;
  // The older bundle runs with the project's current secrets (refused unless the name is the user's).
  const secretsFailed = await sendSecrets(ctx, input.projectId, live.appName, account, deps);
  if (secretsFailed) return secretsFailed;
  deps.onStage?.('verify');
  return moveName(
    ctx,
    {
      projectId: input.projectId,
      projectVersion: target.projectVersion,
      appName: live.appName,
      cid: target.cid,
      rollbackOf: target.id,
      previousSeq: live.seq,
    },
    { account, current: current.record },
    deps,
  );
}

/**
 * Hands the project's secrets to the node for `appName` only (the whole set, replacing what the
 * node held), signed by `account`, which must own the name there. A failure is an `upload` failure.
 */
async function sendSecrets(
  ctx: TServiceContext,
  projectId: string,
  appName: string,
  account: TMessageSigner,
  deps: TDeployDependencies,
): Promise<TDeployResult | undefined> {
  let secrets: Map<string, string>;
  try {
    secrets = await resolveSecrets(ctx.db, projectId, deps.masterKey);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return failed('upload', 'secret_unreadable', error.message);
    throw error;
  }
  try {
    await deps.node.setAppSecrets(await signAppSecrets(account, { name: appName, secrets: Object.fromEntries(secrets) }));
  } catch (error) {
    return nodeFailure('upload', error);
  }
  return undefined;
}

async function moveName(
  ctx: TServiceContext,
  move: { projectId: string; projectVersion: number; appName: string; cid: string; rollbackOf: string | null; previousSeq: number },
  signer: { account: TMessageSigner; current: TNameRecord | undefined },
  deps: TDeployDependencies,
): Promise<TDeployResult> {
  // The node may know a newer record (set from another IDE): continue after it.
  const seq = Math.max(move.previousSeq, signer.current?.seq ?? 0) + 1;
  const record = await signNameRecord(signer.account, { name: move.appName, cid: move.cid, seq });
  try {
    await deps.node.setName(record);
  } catch (error) {
    return nodeFailure('live', error);
  }
  deps.onStage?.('live');
  const [row] = await ctx.db
    .insert(deployment)
    .values({
      projectId: move.projectId,
      appName: move.appName,
      seq,
      cid: move.cid,
      projectVersion: move.projectVersion,
      createdBy: ctx.userId,
      rollbackOf: move.rollbackOf,
    })
    .returning(columns);
  return { ok: true, unchanged: false, deployment: { ...row!, live: true } };
}

/** Why a deployed app's activity cannot be shown right now. */
export type TDeployStatusProblem = 'node_not_configured' | 'node_unreachable' | 'app_not_on_node' | 'node_refused';

export type TDeployStatus =
  | { state: 'not_deployed' }
  /** Its owner took it offline; the node keeps its data for a while (APP_DATA_GRACE_DAYS by default). */
  | { state: 'offline'; appName: string; offlineAt: Date }
  | { state: 'unavailable'; appName: string; code: TDeployStatusProblem; message: string }
  | {
      state: 'live';
      appName: string;
      /** The live deployment as this IDE recorded it. */
      deployment: { id: string; seq: number; cid: string };
      /** The name record the node holds now (its cid differs when the name was moved elsewhere). */
      record: TNameRecord;
      stats: TAppStats;
      /** Recent runs, newest first. */
      logs: TRunLogEntry[];
    };

/** Polled while the deploy dialog is open: a slow node must not hold requests for long. */
const STATUS_TIMEOUT_MS = 5_000;

/**
 * The live deployment's activity on the node. Not deployed, and a node that is not configured,
 * unreachable or does not know the app, are results, not errors. `node` is called only when the
 * project has a deployment (making a client fails when no node is configured).
 */
export async function deploymentStatus(
  ctx: TServiceContext,
  projectId: string,
  deps: { node: () => TControlClient },
): Promise<TDeployStatus> {
  const [live] = await listDeployments(ctx, projectId);
  if (!live) return { state: 'not_deployed' };
  if (live.offlineAt) return { state: 'offline', appName: live.appName, offlineAt: live.offlineAt };
  const appName = live.appName;
  const unavailable = (code: TDeployStatusProblem, message: string): TDeployStatus => ({ state: 'unavailable', appName, code, message });
  let node: TControlClient;
  try {
    node = deps.node();
  } catch (error) {
    return unavailable('node_not_configured', error instanceof Error ? error.message : String(error));
  }
  try {
    const status = await node.appStatus(appName, { timeoutMs: STATUS_TIMEOUT_MS });
    return {
      state: 'live',
      appName,
      deployment: { id: live.id, seq: live.seq, cid: live.cid },
      record: status.record,
      stats: status.stats,
      logs: status.logs,
    };
  } catch (error) {
    if (error instanceof DaiosRequestError) {
      if (error.code === 'name_not_found') {
        return unavailable(
          'app_not_on_node',
          `The node does not know "${appName}": it may have lost its data, or this IDE now uses another node.`,
        );
      }
      if (error.code === 'not_found')
        return unavailable('node_refused', 'This node does not report app activity (it may run an older version).');
      return unavailable('node_refused', `The node refused the status request: ${error.message}`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return unavailable('node_unreachable', `The DAIOS node could not be reached: ${message}`);
  }
}

const NAME_OWNED_MESSAGE = 'This app name belongs to someone else on the network. Choose another name.';

function nodeFailure(stage: TDeployStage, error: unknown): TDeployResult {
  if (error instanceof DaiosRequestError) {
    const message = error.code === 'name_owned' ? NAME_OWNED_MESSAGE : `The node refused it: ${error.message}`;
    return failed(stage, error.code, message, error.code === 'name_owned' ? 'appName' : undefined);
  }
  const message = error instanceof Error ? error.message : String(error);
  return failed(stage, 'node_unreachable', `The DAIOS node could not be reached: ${message}`);
}
