/**
 * The DAIOS node this IDE publishes to: by default the local node `npm start` runs beside it,
 * reached with the control token that node wrote into the data folder; or any node configured
 * with DAIOS_NODE_URL and DAIOS_CONTROL_TOKEN. The token never leaves the server.
 */
import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createControlClient, type TControlClient } from '@/runtime/protocol/control-client';
import { getEnv } from '@/server/env';

export class NodeNotConfiguredError extends Error {
  override name = 'NodeNotConfiguredError';
}

export function nodeControlToken(): string {
  const env = getEnv();
  if (env.DAIOS_CONTROL_TOKEN) return env.DAIOS_CONTROL_TOKEN;
  const file = path.join(env.dataDir, 'node', 'control-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new NodeNotConfiguredError(
    'No DAIOS node is configured: start one with `npm start` (or `npm run node`), or set DAIOS_NODE_URL and DAIOS_CONTROL_TOKEN.',
  );
}

export function getNodeClient(): TControlClient {
  return createControlClient({ url: getEnv().DAIOS_NODE_URL, token: nodeControlToken() });
}

/** The address visitors open for an app. */
export function appUrl(appName: string): string {
  const env = getEnv();
  return `${(env.DAIOS_PUBLIC_URL ?? env.DAIOS_NODE_URL).replace(/\/+$/, '')}/apps/${appName}/`;
}

/** The private address of a project's preview. */
export function previewUrl(id: string): string {
  const env = getEnv();
  return `${(env.DAIOS_PUBLIC_URL ?? env.DAIOS_NODE_URL).replace(/\/+$/, '')}/preview/${id}/`;
}
