/**
 * Nodes talking over real libp2p on 127.0.0.1: a name set on one node reaches the others, which
 * fetch the bundle over bitswap, verify it and store it; a node that joins later catches up; a
 * forged or unrunnable announcement is refused and leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '@/blocks/compiler/cid';
import { NAMES_TOPIC, type TNameAnnouncement } from '@/runtime/protocol/schemas';
import { signBundle } from '@/runtime/protocol/signing';
import type { TLogger } from './logger';
import type { DaiosNode, TDaiosNodeEvents } from './node';
import { alice, bob, compiledBundle, nameRecord, publishRequest, withManifest } from './testing/bundles';
import { countBlocks, eventually, removeDataDir, startTestNode } from './testing/nodes';

type TTestNode = DaiosNode & { dataDir: string };
const started: TTestNode[] = [];
const warnings: string[] = [];
const recordingLogger: TLogger = { info: () => {}, warn: (message) => warnings.push(message), error: () => {} };

let a: TTestNode;
let b: TTestNode;

async function connect(from: TTestNode, to: TTestNode): Promise<void> {
  await from.dial(to.multiaddrs[0]!);
  // Gossip reaches a peer once each side knows the other subscribes to the topic.
  await eventually(() => to.announcementPeers().includes(from.peerId) && from.announcementPeers().includes(to.peerId));
}

function publishRaw(node: TTestNode, announcement: TNameAnnouncement) {
  return node.helia.libp2p.services.pubsub.publish(NAMES_TOPIC, new TextEncoder().encode(JSON.stringify(announcement)));
}

beforeAll(async () => {
  a = await startTestNode();
  b = await startTestNode({ logger: recordingLogger });
  started.push(a, b);
  await connect(b, a);
});

afterAll(async () => {
  for (const node of started) {
    await node.stop();
    await removeDataDir(node.dataDir);
  }
});

describe('two nodes', () => {
  it('a name set on A reaches B, which fetches, verifies and serves the bundle', async () => {
    const events: string[] = [];
    const offName = b.on('name', (e: TDaiosNodeEvents['name']) => events.push(`name:${e.record.name}:${e.source}`));
    const offBundle = b.on('bundle', (e: TDaiosNodeEvents['bundle']) => events.push(`bundle:${e.record.app.name}:${e.source}`));
    const bundle = await compiledBundle('shared-app');
    await a.publish(await publishRequest(alice, bundle));
    await a.setName(await nameRecord(alice, 'shared-app', bundle.cid, 1));

    const record = await eventually(() => b.resolveName('shared-app'));
    expect(record).toEqual(a.resolveName('shared-app'));
    const read = await b.getBundle(bundle.cid);
    for (const [path, bytes] of bundle.files) expect(read.files.get(path), path).toEqual(bytes);
    expect(read.info).toMatchObject({ source: 'peer', publisher: alice.address });
    expect(events).toEqual(['bundle:shared-app:peer', 'name:shared-app:peer']);
    offName();
    offBundle();
  });

  it('B follows an update and a rollback', async () => {
    const v1 = a.resolveName('shared-app')!.cid;
    const v2 = await compiledBundle('shared-app', 'guestbook');
    await a.publish(await publishRequest(alice, v2));
    await a.setName(await nameRecord(alice, 'shared-app', v2.cid, 2));
    await eventually(() => b.resolveName('shared-app')?.seq === 2);
    expect(b.resolveName('shared-app')?.cid).toBe(v2.cid);

    await a.setName(await nameRecord(alice, 'shared-app', v1, 3));
    await eventually(() => b.resolveName('shared-app')?.seq === 3);
    expect(b.resolveName('shared-app')?.cid).toBe(v1);
    expect((await b.nameHistory('shared-app')).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('B rejects a forged record and an unrunnable bundle, and keeps none of its blocks', async () => {
    const blocksBefore = await countBlocks(b.dataDir);
    // Bob claims Alice's name: the signature is valid, the ownership is not.
    const current = a.resolveName('shared-app')!;
    const stolen = await nameRecord(bob, 'shared-app', current.cid, current.seq + 1);
    await publishRaw(a, { type: 'name-record', version: 1, record: stolen, bundle: await signBundle(bob, current.cid) });
    // A record whose signature is not its owner's.
    const forged = { ...(await nameRecord(bob, 'forged-app', current.cid, 1)), owner: alice.address };
    await publishRaw(a, { type: 'name-record', version: 1, record: forged, bundle: await signBundle(alice, current.cid) });

    // A bundle A holds without having verified it (written straight into its blockstore) that
    // uses a block version nobody runs, announced with valid signatures.
    const base = await compiledBundle('future-app');
    const future = await withManifest(base, { ...base.manifest, blocks: [...base.manifest.blocks, 'filter@9'].sort() });
    await importBundle(future.files, a.helia.blockstore);
    await publishRaw(a, {
      type: 'name-record',
      version: 1,
      record: await nameRecord(alice, 'future-app', future.cid, 1),
      bundle: await signBundle(alice, future.cid),
    });
    await eventually(() => warnings.some((w) => w.includes('future-app') && w.includes('block_unsupported')));

    expect(b.resolveName('shared-app')).toMatchObject({ owner: alice.address, seq: current.seq });
    expect(b.resolveName('forged-app')).toBeUndefined();
    expect(b.resolveName('future-app')).toBeUndefined();
    expect(b.hasBundle(future.cid)).toBe(false);
    expect(await countBlocks(b.dataDir)).toBe(blocksBefore);
  });

  it('a node that joins later catches up from its bootstrap peer', async () => {
    // C knows only B, which learned everything from A.
    const c = await startTestNode({ bootstrap: [b.multiaddrs[0]!] });
    started.push(c);
    expect(c.peers()).toContain(b.peerId);
    const record = await eventually(() => c.resolveName('shared-app'));
    expect(record).toEqual(b.resolveName('shared-app'));
    const read = await c.getBundle(record.cid);
    expect(read.manifest.app.name).toBe('shared-app');
    expect(c.resolveName('future-app')).toBeUndefined();
  });

  it('a record gossip did not bring reaches a connected node by its periodic catch-up', async () => {
    // D catches up every 300 ms; E is an ordinary node it is connected to.
    const d = await startTestNode({ limits: { catchUpMs: 300 } });
    const e = await startTestNode();
    started.push(d, e);
    await connect(d, e);
    // D stops listening to the topic, so no announcement (nor gossipsub's own re-offers of recent
    // ones) can reach it, and connecting is over: only catching up can bring it E's new record.
    const pubsub = d.helia.libp2p.services.pubsub;
    pubsub.unsubscribe(NAMES_TOPIC);
    await eventually(() => !e.announcementPeers().includes(d.peerId));
    const bundle = await compiledBundle('missed-app');
    await e.publish(await publishRequest(bob, bundle));
    await e.setName(await nameRecord(bob, 'missed-app', bundle.cid, 1));

    const record = await eventually(() => d.resolveName('missed-app'));
    expect(record).toEqual(e.resolveName('missed-app'));
    expect((await d.getBundle(bundle.cid)).manifest.app.name).toBe('missed-app');
    pubsub.subscribe(NAMES_TOPIC);
  }, 30_000);
});
