/**
 * A DAIOS node: stores verified bundles (Helia on disk), keeps signed name records, spreads both
 * over libp2p, and serves a control API over HTTP. Serving pages and running apps is not here:
 * the gateway builds on `node.apps` (resolve a name to its manifest and files), `node.http.mount`
 * (its own routes, e.g. `/apps/` and `/preview/`) and `node.on('name', ...)` (a name moved).
 *
 *   const node = createDaiosNode({ dataDir, controlToken });
 *   await node.start();
 *   await node.publish(request);      // verified, stored, pinned
 *   await node.setName(record);       // verified, stored, announced to peers
 *   const app = await node.apps.resolve('my-app');
 */
import './polyfills';
import { mkdir } from 'node:fs/promises';
import { KEEP_ALIVE } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { z } from 'zod';
import { APP_DATA_GRACE_DAYS, ZAppName, type TManifest } from '@/blocks/core/bundle';
import type { TUnpublished } from '@/runtime/protocol/control-client';
import { NAMES_TOPIC, ZCidString, ZUnpublishRequest, type TNameAnnouncement, type TNameRecord } from '@/runtime/protocol/schemas';
import { verifyUnpublish } from '@/runtime/protocol/signing';
import { supportsRegisteredBlock } from './blocks';
import { BundleStore, type TLoadedBundle } from './bundle-store';
import { DaiosError, describeZodError } from './errors';
import { NameGossip } from './gossip';
import { lockDataDir } from './lock';
import { NodeHttpServer, type TControlRoute, type THttpExtensions } from './http';
import { DEFAULT_PREVIEW_LIMITS, openPreviewRegistry, ZPreviewId, type TPreviewRegistry } from './previews';
import { consoleLogger, type TLogger } from './logger';
import { NameRegistry, parseNameRecord, type TNameChange } from './names';
import { createP2p, openStores, type TDaiosHelia, type TP2pStores } from './p2p';
import { OwnerRequestGuard } from './owner-requests';
import { RecordStore, type TBundleRecord, type TNameRemoval } from './records';
import type { TBlockSupport } from './verify';

export interface TDaiosLimits {
  /** Largest control API request body (a publish request is base64: ~4/3 of the bundle). */
  maxBodyBytes: number;
  /** Largest bundle (sum of its files) this node stores, published or fetched. */
  maxBundleBytes: number;
  /** Bundles kept decoded in memory for reads. */
  cacheEntries: number;
  cacheBytes: number;
  /** How long fetching an announced bundle from peers may take. */
  fetchTimeoutMs: number;
  /**
   * How often the node asks one of its peers for every current name record, to catch up on what
   * gossip did not bring it (a record set just as the two connected, before either knew the other
   * listened: see gossip.ts).
   */
  catchUpMs: number;
  /**
   * New name records one peer may bring (gossip or catch-up): sustained per second, and at once
   * (a catch-up brings a peer's whole list). Past that its new records are ignored (gossip.ts).
   */
  announcementsPerPeerPerSecond: number;
  announcementBurstPerPeer: number;
  /** Announcements handled (their bundles fetched) at once: per peer, and all together. */
  fetchesPerPeer: number;
  fetches: number;
  /** A private preview not updated for this long expires, and its bundle is removed unless used. */
  previewTtlMs: number;
  /** Private previews per owner (the publisher of their bundles); one more drops the oldest. */
  previewsPerOwner: number;
  /** How long the data of an app taken offline is kept (its name reserved for its owner meanwhile). */
  unpublishGraceMs: number;
}

/** How often a node retries bootstrap peers it is not connected to. */
const BOOTSTRAP_RETRY_MS = 30_000;

export const DEFAULT_LIMITS: TDaiosLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxBundleBytes: 15 * 1024 * 1024,
  cacheEntries: 128,
  cacheBytes: 64 * 1024 * 1024,
  fetchTimeoutMs: 30_000,
  catchUpMs: 60_000,
  announcementsPerPeerPerSecond: 1,
  announcementBurstPerPeer: 1000,
  fetchesPerPeer: 16,
  fetches: 64,
  previewTtlMs: DEFAULT_PREVIEW_LIMITS.ttlMs,
  previewsPerOwner: DEFAULT_PREVIEW_LIMITS.perOwner,
  unpublishGraceMs: APP_DATA_GRACE_DAYS * 24 * 60 * 60_000,
};

