import { afterAll, describe, expect, it } from 'vitest';
import { createPublishRequest, signNameRecord } from '@/runtime/protocol/signing';
import { silentLogger } from './logger';
import { serveApps } from './serve-apps';
import { alice, compiledBundle } from './testing/bundles';
import { removeDataDir, startTestNode, tempDataDir } from './testing/nodes';

describe('a node serving apps', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await removeDataDir(dir);
  });

  async function start(dataDir: string) {
    const node = await startTestNode({ dataDir });
    const apps = await serveApps(node, { dataDir, logger: silentLogger, codeWorkers: 1 });
    return { node, stop: async () => (await apps.close(), await node.stop()) };
  }

  it('publishes the guestbook, serves its page and API, keeps the entries across a restart, and serves a private preview', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    let { node, stop } = await start(dataDir);
    const bundle = await compiledBundle('guestbook', 'guestbook');
    await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
    await node.setName(await signNameRecord(alice, { name: 'guestbook', cid: bundle.cid, seq: 1 }));

    const page = await fetch(`${node.httpUrl}/apps/guestbook/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign the guestbook');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");

    const bad = await fetch(`${node.httpUrl}/apps/guestbook/api/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${node.httpUrl}/apps/guestbook/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', message: 'First <script>alert(1)</script>' }),
    });
    expect(ok.status).toBe(200);
    const after = await (await fetch(`${node.httpUrl}/apps/guestbook/`)).text();
    expect(after).toContain('Ada');
    expect(after).not.toContain('<script>alert(1)</script>');

    await stop();
    ({ node, stop } = await start(dataDir));
    const restarted = await (await fetch(`${node.httpUrl}/apps/guestbook/`)).text();
    expect(restarted).toContain('Ada');

    await node.setPreview('previewid0123456789abcdef', bundle.cid);
    const preview = await fetch(`${node.httpUrl}/preview/previewid0123456789abcdef/`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('x-robots-tag')).toContain('noindex');
    // Its data is its own: the live app's entry is not in the preview.
    expect(await preview.text()).not.toContain('Ada');
    expect((await fetch(`${node.httpUrl}/preview/unknownpreview0000000000/`)).status).toBe(404);
    await expect(node.setPreview('Bad Id!', bundle.cid)).rejects.toThrow(/id/);
    await stop();
  });
});
