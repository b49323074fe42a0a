/**
 * A peer that floods name announcements is cut off: over real libp2p on 127.0.0.1, a node takes
 * only its budget of new records from the flooder (and fetches only those bundles), while the
 * records of a normal peer still arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TLogger } from './logger';
import type { DaiosNode } from './node';
import { alice, bob, compiledBundle, nameRecord, publishRequest } from './testing/bundles';
import { eventually, removeDataDir, startTestNode } from './testing/nodes';

type TTestNode = DaiosNode & { dataDir: string };
const started: TTestNode[] = [];
const warnings: string[] = [];
const recordingLogger: TLogger = { info: () => {}, warn: (message) => warnings.push(message), error: () => {} };

let flooder: TTestNode;
let normal: TTestNode;
let receiver: TTestNode;

async function connect(from: TTestNode, to: TTestNode): Promise<void> {
  await from.dial(to.multiaddrs[0]!);
  await eventually(() => to.announcementPeers().includes(from.peerId) && from.announcementPeers().includes(to.peerId));
}

beforeAll(async () => {
  flooder = await startTestNode();
  normal = await startTestNode();
  // A budget of 3 new records per peer, refilled too slowly to matter while the test runs.
  receiver = await startTestNode({
    logger: recordingLogger,
    limits: { announcementBurstPerPeer: 3, announcementsPerPeerPerSecond: 0.001 },
  });
  started.push(flooder, normal, receiver);
  await connect(receiver, flooder);
  await connect(receiver, normal);
});

afterAll(async () => {
  for (const node of started) {
    await node.stop();
    await removeDataDir(node.dataDir);
  }
});

describe('a peer flooding name announcements', () => {
  it('is cut off after its budget, while a normal peer’s records still arrive', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `flood-${i}`);
    for (const name of names) {
      const bundle = await compiledBundle(name);
      await flooder.publish(await publishRequest(alice, bundle));
      await flooder.setName(await nameRecord(alice, name, bundle.cid, 1));
    }
    // The fourth new record from the flooder is where the receiver cuts it off (logged once).
    await eventually(() => warnings.some((w) => w.startsWith(`cut off name announcements from ${flooder.peerId}`)));
    await eventually(() => names.slice(0, 3).every((name) => receiver.resolveName(name)));

    const bundle = await compiledBundle('normal-app');
    await normal.publish(await publishRequest(bob, bundle));
    await normal.setName(await nameRecord(bob, 'normal-app', bundle.cid, 1));
    expect(await eventually(() => receiver.resolveName('normal-app'))).toMatchObject({ cid: bundle.cid, owner: bob.address });

    // Past its budget nothing of the flooder's was stored or fetched.
    for (const name of names.slice(3)) expect(receiver.resolveName(name)).toBeUndefined();
    expect(
      receiver
        .listBundles()
        .map((b) => b.app.name)
        .sort(),
    ).toEqual([...names.slice(0, 3), 'normal-app'].sort());
    expect(warnings.filter((w) => w.startsWith('cut off name announcements'))).toHaveLength(1);
  });
});
