/**
 * One real node on 127.0.0.1 with its data in a temporary directory: publishing, every refusal
 * (with its code, and with nothing stored), names, history and rollback, and a restart.
 */
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_PATH } from '@/blocks/core/bundle';
import { bundleCid } from '@/blocks/compiler/cid';
import { encodeBase64 } from '@/runtime/protocol/base64';
import { signBundle } from '@/runtime/protocol/signing';
import type { DaiosError } from './errors';
import { createDaiosNode, type DaiosNode } from './node';
import { silentLogger } from './logger';
import { alice, bob, compiledBundle, nameRecord, publishRequest, withAsset, withManifest, type TTestBundle } from './testing/bundles';
import { countBlocks, removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from './testing/nodes';

let node: DaiosNode & { dataDir: string };
let bundle: TTestBundle;

beforeAll(async () => {
  node = await startTestNode();
  bundle = await compiledBundle('chart-app');
});

afterAll(async () => {
  await node?.stop();
  if (node) await removeDataDir(node.dataDir);
});

/** The refusal `promise` ends with, as `{ code, message }`. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  )) as DaiosError;
  return { code: error.code, message: error.message };
}

/** Runs `action`, expects it to be refused with `code`, and checks that no block and no record was added. */
async function expectRefusedWithNothingStored(action: () => Promise<unknown>, code: string, message?: string | RegExp) {
  const blocksBefore = await countBlocks(node.dataDir);
  const bundlesBefore = node.listBundles().length;
  const namesBefore = node.listNames().map((r) => `${r.name}:${r.seq}`);
  const refused = await refusal(action());
  expect(refused.code).toBe(code);
  if (message) expect(refused.message).toMatch(message);
  expect(await countBlocks(node.dataDir)).toBe(blocksBefore);
  expect(node.listBundles()).toHaveLength(bundlesBefore);
  expect(node.listNames().map((r) => `${r.name}:${r.seq}`)).toEqual(namesBefore);
}

describe('publishing', () => {
  it('stores a verified bundle and reads back every file, nested ones included', async () => {
    const result = await node.publish(await publishRequest(alice, bundle));
    expect(result.created).toBe(true);
    expect(result.record).toMatchObject({ cid: bundle.cid, publisher: alice.address, app: { name: 'chart-app' }, source: 'publish' });

    const read = await node.getBundle(bundle.cid);
    expect([...read.files.keys()].sort()).toEqual([...bundle.files.keys()].sort());
    for (const [path, bytes] of bundle.files) expect(read.files.get(path), path).toEqual(bytes);
    expect(read.manifest).toEqual(bundle.manifest);
    expect(await node.helia.pins.isPinned(CID.parse(bundle.cid))).toBe(true);
  });

  it('answers a second publish of the same bundle with the stored record', async () => {
    const blocks = await countBlocks(node.dataDir);
    const again = await node.publish(await publishRequest(alice, bundle));
    expect(again.created).toBe(false);
    expect(await countBlocks(node.dataDir)).toBe(blocks);
  });

  it('refuses a request that does not match the schema', async () => {
    await expectRefusedWithNothingStored(() => node.publish({ cid: bundle.cid, files: {} }), 'invalid_request');
    const request = await publishRequest(alice, bundle);
    await expectRefusedWithNothingStored(
      () => node.publish({ ...request, files: { ...request.files, '../escape.js': encodeBase64(new Uint8Array([1])) } }),
      'invalid_request',
    );
  });

  it('refuses tampered bytes', async () => {
    const other = await compiledBundle('tampered-app');
    const request = await publishRequest(alice, other);
    const path = 'code/keep/condition.js';
    const tampered = { ...request, files: { ...request.files, [path]: encodeBase64(new TextEncoder().encode('item.value > -1')) } };
    await expectRefusedWithNothingStored(() => node.publish(tampered), 'content_mismatch', 'content does not match its CID');
  });

  it('refuses a signature that is not the publisher’s', async () => {
    const other = await compiledBundle('forged-app');
    const signedByBob = await publishRequest(bob, other);
    await expectRefusedWithNothingStored(
      () => node.publish({ ...signedByBob, publisher: alice.address }),
      'bad_signature',
      "signature is not the publisher's",
    );
    // A real signature, but over another CID.
    const elsewhere = await signBundle(alice, bundle.cid);
    await expectRefusedWithNothingStored(
      () => node.publish({ ...signedByBob, publisher: alice.address, signature: elsewhere.signature }),
      'bad_signature',
    );
  });

  it('refuses a block version this node cannot run', async () => {
    const base = await compiledBundle('future-app');
    const future = await withManifest(base, { ...base.manifest, blocks: [...base.manifest.blocks, 'filter@9'].sort() });
    await expectRefusedWithNothingStored(
      async () => node.publish(await publishRequest(alice, future)),
      'block_unsupported',
      'block filter@9 is not supported by this node',
    );
    // A node using a block the list leaves out is caught too.
    const hidden = await withManifest(base, {
      ...base.manifest,
      nodes: base.manifest.nodes.map((n) => (n.type === 'chart' ? { ...n, version: 9 } : n)),
    });
    await expectRefusedWithNothingStored(async () => node.publish(await publishRequest(alice, hidden)), 'manifest_invalid', /chart@9/);
  });

  it('refuses a malformed manifest', async () => {
    const base = await compiledBundle('broken-app');
    const notJson = await withManifest(base, '{ "manifestVersion": 1, ');
    await expectRefusedWithNothingStored(
      async () => node.publish(await publishRequest(alice, notJson)),
      'manifest_invalid',
      'not valid JSON',
    );
    const wrongShape = await withManifest(base, { ...base.manifest, manifestVersion: 2 });
    await expectRefusedWithNothingStored(
      async () => node.publish(await publishRequest(alice, wrongShape)),
      'manifest_invalid',
      /manifestVersion/,
    );
  });

  it('refuses assets that do not match the manifest', async () => {
    const base = await compiledBundle('assets-app');
    const path = 'data/data.csv';
    const swapped = await withAsset(base, path, new TextEncoder().encode('label,value\na,1\n'));
    // Same files, the original manifest: sizes and hashes no longer match.
    const stale = await withManifest(swapped, base.manifest);
    await expectRefusedWithNothingStored(
      async () => node.publish(await publishRequest(alice, stale)),
      'assets_mismatch',
      /data\/data\.csv/,
    );
    const extra = new Map(base.files).set('extra.txt', new Uint8Array([1, 2, 3]));
    const withExtra = { cid: (await bundleCid(extra)).toString(), files: extra };
    await expectRefusedWithNothingStored(async () => node.publish(await publishRequest(alice, withExtra)), 'assets_mismatch', /extra\.txt/);
    const missing = new Map(base.files);
    missing.delete(path);
    const withoutAsset = { cid: (await bundleCid(missing)).toString(), files: missing };
    await expectRefusedWithNothingStored(async () => node.publish(await publishRequest(alice, withoutAsset)), 'assets_mismatch', /missing/);
  });

  it('refuses a bundle above the size limit', async () => {
    const small = await startTestNode({ limits: { maxBundleBytes: 1_000 } });
    try {
      const refused = await refusal(small.publish(await publishRequest(alice, bundle)));
      expect(refused.code).toBe('bundle_too_large');
      expect(await countBlocks(small.dataDir)).toBe(0);
    } finally {
      await small.stop();
      await removeDataDir(small.dataDir);
    }
  });
});

describe('names', () => {
  it('points a name at a stored bundle and resolves it', async () => {
    const change = await node.setName(await nameRecord(alice, 'chart-app', bundle.cid, 1));
    expect(change.changed).toBe(true);
    expect(node.resolveName('chart-app')).toMatchObject({ cid: bundle.cid, owner: alice.address, seq: 1 });
    const app = await node.apps.resolve('chart-app');
    expect(app).toMatchObject({ name: 'chart-app', cid: bundle.cid, record: { seq: 1 } });
    expect(app?.files.get(MANIFEST_PATH)).toEqual(bundle.files.get(MANIFEST_PATH));
    expect(await node.apps.resolve('no-such-app')).toBeUndefined();
  });

  it('takes the same record twice without change', async () => {
    const change = await node.setName(await nameRecord(alice, 'chart-app', bundle.cid, 1));
    expect(change.changed).toBe(false);
  });

  it('refuses a record whose signature is not the owner’s', async () => {
    const record = await nameRecord(bob, 'chart-app', bundle.cid, 2);
    await expectRefusedWithNothingStored(() => node.setName({ ...record, owner: alice.address }), 'bad_name_signature');
  });

  it('refuses to move a name owned by someone else', async () => {
    await expectRefusedWithNothingStored(
      async () => node.setName(await nameRecord(bob, 'chart-app', bundle.cid, 7)),
      'name_owned',
      `name chart-app is owned by ${alice.address}`,
    );
  });

  it('refuses a stale sequence number', async () => {
    const v2 = await compiledBundle('chart-app', 'fetch-json-table');
    await node.publish(await publishRequest(alice, v2));
    await node.setName(await nameRecord(alice, 'chart-app', v2.cid, 2));
    await expectRefusedWithNothingStored(
      async () => node.setName(await nameRecord(alice, 'chart-app', bundle.cid, 2)),
      'stale_seq',
      'stale sequence number: current is 2',
    );
    await expectRefusedWithNothingStored(async () => node.setName(await nameRecord(alice, 'chart-app', bundle.cid, 1)), 'stale_seq');
  });

  it('refuses a name for a bundle this node does not hold', async () => {
    const elsewhere = await compiledBundle('elsewhere-app');
    await expectRefusedWithNothingStored(
      async () => node.setName(await nameRecord(alice, 'elsewhere-app', elsewhere.cid, 1)),
      'bundle_not_found',
      `bundle ${elsewhere.cid} is not stored on this node`,
    );
  });

  it('rolls back by a new record pointing at an older CID, and keeps the history', async () => {
    await node.setName(await nameRecord(alice, 'chart-app', bundle.cid, 3));
    expect(node.resolveName('chart-app')).toMatchObject({ cid: bundle.cid, seq: 3 });
    const history = await node.nameHistory('chart-app');
    expect(history.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(history[0]!.cid).toBe(history[2]!.cid);
    expect(history[1]!.cid).not.toBe(bundle.cid);
  });

  it('emits an event when a name moves', async () => {
    const seen: string[] = [];
    const off = node.on('name', (event) => seen.push(`${event.record.name}:${event.record.seq}:${event.source}`));
    const v2 = (await node.nameHistory('chart-app'))[1]!.cid;
    await node.setName(await nameRecord(alice, 'chart-app', v2, 4));
    off();
    expect(seen).toEqual(['chart-app:4:local']);
  });
});

describe('restart', () => {
  it('refuses a second node on a data directory in use', async () => {
    const second = createDaiosNode({ dataDir: node.dataDir, controlToken: TEST_CONTROL_TOKEN, logger: silentLogger });
    await expect(second.start()).rejects.toThrow(`in use by another DAIOS node (pid ${process.pid})`);
    expect(second.status).toBe('stopped');
  });

  it('keeps bundles, names, history and the peer id on the same data directory', async () => {
    const peerId = node.peerId;
    const current = node.resolveName('chart-app');
    await node.stop();
    const again = createDaiosNode({ dataDir: node.dataDir, controlToken: TEST_CONTROL_TOKEN, logger: silentLogger });
    await again.start();
    node = Object.assign(again, { dataDir: node.dataDir });
    expect(node.peerId).toBe(peerId);
    expect(node.resolveName('chart-app')).toEqual(current);
    expect((await node.nameHistory('chart-app')).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const read = await node.getBundle(bundle.cid);
    for (const [path, bytes] of bundle.files) expect(read.files.get(path), path).toEqual(bytes);
    // Still the owner's name after a restart.
    await expect(node.setName(await nameRecord(bob, 'chart-app', bundle.cid, 9))).rejects.toMatchObject({ code: 'name_owned' });
  });
});