/** How often expired previews are dropped (and their bundles removed). */
const PREVIEW_SWEEP_MS = 3600_000;

export interface TDaiosNodeOptions {
  /** Blocks, datastore (records, pins, the node's key) live under here. */
  dataDir: string;
  /** libp2p listen multiaddrs. Default: loopback, a random port. */
  listen?: string[];
  /** Peers to dial at start (multiaddrs ending in /p2p/<peer id>); kept connected. */
  bootstrap?: string[];
  /** Bearer token of the control API; at least 16 characters. */
  controlToken: string;
  /** 0 picks a free port. Default 0. */
  httpPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  limits?: Partial<TDaiosLimits>;
  /** Which `type@version` blocks this node accepts. Default: every block with an executor. */
  supportsBlock?: TBlockSupport;
  logger?: TLogger;
}

const ZMultiaddrString = z.string().refine(
  (value) => {
    try {
      multiaddr(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a multiaddr such as /ip4/127.0.0.1/tcp/4001' },
);

const ZNodeOptions = z.object({
  dataDir: z.string().min(1),
  listen: z.array(ZMultiaddrString).min(1).default(['/ip4/127.0.0.1/tcp/0']),
  bootstrap: z.array(ZMultiaddrString.refine((value) => value.includes('/p2p/'), { message: 'must end in /p2p/<peer id>' })).default([]),
  controlToken: z.string().min(16, 'must be at least 16 characters'),
  httpPort: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
});

/** A stored bundle with the name that points at it. */
export interface TResolvedApp extends TLoadedBundle {
  name: string;
  record: TNameRecord;
}

/** What the gateway (and the executor) read: apps by name, bundles by CID. */
export interface TAppResolver {
  /** The bundle a name points at now; undefined when this node knows no such name. */
  resolve(name: string): Promise<TResolvedApp | undefined>;
  /** A bundle stored on this node, by CID (previews, older versions). */
  load(cid: string): Promise<TLoadedBundle>;
}

export type TNameEvent = TNameChange & { source: 'local' | 'peer' };

export interface TDaiosNodeEvents {
  /** A name now points somewhere else (set here or learned from a peer). */
  name: TNameEvent;
  /** A bundle was stored (published here or fetched from a peer). */
  bundle: { record: TBundleRecord; source: TBundleRecord['source'] };
  /** Its owner took an app offline: the name is gone; its secrets and (later) data go too. */
  removed: TNameRemoval;
}

export interface TDaiosHealth {
  status: 'ok';
  peerId: string;
  uptimeSeconds: number;
  counts: { bundles: number; names: number; peers: number };
}

export interface DaiosNode {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly status: 'stopped' | 'starting' | 'started' | 'stopping';
  /** Valid once started. */
  readonly peerId: string;
  readonly multiaddrs: string[];
  readonly httpUrl: string;

  publish(request: unknown): Promise<{ record: TBundleRecord; created: boolean }>;
  setName(record: unknown): Promise<TNameChange>;
  /** Takes an app offline, on its owner's signed request (TUnpublishRequest). */
  unpublish(request: unknown): Promise<TUnpublished>;
  /** Names taken offline whose data is still kept or was deleted (their old records stay refused). */
  removals(): TNameRemoval[];
  /** The app's data is deleted: anyone may claim the name now. */
  markPurged(name: string): Promise<void>;
  resolveName(name: string): TNameRecord | undefined;
  nameHistory(name: string): Promise<TNameRecord[]>;
  getBundle(cid: string): Promise<TLoadedBundle>;
  getManifest(cid: string): Promise<TManifest>;
  hasBundle(cid: string): boolean;
  /** Points a private preview id at a bundle this node holds. */
  setPreview(id: string, cid: string): Promise<void>;
  /** The bundle a preview id shows, or undefined. */
  resolvePreview(id: string): Promise<TLoadedBundle | undefined>;
  listNames(): TNameRecord[];
  listBundles(): TBundleRecord[];
  /** Connects to a peer (bitswap fetches only from connected peers). Returns its peer id. */
  dial(address: string): Promise<string>;
  /** Peer ids this node is connected to. */
  peers(): string[];
  /** Peer ids subscribed to name announcements (that will hear the next one). */
  announcementPeers(): string[];
  health(): TDaiosHealth;

  readonly apps: TAppResolver;
  readonly http: THttpExtensions;
  on<E extends keyof TDaiosNodeEvents>(event: E, listener: (payload: TDaiosNodeEvents[E]) => void): () => void;
  /** For tests and benchmarks: the Helia node (with libp2p). */
  readonly helia: TDaiosHelia;
}

export function createDaiosNode(input: TDaiosNodeOptions): DaiosNode {
  const parsed = ZNodeOptions.safeParse(input);
  if (!parsed.success) throw new Error(`invalid node options: ${describeZodError(parsed.error)}`);
  const options = parsed.data;
  const limits: TDaiosLimits = { ...DEFAULT_LIMITS, ...input.limits };
  let previews: Promise<TPreviewRegistry> | undefined;
  const previewRegistry = () =>
    (previews ??= openPreviewRegistry(options.dataDir, { ttlMs: limits.previewTtlMs, perOwner: limits.previewsPerOwner }));
  const log = input.logger ?? consoleLogger;
  const supportsBlock = input.supportsBlock ?? supportsRegisteredBlock;

  let status: DaiosNode['status'] = 'stopped';
  let startedAt = 0;
  let httpUrl: string | undefined;
  let bootstrapTimer: ReturnType<typeof setInterval> | undefined;
  let previewSweepTimer: ReturnType<typeof setInterval> | undefined;
  let running:
    | {
        unlock: () => Promise<void>;
        stores: TP2pStores;
        helia: TDaiosHelia;
        records: RecordStore;
        bundles: BundleStore;
        names: NameRegistry;
        gossip: NameGossip;
      }
    | undefined;

  const listeners: { [E in keyof TDaiosNodeEvents]: Set<(payload: TDaiosNodeEvents[E]) => void> } = {
    name: new Set(),
    bundle: new Set(),
    removed: new Set(),
  };
  const unpublishGuard = new OwnerRequestGuard('unpublish');
  /** The last answer of `apps.resolve` for each cached bundle (gone with the bundle from the cache). */
  const resolvedApps = new WeakMap<TLoadedBundle, TResolvedApp>();
  const emit = <E extends keyof TDaiosNodeEvents>(event: E, payload: TDaiosNodeEvents[E]) => {
    for (const listener of listeners[event]) {
      try {
        listener(payload);
      } catch (error) {
        log.error(`a ${event} listener failed`, error);
      }
    }
  };

  const need = () => {
    if (!running || status !== 'started') throw new DaiosError('not_started', 'the node is not started');
    return running;
  };

  const announcementFor = (record: TNameRecord): TNameAnnouncement | undefined => {
    const bundle = running?.bundles.signature(record.cid);
    return bundle && { type: 'name-record', version: 1, record, bundle };
  };

  const announce = (record: TNameRecord) => {
    const announcement = announcementFor(record);
    if (!announcement || !running) return;
    running.gossip.announce(announcement).catch((error: unknown) => log.warn(`could not announce ${record.name}: ${String(error)}`));
  };

  const http = new NodeHttpServer({
    host: options.host,
    port: options.httpPort,
    controlToken: options.controlToken,
    maxBodyBytes: limits.maxBodyBytes,
    health: () => node.health(),
    routes: controlRoutes(() => node),
    log,
  });

  const node: DaiosNode = {
    get status() {
      return status;
    },
    get peerId() {
      return need().helia.libp2p.peerId.toString();
    },
    get multiaddrs() {
      return need()
        .helia.libp2p.getMultiaddrs()
        .map((address) => address.toString());
    },
    get httpUrl() {
      if (!httpUrl) throw new DaiosError('not_started', 'the node is not started');
      return httpUrl;
    },
    get helia() {
      return need().helia;
    },
    http,

    async start() {
      if (status !== 'stopped') throw new Error(`cannot start a node that is ${status}`);
      status = 'starting';
      try {
        await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
        const unlock = await lockDataDir(options.dataDir);
        let stores: TP2pStores;
        try {
          stores = await openStores(options.dataDir);
        } catch (error) {
          await unlock();
          throw error;
        }
        const helia = createP2p({ dataDir: options.dataDir, listen: options.listen }, stores);
        const records = new RecordStore(stores.datastore, log);
        const bundles = new BundleStore(
          helia,
          stores.blockstore,
          records,
          {
            verify: { supportsBlock, maxBundleBytes: limits.maxBundleBytes },
            cacheEntries: limits.cacheEntries,
            cacheBytes: limits.cacheBytes,
            fetchTimeoutMs: limits.fetchTimeoutMs,
          },
          log,
        );
        const names = new NameRegistry(records, (cid) => bundles.has(cid));
        const gossip = new NameGossip(
          helia,
          {
            current: (name) => names.resolve(name),
            snapshot: () => [...names.all()].flatMap((record) => announcementFor(record) ?? []),
            onAnnouncement: async (announcement, _from, source) => {
              const change = await names.set(announcement.record, async () => {
                const fetched = await bundles.fetchFromPeers(announcement.bundle);
                if (fetched.created) emit('bundle', { record: fetched.record, source: 'peer' });
              });
              if (!change.changed) return;
              log.info(`learned ${change.record.name} -> ${change.record.cid} (seq ${change.record.seq}) from a peer`);
              emit('name', { ...change, source: 'peer' });
              // Gossip forwards what it delivers by itself; a record caught up over a direct
              // stream would stop here, so pass it on.
              if (source === 'sync') announce(change.record);
            },
          },
          log,
          {
            catchUpMs: limits.catchUpMs,
            perPeerPerSecond: limits.announcementsPerPeerPerSecond,
            perPeerBurst: limits.announcementBurstPerPeer,
            fetchesPerPeer: limits.fetchesPerPeer,
            fetches: limits.fetches,
          },
        );
        running = { unlock, stores, helia, records, bundles, names, gossip };
        try {
          await records.load();
          await helia.start();
          await gossip.start();
          httpUrl = await http.listen();
        } catch (error) {
          await shutdown();
          throw error;
        }
        status = 'started';
        startedAt = Date.now();
        await dialBootstrap(true);
        previewSweepTimer = setInterval(
          () => void previewRegistry().then(async (registry) => releaseBundles(await registry.sweep())),
          PREVIEW_SWEEP_MS,
        );
        previewSweepTimer.unref();
        if (options.bootstrap.length > 0) {
          bootstrapTimer = setInterval(() => void dialBootstrap(false), BOOTSTRAP_RETRY_MS);
          bootstrapTimer.unref();
        }
      } catch (error) {
        status = 'stopped';
        throw error;
      }
    },

    async stop() {
      if (status !== 'started') return;
      status = 'stopping';
      await shutdown();
      status = 'stopped';
    },

    async publish(request) {
      const { bundles } = need();
      const result = await bundles.publish(request);
      if (result.created) {
        log.info(`stored ${result.record.app.name} ${result.record.cid} (${result.record.files} files, ${result.record.bytes} bytes)`);
        emit('bundle', { record: result.record, source: 'publish' });
      }
      return result;
    },

    async setName(input) {
      const { names } = need();
      const change = await names.set(parseNameRecord(input));
      if (change.changed) {
        log.info(`name ${change.record.name} -> ${change.record.cid} (seq ${change.record.seq})`);
        emit('name', { ...change, source: 'local' });
        announce(change.record);
      }
      return change;
    },

    async unpublish(input) {
      const parsed = ZUnpublishRequest.safeParse(input);
      if (!parsed.success) throw new DaiosError('invalid_request', `invalid unpublish request: ${describeZodError(parsed.error)}`);
      const request = parsed.data;
      const { names } = need();
      const current = names.resolve(request.name);
      await unpublishGuard.check(request, verifyUnpublish, current);
      const now = Date.now();
      const removal: TNameRemoval = {
        name: request.name,
        owner: request.owner,
        seq: current!.seq,
        removedAt: new Date(now).toISOString(),
        storageRemovedAt: new Date(now + limits.unpublishGraceMs).toISOString(),
        purged: false,
      };
      await names.remove(removal);
      log.info(`name ${removal.name} taken offline by its owner; its data is kept until ${removal.storageRemovedAt}`);
      emit('removed', removal);
      return { name: removal.name, storageRemovedAt: removal.storageRemovedAt };
    },
    removals: () => [...need().names.removals()],
    markPurged: (name) => need().names.markPurged(name),
    resolveName: (name) => need().names.resolve(name),
    nameHistory: (name) => need().names.history(name),
    getBundle: (cid) => need().bundles.get(cid),
    async getManifest(cid) {
      return (await need().bundles.get(cid)).manifest;
    },
    hasBundle: (cid) => need().bundles.has(cid),
    async setPreview(id, cid) {
      const parsedId = ZPreviewId.safeParse(id);
      if (!parsedId.success) throw new DaiosError('invalid_request', `id: ${describeZodError(parsedId.error)}`);
      const record = need().bundles.record(cid);
      if (!record) throw new DaiosError('bundle_not_found', `bundle ${cid} is not stored on this node; publish it first`);
      await releaseBundles(await (await previewRegistry()).set(parsedId.data, cid, record.publisher));
    },
    async resolvePreview(id) {
      const cid = (await previewRegistry()).get(id);
      return cid ? need().bundles.get(cid) : undefined;
    },
    listNames: () => [...need().names.all()],
    listBundles: () => [...need().records.bundles.values()],

    async dial(address) {
      const { helia } = need();
      const connection = await helia.libp2p.dial(multiaddr(address), { signal: AbortSignal.timeout(10_000) });
      // Tagged keep-alive: libp2p re-dials the peer if the connection drops.
      await helia.libp2p.peerStore.merge(connection.remotePeer, { tags: { [KEEP_ALIVE]: { value: 1 } } });
      return connection.remotePeer.toString();
    },
    peers: () =>
      need()
        .helia.libp2p.getPeers()
        .map((peer) => peer.toString()),
    announcementPeers: () =>
      need()
        .helia.libp2p.services.pubsub.getSubscribers(NAMES_TOPIC)
        .map((peer) => peer.toString()),

    health() {
      const { helia, records } = need();
      return {
        status: 'ok',
        peerId: helia.libp2p.peerId.toString(),
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        counts: { bundles: records.bundles.size, names: records.names.size, peers: helia.libp2p.getPeers().length },
      };
    },

    apps: {
      async resolve(name) {
        const record = need().names.resolve(name);
        if (!record) return undefined;
        const bundle = await need().bundles.get(record.cid);
        // Every request to an app resolves its name: the same answer while the name and the
        // cached bundle stay the same.
        const known = resolvedApps.get(bundle);
        if (known?.record === record && known.name === name) return known;
        const app: TResolvedApp = { ...bundle, name, record };
        resolvedApps.set(bundle, app);
        return app;
      },
      load: (cid) => need().bundles.get(cid),
    },

    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
  };

  /** Dials every bootstrap peer this node is not connected to; failures are logged, not fatal. */
  async function dialBootstrap(first: boolean): Promise<void> {
    if (status !== 'started') return;
    const connected = new Set(node.peers());
    await Promise.all(
      options.bootstrap
        .filter((address) => !connected.has(address.slice(address.lastIndexOf('/p2p/') + '/p2p/'.length)))
        .map((address) =>
          node.dial(address).then(
            () => {
              if (!first) log.info(`reconnected to bootstrap peer ${address}`);
            },
            (error: unknown) => {
              if (first)
                log.warn(`bootstrap peer ${address} unreachable (retrying every ${BOOTSTRAP_RETRY_MS / 1000} s): ${String(error)}`);
            },
          ),
        ),
    );
  }

  /**
   * Removes bundles no preview points at any more, unless a name points or pointed at them (a
   * deployment, or a version it may roll back to) or a preview took them up again meanwhile.
   * Failures are logged: the preview itself has moved on either way.
   */
  async function releaseBundles(cids: readonly string[]): Promise<void> {
    for (const cid of cids) {
      try {
        const current = running;
        const record = current?.bundles.record(cid);
        if (!current || !record || (await previewRegistry()).uses(cid)) continue;
        if ([...current.names.all()].some((name) => name.cid === cid)) continue;
        if ((await current.names.history(record.app.name)).some((name) => name.cid === cid)) continue;
        if (await current.bundles.remove(cid)) log.info(`removed bundle ${cid}: no preview or name uses it any more`);
      } catch (error) {
        log.warn(`could not remove bundle ${cid}: ${String(error)}`);
      }
    }
  }

  async function shutdown(): Promise<void> {
    clearInterval(bootstrapTimer);
    bootstrapTimer = undefined;
    clearInterval(previewSweepTimer);
    previewSweepTimer = undefined;
    const current = running;
    running = undefined;
    httpUrl = undefined;
    await http.close();
    if (!current) return;
    await current.gossip.stop().catch((error: unknown) => log.warn(`stopping gossip: ${String(error)}`));
    await current.helia.stop().catch((error: unknown) => log.warn(`stopping helia: ${String(error)}`));
    await current.stores.blockstore.close();
    await current.stores.datastore.close();
    await current.unlock();
  }

  return node;
}

/** The control API: thin, everything is decided by the node's methods. */
function controlRoutes(node: () => DaiosNode): TControlRoute[] {
  return [
    {
      method: 'POST',
      path: 'publish',
      handle: async (_params, ctx) => {
        const { record, created } = await node().publish(await ctx.readJson());
        return { status: created ? 201 : 200, body: { ...record, created } };
      },
    },
    {
      method: 'POST',
      path: 'names',
      handle: async (_params, ctx) => {
        const change = await node().setName(await ctx.readJson());
        return { body: { record: change.record, previous: change.previous ?? null, changed: change.changed } };
      },
    },
    {
      method: 'POST',
      path: 'names/:name/unpublish',
      handle: async ({ name }, ctx) => {
        const body = await ctx.readJson();
        if (typeof body === 'object' && body !== null && (body as { name?: unknown }).name !== name) {
          throw new DaiosError('invalid_request', `name: the request is for another name than ${name ?? ''}`);
        }
        return { body: await node().unpublish(body) };
      },
    },
    {
      method: 'GET',
      path: 'names/:name',
      handle: async ({ name }) => {
        const parsed = ZAppName.safeParse(name);
        if (!parsed.success) throw new DaiosError('invalid_request', `name: ${describeZodError(parsed.error)}`);
        const record = node().resolveName(parsed.data);
        if (!record) throw new DaiosError('name_not_found', `no name ${parsed.data} on this node`);
        return { body: { record, history: await node().nameHistory(parsed.data) } };
      },
    },
    {
      method: 'POST',
      path: 'previews',
      handle: async (_params, ctx) => {
        const body = z.object({ id: z.string(), cid: z.string() }).safeParse(await ctx.readJson());
        if (!body.success) throw new DaiosError('invalid_request', describeZodError(body.error));
        await node().setPreview(body.data.id, body.data.cid);
        return { body: { id: body.data.id, cid: body.data.cid } };
      },
    },
    {
      method: 'GET',
      path: 'bundles/:cid/manifest',
      handle: async ({ cid }) => {
        const parsed = ZCidString.safeParse(cid);
        if (!parsed.success) throw new DaiosError('invalid_request', `cid: ${describeZodError(parsed.error)}`);
        return { body: await node().getManifest(parsed.data) };
      },
    },
  ];
}
