/**
 * The node's IPFS + libp2p stack, built from explicit parts. `createHelia()` would also turn on
 * public bootstrap lists, the DHT, autoNAT, UPnP and HTTP gateways; a DAIOS node must only talk to
 * the peers it is told about (bootstrap) and those that dial it, so none of that is here.
 *
 * - libp2p: TCP transport, noise encryption, yamux multiplexing, identify, ping, gossipsub.
 * - Helia: blocks on disk (blockstore-fs), everything else (pins, peer store, the node's key) in
 *   a datastore on disk (datastore-fs); bitswap is the only way blocks arrive from peers, and it
 *   asks connected peers only (no content routing), so dial a peer before fetching from it.
 */
import './polyfills';
import { join } from 'node:path';
import { noise } from '@chainsafe/libp2p-noise';
import { withBitswap } from '@helia/bitswap';
import { withLibp2pLight, type HeliaWithLibp2p } from '@helia/libp2p';
import { gossipsub, type GossipSub } from '@libp2p/gossipsub';
import { identify, type Identify } from '@libp2p/identify';
import { ping, type Ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { FsBlockstore } from 'blockstore-fs';
import { NextToLast } from 'blockstore-fs/sharding';
import { FsDatastore } from 'datastore-fs';
import { createHeliaLight } from 'helia';
import { writeFileDurably } from './durable-write';

export interface TP2pServices extends Record<string, unknown> {
  identify: Identify;
  ping: Ping;
  pubsub: GossipSub;
}

export type TDaiosHelia = HeliaWithLibp2p<TP2pServices>;

export interface TP2pOptions {
  dataDir: string;
  /** Multiaddrs to listen on, e.g. `/ip4/127.0.0.1/tcp/0`. */
  listen: string[];
  /** Gossip message size cap; a name announcement is well under 1 KB. */
  maxGossipMessageBytes?: number;
}

export interface TP2pStores {
  blockstore: NodeBlockstore;
  datastore: NodeDatastore;
}

/**
 * The node's datastore, which refuses writes once closed. libp2p's address manager saves the
 * node's own peer record (datastore/peers/) from a 1 s debounced timer that the listeners closing
 * during `libp2p.stop()` arm, and that nothing clears: without this, a stopped node rewrote that
 * file about a second after `stop()` resolved (after its lock was released, or its folder removed).
 * The refused write is caught and only logged by libp2p. Every write of FsDatastore (putMany,
 * deleteMany, batches) goes through `put` and `delete`. A put is a durable write (names,
 * bundle records, pins, the node's key): fsynced, so a power loss cannot leave it torn or empty.
 */
export class NodeDatastore extends FsDatastore {
  #closed = false;

  override async open(): Promise<void> {
    this.#closed = false;
    await super.open();
  }

  override async close(): Promise<void> {
    this.#closed = true;
    await super.close();
  }

  override async put(...[key, value, options]: Parameters<FsDatastore['put']>): ReturnType<FsDatastore['put']> {
    this.#refuseWhenClosed(key);
    options?.signal?.throwIfAborted();
    await writeFileDurably(this._encode(key).file, value);
    return key;
  }

  override async delete(...args: Parameters<FsDatastore['delete']>): ReturnType<FsDatastore['delete']> {
    this.#refuseWhenClosed(args[0]);
    return super.delete(...args);
  }

  #refuseWhenClosed(key: unknown): void {
    if (this.#closed) throw new Error(`the node's datastore is closed: ${String(key)} not written`);
  }
}

/** Blocks on disk, each written durably (a bundle's blocks survive a power loss whole). */
export class NodeBlockstore extends FsBlockstore {
  readonly #sharding: NextToLast;

  constructor(location: string, sharding = new NextToLast()) {
    super(location, { shardingStrategy: sharding });
    this.#sharding = sharding;
  }

  override async put(...[cid, bytes, options]: Parameters<FsBlockstore['put']>): ReturnType<FsBlockstore['put']> {
    options?.signal?.throwIfAborted();
    const { dir, file } = this.#sharding.encode(cid);
    await writeFileDurably(join(this.path, dir, file), bytes);
    return cid;
  }
}

/** Opens the on-disk stores (created when missing). Close them after Helia stops. */
export async function openStores(dataDir: string): Promise<TP2pStores> {
  const blockstore = new NodeBlockstore(join(dataDir, 'blocks'));
  const datastore = new NodeDatastore(join(dataDir, 'datastore'));
  await blockstore.open();
  await datastore.open();
  return { blockstore, datastore };
}

/** A Helia node wired to libp2p and bitswap; not started. */
export function createP2p(options: TP2pOptions, stores: TP2pStores): TDaiosHelia {
  const helia = createHeliaLight({
    blockstore: stores.blockstore,
    datastore: stores.datastore,
  });
  const withNetwork = withLibp2pLight<typeof helia, TP2pServices>(helia, {
    addresses: { listen: options.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // No peer discovery, no content or peer routers: peers come from bootstrap dials and inbound
    // connections only.
    peerDiscovery: [],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({
        // Announcements must reach a peer that joined a second ago, before the mesh forms.
        floodPublish: true,
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        emitSelf: false,
        maxInboundDataLength: options.maxGossipMessageBytes ?? 16 * 1024,
      }),
    },
  });
  return withBitswap(withNetwork);
}
