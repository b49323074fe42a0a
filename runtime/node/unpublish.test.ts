import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DATA_GRACE_DAYS } from '@/blocks/core/bundle';
import { createControlClient, type TControlClient } from '@/runtime/protocol/control-client';
import { createPublishRequest, signAppSecrets, signNameRecord, signUnpublish } from '@/runtime/protocol/signing';
import { silentLogger } from './logger';
import { DEFAULT_LIMITS } from './node';
import { serveApps, type TServedApps } from './serve-apps';
import { alice, bob, compiledBundle } from './testing/bundles';
import { eventually, removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from './testing/nodes';

describe('taking an app offline (unpublish)', () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;
  let apps: TServedApps;
  let client: TControlClient;
  let cid: string;

  const sign = (name: string, message: string) =>
    fetch(`${node.httpUrl}/apps/shop/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, message }),
    });
  const page = async () => {
    const response = await fetch(`${node.httpUrl}/apps/shop/`);
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    // No grace period here: the data is due for deletion at once, and goes when purgeDue runs.
    node = await startTestNode({ limits: { unpublishGraceMs: 0 } });
    // The first storage call creates the app store (PGlite): generous limits on a loaded machine.
    apps = await serveApps(node, {
      dataDir: node.dataDir,
      logger: silentLogger,
      codeWorkers: 1,
      limits: { runMs: 120_000, blockMs: 120_000 },
    });
    client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    const bundle = await compiledBundle('shop', 'guestbook');
    cid = bundle.cid;
    await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
    await node.setName(await signNameRecord(alice, { name: 'shop', cid, seq: 1 }));
    await client.setAppSecrets(await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'alice-value' } }));
    expect((await sign('Ada', 'kept for a while')).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await apps.close();
    await node.stop();
    await removeDataDir(node.dataDir);
  });

  it('keeps the data a week by default, which the IDE tells the user', () => {
    expect(DEFAULT_LIMITS.unpublishGraceMs).toBe(APP_DATA_GRACE_DAYS * 24 * 60 * 60_000);
  });

  it("refuses anyone but the name's owner", async () => {
    await expect(client.unpublish(await signUnpublish(bob, { name: 'shop' }))).rejects.toMatchObject({ status: 403, code: 'name_owned' });
    const forged = { ...(await signUnpublish(bob, { name: 'shop' })), owner: alice.address };
    await expect(client.unpublish(forged)).rejects.toMatchObject({ code: 'bad_owner_signature' });
    const unsigned = await fetch(`${node.httpUrl}/control/names/shop/unpublish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shop' }),
    });
    expect(unsigned.status).toBe(400);
    expect(await page()).toMatchObject({ status: 200 });
    expect((await client.listAppSecrets('shop')).secrets).toEqual(['API_TOKEN']);
  });

  it('removes the name and the secrets at once, keeps the data and the name for its owner, who may come back', async () => {
    const offline = await client.unpublish(await signUnpublish(alice, { name: 'shop' }));
    expect(offline.name).toBe('shop');
    expect(Date.parse(offline.storageRemovedAt)).toBeLessThanOrEqual(Date.now());
    expect((await page()).status).toBe(404);
    await expect(client.getName('shop')).rejects.toMatchObject({ code: 'name_not_found' });
    await eventually(async () => (await client.listAppSecrets('shop')).secrets.length === 0);

    // Nobody else may claim it while the data is kept; the owner's old record does not bring it back.
    await expect(client.setName(await signNameRecord(bob, { name: 'shop', cid, seq: 1 }))).rejects.toMatchObject({ code: 'name_owned' });
    await expect(client.setName(await signNameRecord(alice, { name: 'shop', cid, seq: 1 }))).rejects.toMatchObject({ code: 'stale_seq' });
    // The owner deploys again: the data is still there.
    await client.setName(await signNameRecord(alice, { name: 'shop', cid, seq: 2 }));
    expect((await page()).text).toContain('Ada');
  });

  it('deletes the data once the grace period is over; then the name is free for anyone, with none of it', async () => {
    await client.unpublish(await signUnpublish(alice, { name: 'shop' }));
    expect(await apps.purgeDue()).toEqual(['shop']);
    expect(await apps.purgeDue()).toEqual([]);
    await expect(client.setName(await signNameRecord(alice, { name: 'shop', cid, seq: 2 }))).rejects.toMatchObject({ code: 'stale_seq' });
    await client.setName(await signNameRecord(bob, { name: 'shop', cid, seq: 1 }));
    const theirs = await page();
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain('Ada');
    expect((await client.listAppSecrets('shop')).secrets).toEqual([]);
  });
});
