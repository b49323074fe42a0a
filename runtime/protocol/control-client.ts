/**
 * A small client for a node's control API, for the IDE server that publishes (and for tests).
 * Uses the global `fetch`; no Node-only imports. Refusals throw a DaiosRequestError carrying the
 * node's code and message, so callers can map them to Diagnostics.
 */
import type { TManifest } from '@/blocks/core/bundle';
import type { TAppStats, TRunLogEntry } from '@/runtime/apps/run-log';
import { DAIOS_ERROR_CODES, type TDaiosErrorCode } from './errors';
import type { TNameRecord, TPublishRequest, TSignedAppSecrets, TUnpublishRequest } from './schemas';

export class DaiosRequestError extends Error {
  override name = 'DaiosRequestError';
  constructor(
    readonly code: TDaiosErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface TStoredBundleInfo {
  cid: string;
  publisher: string;
  app: { name: string; title: string };
  files: number;
  bytes: number;
  storedAt: string;
  source: 'publish' | 'peer';
  /** False when the node already held this bundle. */
  created: boolean;
}

/** What a node serving apps reports about one of them (`GET /control/apps/<name>/status`). */
export interface TAppStatus {
  name: string;
  /** The name's current record on this node. */
  record: TNameRecord;
  /** Counters since the node started (kept in memory). */
  stats: TAppStats;
  /** The last runs, newest first (at most APP_STATUS_LOG_SIZE); `failed` names the failing block. */
  logs: TRunLogEntry[];
}

/** Runs an app status carries. */
export const APP_STATUS_LOG_SIZE = 50;

export interface TControlClient {
  health(): Promise<{ status: 'ok'; peerId: string; counts: { bundles: number; names: number; peers: number } }>;
  publish(request: TPublishRequest): Promise<TStoredBundleInfo>;
  setName(record: TNameRecord): Promise<{ record: TNameRecord; previous: TNameRecord | null; changed: boolean }>;
  getName(name: string): Promise<{ record: TNameRecord; history: TNameRecord[] }>;
  getManifest(cid: string): Promise<TManifest>;
  /** Points a private preview id (16-64 lowercase letters or digits) at a stored bundle. */
  setPreview(preview: { id: string; cid: string }): Promise<{ id: string; cid: string }>;
  /** Requests, runs and recent runs of an app this node serves (404 `name_not_found` for an unknown name). */
  appStatus(name: string, options?: { timeoutMs?: number }): Promise<TAppStatus>;
  /**
   * Replaces the whole set of secrets (`{{secret.NAME}}`) the node gives the app `request.name` (an
   * empty object removes them), signed by the name's owner (signAppSecrets): the node refuses any
   * other signer (403 `name_owned`) and a name it does not know (404 `name_not_found`). Answers with
   * the names only: the node never returns values.
   */
  setAppSecrets(request: TSignedAppSecrets): Promise<TAppSecretNames>;
  /**
   * Takes the app off the node (signUnpublish, by the name's owner): its name at once, its secrets
   * at once, its stored data after `storageRemovedAt` (until then the name stays reserved for its
   * owner, who may deploy it again and keep the data).
   */
  unpublish(request: TUnpublishRequest): Promise<TUnpublished>;
  /** The names of the secrets the node holds for the app `name` (never their values). */
  listAppSecrets(name: string): Promise<TAppSecretNames>;
  /** The same for the private preview `id`: its runs get these secrets (a live app's are its own). */
  setPreviewSecrets(id: string, secrets: Record<string, string>): Promise<TPreviewSecretNames>;
  listPreviewSecrets(id: string): Promise<TPreviewSecretNames>;
}

/** What a node answers to an unpublish. */
export interface TUnpublished {
  name: string;
  /** ISO time after which the app's stored data is deleted (and the name free for anyone). */
  storageRemovedAt: string;
}

/** What a node says about an app's secrets: names, sorted; never values. */
export interface TAppSecretNames {
  name: string;
  secrets: string[];
}

/** What a node says about a preview's secrets: names, sorted; never values. */
export interface TPreviewSecretNames {
  id: string;
  secrets: string[];
}

export function createControlClient(options: { url: string; token: string; fetch?: typeof fetch; timeoutMs?: number }): TControlClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const call = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, timeoutMs?: number): Promise<T> => {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs ?? options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DaiosRequestError('internal', `the node answered ${response.status} with a body that is not JSON`, response.status);
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown } }).error;
      const code = DAIOS_ERROR_CODES.find((known) => known === error?.code) ?? 'internal';
      throw new DaiosRequestError(code, typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`, response.status);
    }
    return json as T;
  };
  return {
    health: () => call('GET', '/health'),
    publish: (request) => call('POST', '/control/publish', request),
    setName: (record) => call('POST', '/control/names', record),
    getName: (name) => call('GET', `/control/names/${encodeURIComponent(name)}`),
    getManifest: (cid) => call('GET', `/control/bundles/${encodeURIComponent(cid)}/manifest`),
    setPreview: (preview) => call('POST', '/control/previews', preview),
    appStatus: (name, callOptions) => call('GET', `/control/apps/${encodeURIComponent(name)}/status`, undefined, callOptions?.timeoutMs),
    setAppSecrets: (request) => call('PUT', `/control/apps/${encodeURIComponent(request.name)}/secrets`, request),
    unpublish: (request) => call('POST', `/control/names/${encodeURIComponent(request.name)}/unpublish`, request),
    listAppSecrets: (name) => call('GET', `/control/apps/${encodeURIComponent(name)}/secrets`),
    setPreviewSecrets: (id, secrets) => call('PUT', `/control/previews/${encodeURIComponent(id)}/secrets`, { secrets }),
    listPreviewSecrets: (id) => call('GET', `/control/previews/${encodeURIComponent(id)}/secrets`),
  };
}
