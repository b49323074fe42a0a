/**
 * Bundles on this node: verified, imported into Helia with the compiler's importer settings (so
 * the CID a node serves is the CID the IDE computed), pinned, and remembered in the record
 * store. Only bundles with a record are served; reads go through a bounded in-memory cache.
 */
import { unixfs, type UnixFS } from '@helia/unixfs';
import type { Blockstore } from 'interface-blockstore';
import { CID } from 'multiformats/cid';
import type { TManifest } from '@/blocks/core/bundle';
import { importBundle } from '@/blocks/compiler/cid';
import { joinBytes } from '@/runtime/protocol/bytes';
import type { TBundleSignature } from '@/runtime/protocol/schemas';
import { DaiosError } from './errors';
import type { TLogger } from './logger';
import { LruCache } from '@/runtime/apps/lru';
import { KeyedQueue } from './queue';
import type { TDaiosHelia } from './p2p';
import type { RecordStore, TBundleRecord } from './records';
import {
  assertPublisherSigned,
  parseManifest,
  verifyBundleFiles,
  verifyPublishRequest,
  type TVerifiedBundle,
  type TVerifyOptions,
} from './verify';

/** A stored bundle, read back: what the gateway and the executor work from. Treat as read-only. */
export interface TLoadedBundle {
  cid: string;
  /** What the node recorded when it stored the bundle: publisher, signature, sizes. */
  info: TBundleRecord;
  manifest: TManifest;
  /** path -> bytes, manifest.json included. */
  files: ReadonlyMap<string, Uint8Array>;
}

export interface TBundleStoreOptions {
  verify: TVerifyOptions;
  cacheEntries: number;
  cacheBytes: number;
  /** How long fetching a bundle from peers may take. */
  fetchTimeoutMs: number;
}

/** One queue key for every write to blocks, pins and bundle records: a failed fetch deletes the blocks it brought, which must not race a publish that shares them. */
const WRITES = 'writes';

