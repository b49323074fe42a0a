/**
 * Makes a node serve the apps it holds: the generated pages and APIs under /apps/<name>/, and
 * private previews under /preview/<id>/, run with the shared executors, the sandbox, the node's
 * per-app storage (on disk), network capability and secrets. The control API gains
 * `GET /control/apps/<name>/status`: the app's counters and its last runs (see `status`);
 * `PUT /control/apps/<name>/secrets` (body `{ secrets: { NAME: value } }`): replaces the app's
 * secrets (sealed at rest, see app-secrets.ts), answering with their names; and
 * `GET /control/apps/<name>/secrets`: their names. Values are never returned.
 */
import { ZAppName } from '@/blocks/core/bundle';
import { createAppRuntime } from '@/runtime/apps/app-runtime';
import type { TAppLimits } from '@/runtime/apps/limits';
import { createNetCapability } from '@/runtime/capabilities/net';
import { createGateway } from '@/runtime/gateway/gateway';
import { APP_STATUS_LOG_SIZE, type TAppStatus } from '@/runtime/protocol/control-client';
import { Sandbox } from '@/runtime/sandbox/sandbox';
import { lazyAppStore } from '@/runtime/storage/lazy-app-store';
import { openAppSecretStore, ZSetAppSecretsRequest } from './app-secrets';
import { DaiosError, describeZodError } from './errors';
import type { THttpHandler } from './http';
import type { TLogger } from './logger';
import type { DaiosNode } from './node';

export interface TServeAppsOptions {
  dataDir: string;
  logger: TLogger;
  /** Sandbox workers: more than one app's code may run at once; a looping app holds one. */
  codeWorkers?: number;
  limits?: Partial<TAppLimits>;
  /**
   * Lets apps' HTTP requests reach private and loopback addresses (tests against a local server).
   * Default false: a public node must not let apps probe its own network.
   */
  allowPrivateNetwork?: boolean;
}

export interface TServedApps {
  /**
   * A live app's current name record, counters and last runs (newest first). Throws DaiosError
   * `invalid_request` for a malformed name, `name_not_found` when this node knows no such name.
   * Counters live in memory: they start again at zero when the node restarts.
   */
  status(name: string): TAppStatus;
  close(): Promise<void>;
}

export async function serveApps(node: DaiosNode, options: TServeAppsOptions): Promise<TServedApps> {
  // Both started by the first run that needs them, not here: an idle node holds neither PGlite
  // nor the sandbox's worker threads (each a V8 isolate with a QuickJS wasm memory).
  const store = lazyAppStore({ dataDir: options.dataDir });
  const secrets = await openAppSecretStore(options.dataDir);
  const sandbox = new Sandbox({ workers: options.codeWorkers ?? 3 });
  const runtime = createAppRuntime({
    storage: (scope) => store.storage(scope),
    code: sandbox,
    net: createNetCapability({ allowPrivate: options.allowPrivateNetwork ?? false }),
    // A live app's scope is its name; previews (`preview:<id>`) have no secrets.
    secrets: (scope) => secrets.values(scope),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const gateway = createGateway({
    resolveApp: async (name) => (await node.apps.resolve(name)) ?? null,
    resolvePreview: async (id) => (await node.resolvePreview(id)) ?? null,
    runtime,
    onError: (error, request) => options.logger.error(`gateway: ${request.method} ${request.url} failed`, error),
  });
  const handle: THttpHandler = async (req, res) => {
    await gateway.handle(req, res);
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
  const removeSetSecretsRoute = node.http.addControlRoute({
    method: 'PUT',
    path: 'apps/:name/secrets',
    handle: async ({ name }, ctx) => {
      const body = ZSetAppSecretsRequest.safeParse(await ctx.readJson());
      if (!body.success) throw new DaiosError('invalid_request', describeZodError(body.error));
      const names = await secrets.set(name ?? '', body.data.secrets);
      return { body: { name, secrets: names } };
    },
  });
  const removeListSecretsRoute = node.http.addControlRoute({
    method: 'GET',
    path: 'apps/:name/secrets',
    handle: async ({ name }) => ({ body: { name, secrets: secrets.names(name ?? '') } }),
  });

  return {
    status,
    async close() {
      removeStatusRoute();
      removeSetSecretsRoute();
      removeListSecretsRoute();
      unmountApps();
      unmountPreviews();
      await sandbox.close();
      await store.close();
    },
  };
}
