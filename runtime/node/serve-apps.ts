/**
 * Makes a node serve the apps it holds: the generated pages and APIs under /apps/<name>/, and
 * private previews under /preview/<id>/, run with the shared executors, the sandbox, the node's
 * per-app storage (on disk), network capability and secrets. The control API gains
 * `GET /control/apps/<name>/status`: the app's counters and its last runs (see `status`);
 * `PUT /control/apps/<name>/secrets` (a TSignedAppSecrets: the whole set, signed by the name's
 * owner, see owner-requests.ts): replaces the app's secrets (sealed at rest, see app-secrets.ts),
 * answering with their names; and `GET /control/apps/<name>/secrets`: their names. The same under
 * `/control/previews/<id>/secrets` (body `{ secrets }`, the control token is enough: a preview id
 * is a secret of the IDE) for a private preview's. Values are never returned.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ZAppName } from '@/blocks/core/bundle';
import { createAppRuntime } from '@/runtime/apps/app-runtime';
import { DEFAULT_APP_LIMITS, type TAppLimits } from '@/runtime/apps/limits';
import { createNetCapability } from '@/runtime/capabilities/net';
import { createGateway } from '@/runtime/gateway/gateway';
import { APP_STATUS_LOG_SIZE, type TAppStatus } from '@/runtime/protocol/control-client';
import { ZSignedAppSecrets } from '@/runtime/protocol/schemas';
import { verifyAppSecrets } from '@/runtime/protocol/signing';
import { Sandbox } from '@/runtime/sandbox/sandbox';
import type { TStorageQuota } from '@/runtime/storage/json-store';
import { APP_STORE_DIR } from '@/runtime/storage/app-store';
import { lazyAppStore } from '@/runtime/storage/lazy-app-store';
import { openAppSecretStore, ZSetAppSecretsRequest } from './app-secrets';
import { previewScope } from './previews';
import { DaiosError, describeZodError } from './errors';
import type { THttpContext, THttpHandler } from './http';
import type { TLogger } from './logger';
import type { DaiosNode } from './node';
import { OwnerRequestGuard } from './owner-requests';

export interface TServeAppsOptions {
  dataDir: string;
  logger: TLogger;
  /**
   * Sandbox workers (3 by default): more than one app's code may run at once; a looping app holds
   * one. With two or more, one is kept from the apps' lanes (the sandbox's `reserve`), so however
   * many apps loop at once, another app's code still runs (for at most reserveTimeoutMs a call).
   */
  codeWorkers?: number;
  limits?: Partial<TAppLimits>;
  /** The most each app may keep in the node's app store (DEFAULT_APP_STORAGE_QUOTA by default). */
  storageQuota?: TStorageQuota;
  /**
   * Lets apps' HTTP requests reach private and loopback addresses (tests against a local server).
   * Default false: a public node must not let apps probe its own network.
   */
  allowPrivateNetwork?: boolean;
  /** Origins that may show previews in a frame (the IDE's); none by default. Live apps are never framed. */
  previewFrameAncestors?: readonly string[];
}

export interface TServedApps {
  /**
   * A live app's current name record, counters and last runs (newest first). Throws DaiosError
   * `invalid_request` for a malformed name, `name_not_found` when this node knows no such name.
   * Counters live in memory: they start again at zero when the node restarts.
   */
  status(name: string): TAppStatus;
  /**
   * Deletes the data of apps taken offline whose grace period is over (then their names are free);
   * runs at start and every hour by itself. Returns the names whose data it deleted.
   */
  purgeDue(): Promise<string[]>;
  close(): Promise<void>;
}

const PURGE_CHECK_MS = 60 * 60_000;