export class BundleStore {
  private readonly cache: LruCache<string, TLoadedBundle>;
  private readonly fs: UnixFS;
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly helia: TDaiosHelia,
    /** The blockstore under Helia (blocks on disk), for deleting refused blocks. */
    private readonly disk: Pick<Blockstore, 'delete'>,
    private readonly records: RecordStore,
    private readonly options: TBundleStoreOptions,
    private readonly log: TLogger,
  ) {
    this.cache = new LruCache(options.cacheEntries, options.cacheBytes);
    this.fs = unixfs(helia);
  }

  has(cid: string): boolean {
    return this.records.bundles.has(cid);
  }

  record(cid: string): TBundleRecord | undefined {
    return this.records.bundles.get(cid);
  }

  /** The publisher's signature of a stored bundle, as it travels in announcements. */
  signature(cid: string): TBundleSignature | undefined {
    const record = this.records.bundles.get(cid);
    return record && { cid: record.cid, publisher: record.publisher, signature: record.signature };
  }

  /**
   * Verifies a publish request completely, then stores it. Publishing a bundle this node already
   * holds is not an error: it answers with the stored record (`created: false`).
   */
  async publish(input: unknown): Promise<{ record: TBundleRecord; created: boolean }> {
    const { request, bundle } = await verifyPublishRequest(input, this.options.verify);
    return this.queue.run(WRITES, async () => {
      const existing = this.records.bundles.get(bundle.cid);
      if (existing) return { record: existing, created: false };
      const root = await importBundle(bundle.files, this.helia.blockstore);
      if (root.toString() !== bundle.cid) {
        // verifyBundleFiles computed this CID with the same function: only a changed importer gets here.
        throw new DaiosError('internal', `importing ${bundle.cid} gave ${root.toString()}`);
      }
      const record = await this.pinAndRecord(bundle, request, 'publish');
      return { record, created: true };
    });
  }

  /**
   * Fetches a bundle a peer announced (bitswap, from connected peers), verifies it exactly as a
   * publish, then pins it. On refusal the blocks the fetch brought are deleted again.
   */
  async fetchFromPeers(signed: TBundleSignature): Promise<{ record: TBundleRecord; created: boolean }> {
    const known = this.records.bundles.get(signed.cid);
    if (known) return { record: known, created: false };
    await assertPublisherSigned(signed);
    return this.queue.run(WRITES, async () => {
      const again = this.records.bundles.get(signed.cid);
      if (again) return { record: again, created: false };
      const brought: CID[] = [];
      try {
        const files = await this.fetchFiles(signed.cid, brought);
        const bundle = await verifyBundleFiles(signed.cid, files, this.options.verify);
        return { record: await this.pinAndRecord(bundle, signed, 'peer'), created: true };
      } catch (error) {
        await this.deleteBlocks(brought);
        throw error;
      }
    });
  }

  /** The bundle's files and manifest. Only bundles this node stored (and so verified) are served. */
  async get(cid: string): Promise<TLoadedBundle> {
    const record = this.records.bundles.get(cid);
    if (!record) throw new DaiosError('bundle_not_found', `bundle ${cid} is not stored on this node`);
    const cached = this.cache.get(cid);
    if (cached) return cached;
    const files = await readDirectory(this.fs, CID.parse(cid), { offline: true });
    const loaded: TLoadedBundle = { cid, info: record, manifest: parseManifest(files), files };
    this.cache.set(cid, loaded, record.bytes);
    return loaded;
  }

  /**
   * Forgets a stored bundle: its record, its pin and every block of it no other pin holds. The
   * caller decides that nothing uses it any more (node.ts: no name, no preview). False when it
   * was not stored.
   */
  async remove(cid: string): Promise<boolean> {
    return this.queue.run(WRITES, async () => {
      if (!this.records.bundles.has(cid)) return false;
      // The record goes first: a crash after it leaves unserved blocks, never a record without blocks.
      await this.records.deleteBundle(cid);
      this.cache.delete(cid);
      const root = CID.parse(cid);
      const unpinned: CID[] = [];
      if (await this.helia.pins.isPinned(root)) for await (const block of this.helia.pins.rm(root)) unpinned.push(block);
      await this.deleteBlocks(unpinned);
      return true;
    });
  }

  cacheStats(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.bytes };
  }

  private async pinAndRecord(bundle: TVerifiedBundle, signed: TBundleSignature, source: TBundleRecord['source']): Promise<TBundleRecord> {
    const cid = CID.parse(bundle.cid);
    if (!(await this.helia.pins.isPinned(cid))) {
      for await (const pinned of this.helia.pins.add(cid, { metadata: { app: bundle.manifest.app.name } })) void pinned;
    }
    const record: TBundleRecord = {
      cid: bundle.cid,
      publisher: signed.publisher,
      signature: signed.signature,
      app: { name: bundle.manifest.app.name, title: bundle.manifest.app.title },
      files: bundle.files.size,
      bytes: bundle.bytes,
      storedAt: new Date().toISOString(),
      source,
    };
    await this.records.putBundle(record);
    this.cache.set(bundle.cid, { cid: bundle.cid, info: record, manifest: bundle.manifest, files: bundle.files }, bundle.bytes);
    return record;
  }

  /** Reads a bundle through the network, noting each block that was not here before and capping the bytes. */
  private async fetchFiles(cid: string, brought: CID[]): Promise<Map<string, Uint8Array>> {
    const local = this.helia.blockstore;
    const maxBytes = this.options.verify.maxBundleBytes;
    let fetchedBytes = 0;
    const tracking = {
      has: (key: CID) => local.has(key),
      put: (key: CID, bytes: Uint8Array) => local.put(key, bytes),
      async *get(key: CID, options?: { signal?: AbortSignal }): AsyncGenerator<Uint8Array> {
        const wasHere = await local.has(key);
        if (!wasHere) brought.push(key);
        for await (const chunk of local.get(key, options)) {
          if (!wasHere) {
            fetchedBytes += chunk.byteLength;
            // Block overhead aside, a bundle's blocks add up to about its bytes; twice is generous.
            if (fetchedBytes > 2 * maxBytes) throw new DaiosError('bundle_too_large', `bundle ${cid} is larger than this node accepts`);
          }
          yield chunk;
        }
      },
    };
    const signal = AbortSignal.timeout(this.options.fetchTimeoutMs);
    try {
      return await readDirectory(unixfs({ blockstore: tracking }), CID.parse(cid), { signal });
    } catch (error) {
      if (error instanceof DaiosError) throw error;
      throw new DaiosError(
        'fetch_failed',
        `could not fetch bundle ${cid} from peers: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async deleteBlocks(cids: readonly CID[]): Promise<void> {
    // Straight to the disk store: Helia's own delete also cancels re-providing through content
    // routing, which this node does not have (it throws "No content routers available").
    for (const cid of cids) {
      try {
        if (!(await this.helia.pins.isPinned(cid))) await this.disk.delete(cid);
      } catch (error) {
        this.log.warn(`could not delete block ${cid.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Every file under a UnixFS directory, by its path relative to the root. */
async function readDirectory(
  fs: UnixFS,
  root: CID,
  options: { offline?: boolean; signal?: AbortSignal },
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const rootStat = await fs.stat(root, options);
  if (rootStat.type !== 'directory') throw new DaiosError('content_mismatch', `${root.toString()} is not a bundle directory`);
  const walk = async (directory: CID, prefix: string): Promise<void> => {
    for await (const entry of fs.ls(directory, options)) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      const stat = await fs.stat(entry.cid, options);
      if (stat.type === 'directory') await walk(entry.cid, path);
      else files.set(path, await collect(fs.cat(entry.cid, options)));
    }
  };
  await walk(root, '');
  return files;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  return parts.length === 1 ? parts[0]! : joinBytes(parts, length);
}
