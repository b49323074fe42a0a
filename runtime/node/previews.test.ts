/**
 * Previews do not pile up: a replaced or dropped preview's bundle is removed from the node (record,
 * pin and the blocks no other bundle holds) unless a name or another preview uses it; each owner
 * has a bounded number of previews, and previews expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaiosNode } from './node';
import { openPreviewRegistry } from './previews';
import { alice, bob, compiledBundle, nameRecord, publishRequest, type TTestBundle } from './testing/bundles';
import { countBlocks, removeDataDir, startTestNode, tempDataDir } from './testing/nodes';

const id = (n: number) => `preview${String(n).padStart(12, '0')}`;

describe('previews on a node', () => {
  let node: DaiosNode & { dataDir: string };
  const drafts: TTestBundle[] = [];

  beforeAll(async () => {
    node = await startTestNode({ limits: { previewsPerOwner: 2 } });
    for (let i = 0; i < 6; i++) drafts.push(await compiledBundle(`draft-${i}`));
  });
  afterAll(async () => {
    await node?.stop();
    if (node) await removeDataDir(node.dataDir);
  });

  const publish = async (bundle: TTestBundle, by = alice) => (await node.publish(await publishRequest(by, bundle))).record;

  it('removes the bundle a preview moved away from, with its blocks, and keeps the blocks the new one shares', async () => {
    const [first, second] = drafts as [TTestBundle, TTestBundle];
    await publish(second);
    const blocksWithSecond = await countBlocks(node.dataDir);
    await publish(first);
    expect(await countBlocks(node.dataDir)).toBeGreaterThan(blocksWithSecond);

    await node.setPreview(id(1), first.cid);
    await node.setPreview(id(1), second.cid);
    expect(node.hasBundle(first.cid)).toBe(false);
    expect(node.listBundles().map((b) => b.cid)).not.toContain(first.cid);
    expect(await countBlocks(node.dataDir)).toBe(blocksWithSecond);
    // The drafts share their data files: the new preview still reads every one of them.
    const served = await node.resolvePreview(id(1));
    expect([...(served?.files.keys() ?? [])].sort()).toEqual([...second.files.keys()].sort());
    for (const [path, bytes] of second.files) expect(served?.files.get(path)).toEqual(bytes);
  });

  it('keeps a bundle a name points at, or another preview still shows', async () => {
    const [, second, named, shared] = drafts as [TTestBundle, TTestBundle, TTestBundle, TTestBundle];
    await publish(named);
    await node.setName(await nameRecord(alice, 'draft-2', named.cid, 1));
    await node.setPreview(id(2), named.cid);
    await node.setPreview(id(2), second.cid);
    expect(node.hasBundle(named.cid)).toBe(true);

    await publish(shared);
    await node.setPreview(id(2), shared.cid);
    await node.setPreview(id(1), shared.cid);
    expect(node.hasBundle(second.cid)).toBe(false);
    await node.setPreview(id(2), named.cid);
    expect(node.hasBundle(shared.cid)).toBe(true);
    await node.setPreview(id(1), named.cid);
    expect(node.hasBundle(shared.cid)).toBe(false);
    expect(node.hasBundle(named.cid)).toBe(true);
  });

  it("keeps at most previewsPerOwner previews per owner: one more drops the owner's oldest and its bundle, not another owner's", async () => {
    const [, second, named, , mine, theirs] = drafts as [TTestBundle, TTestBundle, TTestBundle, TTestBundle, TTestBundle, TTestBundle];
    await publish(theirs, bob);
    await node.setPreview(id(9), theirs.cid);
    // alice has id(2) and id(1) (both on `named`); id(2) moves to `second`, so id(1) is her oldest.
    await publish(second);
    await node.setPreview(id(2), second.cid);
    await publish(mine);
    await node.setPreview(id(3), mine.cid);
    expect(await node.resolvePreview(id(1))).toBeUndefined();
    expect(node.hasBundle(named.cid)).toBe(true); // its name still points at it
    expect((await node.resolvePreview(id(2)))?.cid).toBe(second.cid);
    // One more: id(2) goes, and with it the only preview of `second`.
    await node.setPreview(id(4), mine.cid);
    expect(await node.resolvePreview(id(2))).toBeUndefined();
    expect(node.hasBundle(second.cid)).toBe(false);
    expect((await node.resolvePreview(id(3)))?.cid).toBe(mine.cid);
    expect((await node.resolvePreview(id(9)))?.cid).toBe(theirs.cid);
    expect(node.hasBundle(theirs.cid)).toBe(true);
  });
});

describe('preview registry', () => {
  it('expires previews not updated within ttlMs, answering the bundles they freed', async () => {
    const dataDir = await tempDataDir();
    try {
      let clock = 0;
      const registry = await openPreviewRegistry(dataDir, { ttlMs: 1000, perOwner: 10 }, () => clock);
      expect(await registry.set(id(1), 'cid-old', 'alice')).toEqual([]);
      clock = 600;
      expect(await registry.set(id(2), 'cid-kept', 'alice')).toEqual([]);
      clock = 1000;
      expect(registry.get(id(1))).toBeUndefined();
      expect(registry.uses('cid-old')).toBe(false);
      expect(await registry.sweep()).toEqual(['cid-old']);
      expect(registry.get(id(2))).toBe('cid-kept');
      // What was swept stays swept after a restart; what was kept is still there.
      const again = await openPreviewRegistry(dataDir, { ttlMs: 1000, perOwner: 10 }, () => clock);
      expect(again.get(id(1))).toBeUndefined();
      expect(again.get(id(2))).toBe('cid-kept');
    } finally {
      await removeDataDir(dataDir);
    }
  });
});