export async function serveApps(node: DaiosNode, options: TServeAppsOptions): Promise<TServedApps> {
  // Both started by the first run that needs them, not here: an idle node holds neither PGlite
  // nor the sandbox's worker threads (each a V8 isolate with a QuickJS wasm memory).
  const store = lazyAppStore({ dataDir: options.dataDir, ...(options.storageQuota ? { quota: options.storageQuota } : {}) });
  const secrets = await openAppSecretStore(options.dataDir);
  for (const problem of secrets.problems) options.logger.error(problem);
  // Workers warm their engine at the apps' memory limit, the one Code blocks run with (else each
  // would build a second engine on its first call).
  const workers = options.codeWorkers ?? 3;
  const sandbox = new Sandbox({
    workers,
    reserve: workers > 1 ? 1 : 0,
    warmMemoryBytes: options.limits?.memoryBytes ?? DEFAULT_APP_LIMITS.memoryBytes,
  });
  const runtime = createAppRuntime({
    storage: (scope) => store.storage(scope),
    prepareStorage: () => store.ready(),
    code: sandbox,
    net: createNetCapability({ allowPrivate: options.allowPrivateNetwork ?? false }),
    // A live app's scope is its name, a preview's `preview:<id>`: each has the secrets set for it.
    secrets: (scope) => secrets.values(scope),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const gateway = createGateway({
    resolveApp: async (name) => (await node.apps.resolve(name)) ?? null,
    resolvePreview: async (id) => (await node.resolvePreview(id)) ?? null,
    runtime,
    ...(options.previewFrameAncestors ? { previewFrameAncestors: options.previewFrameAncestors } : {}),
    onError: (error, request) => options.logger.error(`gateway: ${request.method} ${request.url} failed`, error),
  });
  const handle: THttpHandler = async (req, res, ctx) => {
    await gateway.handle(req, res, ctx.url);
  };
  const unmountApps = node.http.mount({ prefix: '/apps/', access: 'public', handle });
  const unmountPreviews = node.http.mount({ prefix: '/preview/', access: 'public', handle });

  const status = (name: string): TAppStatus => {
    const parsed = ZAppName.safeParse(name);
    if (!parsed.success) throw new DaiosError('invalid_request', `name: ${describeZodError(parsed.error)}`);
    const record = node.resolveName(parsed.data);
    if (!record) throw new DaiosError('name_not_found', `no name ${parsed.data} on this node`);
    // The live app's scope is its name (previews are `preview:<id>`, never reported here).
    return {
      name: parsed.data,
      record,
      stats: runtime.stats(parsed.data),
      logs: runtime.logs(parsed.data).slice(0, APP_STATUS_LOG_SIZE),
    };
  };
  const removeStatusRoute = node.http.addControlRoute({
    method: 'GET',
    path: 'apps/:name/status',
    handle: async ({ name }) => ({ body: status(name ?? '') }),
  });
  // Secrets by scope, set as a whole and listed by name, never returned: a live app's (scope: its
  // name, set only by the name's owner) and a private preview's (scope `preview:<id>`), which the
  // IDE hands over as it deploys or previews a project.
  const ownerSecrets = new OwnerRequestGuard('secrets');
  const setters: Record<'name' | 'id', (id: string, ctx: THttpContext) => Promise<string[]>> = {
    async name(id, ctx) {
      const body = ZSignedAppSecrets.safeParse(await ctx.readJson());
      if (!body.success) throw new DaiosError('invalid_request', describeZodError(body.error));
      if (body.data.name !== id) throw new DaiosError('invalid_request', `name: the request is for ${body.data.name}, not ${id}`);
      await ownerSecrets.check(body.data, verifyAppSecrets, node.resolveName(body.data.name));
      return secrets.set(body.data.name, body.data.secrets);
    },
    async id(id, ctx) {
      const body = ZSetAppSecretsRequest.safeParse(await ctx.readJson());
      if (!body.success) throw new DaiosError('invalid_request', describeZodError(body.error));
      return secrets.set(previewScope(id), body.data.secrets);
    },
  };
  const secretRoutes = (
    [
      { path: 'apps/:id/secrets', key: 'name', scope: (id: string) => id },
      { path: 'previews/:id/secrets', key: 'id', scope: previewScope },
    ] as const
  ).flatMap(({ path, key, scope }) => [
    node.http.addControlRoute({
      method: 'PUT',
      path,
      handle: async ({ id = '' }, ctx) => ({ body: { [key]: id, secrets: await setters[key](id, ctx) } }),
    }),
    node.http.addControlRoute({
      method: 'GET',
      path,
      handle: async ({ id = '' }) => ({ body: { [key]: id, secrets: secrets.names(scope(id)) } }),
    }),
  ]);

  // An app taken offline loses its secrets, runs and cached page at once, its data after the
  // grace period.
  const stopRemoved = node.on('removed', (removal) => {
    runtime.forget(removal.name);
    secrets.set(removal.name, {}).catch((error: unknown) => options.logger.error(`removing the secrets of ${removal.name}`, error));
  });
  const purgeDue = async (): Promise<string[]> => {
    const due = node.removals().filter((r) => !r.purged && Date.parse(r.storageRemovedAt) <= Date.now());
    for (const removal of due) {
      // A store never opened holds nothing to delete: do not open PGlite for it.
      if (store.opened || existsSync(join(options.dataDir, APP_STORE_DIR))) await store.clear(removal.name);
      await node.markPurged(removal.name);
      runtime.forget(removal.name);
      options.logger.info(`deleted the data of ${removal.name}, taken offline on ${removal.removedAt}`);
    }
    return due.map((r) => r.name);
  };
  const purging = () => void purgeDue().catch((error: unknown) => options.logger.error('deleting the data of apps taken offline', error));
  purging();
  const purgeTimer = setInterval(purging, PURGE_CHECK_MS);
  purgeTimer.unref();

  return {
    status,
    purgeDue,
    async close() {
      clearInterval(purgeTimer);
      stopRemoved();
      removeStatusRoute();
      for (const remove of secretRoutes) remove();
      unmountApps();
      unmountPreviews();
      await sandbox.close();
      await store.close();
    },
  };
}
