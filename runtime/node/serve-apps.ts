/**
 * Makes a node serve the apps it holds: the generated pages and APIs under /apps/<name>/, and
 * private previews under /preview/<id>/, run with the shared executors, the sandbox, the node's
 * per-app storage (on disk) and network capability.
 */
import { createAppRuntime } from '@/runtime/apps/app-runtime';
import type { TAppLimits } from '@/runtime/apps/limits';
import { createNetCapability } from '@/runtime/capabilities/net';
import { createGateway } from '@/runtime/gateway/gateway';
import { createSandbox } from '@/runtime/sandbox/sandbox';
import { openAppStore } from '@/runtime/storage/app-store';
import type { THttpHandler } from './http';
import type { TLogger } from './logger';
import type { DaiosNode } from './node';

export interface TServeAppsOptions {
  dataDir: string;
  logger: TLogger;
  /** Sandbox workers: more than one app's code may run at once; a looping app holds one. */
  codeWorkers?: number;
  limits?: Partial<TAppLimits>;
}

export async function serveApps(node: DaiosNode, options: TServeAppsOptions): Promise<{ close(): Promise<void> }> {
  const store = await openAppStore({ dataDir: options.dataDir });
  const sandbox = await createSandbox({ workers: options.codeWorkers ?? 3 });
  const runtime = createAppRuntime({
    storage: (scope) => store.storage(scope),
    code: sandbox,
    net: createNetCapability({ allowPrivate: false }),
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
  return {
    async close() {
      unmountApps();
      unmountPreviews();
      await sandbox.close();
      await store.close();
    },
  };
}
