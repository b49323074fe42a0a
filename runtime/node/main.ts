/**
 * `npm run node`: starts one DAIOS node configured from the environment (see ./config.ts), logs
 * its peer id and addresses, and stops cleanly on SIGINT/SIGTERM (a second signal exits at once).
 * The control token is never logged: only the path of the file that holds it.
 */
import './polyfills';
import { ConfigError, loadOrCreateControlToken, readNodeConfig } from './config';
import { consoleLogger } from './logger';
import { createDaiosNode } from './node';
import { serveApps } from './serve-apps';

const STOP_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = readNodeConfig(process.env);
  let controlToken = config.controlToken;
  if (!controlToken) {
    const stored = await loadOrCreateControlToken(config.dataDir);
    controlToken = stored.token;
    consoleLogger.info(`control token ${stored.created ? 'written to' : 'read from'} ${stored.path}`);
  }

  const node = createDaiosNode({
    dataDir: config.dataDir,
    listen: config.listen,
    bootstrap: config.bootstrap,
    controlToken,
    httpPort: config.httpPort,
    host: config.host,
    logger: consoleLogger,
  });
  await node.start();
  const apps = await serveApps(node, {
    dataDir: config.dataDir,
    logger: consoleLogger,
    storageQuota: config.appStorageQuota,
    previewFrameAncestors: config.ideOrigins,
  });
  const { counts } = node.health();
  consoleLogger.info(`peer id ${node.peerId}`);
  for (const address of node.multiaddrs) consoleLogger.info(`listening on ${address}`);
  consoleLogger.info(`HTTP on ${node.httpUrl} (data in ${config.dataDir}; ${counts.bundles} bundles, ${counts.names} names)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      consoleLogger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    consoleLogger.info(`${signal}: stopping`);
    const timer = setTimeout(() => {
      consoleLogger.error(`did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timer.unref();
    apps
      .close()
      .then(() => node.stop())
      .then(
        () => {
          consoleLogger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          consoleLogger.error('stopping failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else consoleLogger.error('the node could not start', error);
  process.exit(1);
});
