import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { bundleSigningMessage, nameSigningMessage } from './messages';
import { ZAddress, ZBundlePath, ZCidString, ZNameAnnouncement, ZNameRecord, ZPublishRequest } from './schemas';
import { createPublishRequest, signBundle, signNameRecord, verifyBundleSignature, verifyNameRecord } from './signing';

const alice = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const bob = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e97e87b0a2f4f2fd5f6f0f5e1a');
const CID_A = 'bafybeidfwljlkeohtq2jat6pu3ktl34vro3cgq2ox3tr3n2ovp72ajqmqu';
const CID_B = 'bafybeietbd2ayq5pi5jekghoti3xot7bhappb5ju33t4pmkbjqlg52e4oe';

describe('signed messages', () => {
  it('are fixed, versioned texts', () => {
    expect(bundleSigningMessage(CID_A)).toBe(`poseidon-bundle:v1:${CID_A}`);
    expect(nameSigningMessage('my-app', CID_A, 3)).toBe(`poseidon-name:v1:my-app:${CID_A}:3`);
  });
});

describe('bundle signatures', () => {
  it('verify for the publisher and the CID they signed, and for nothing else', async () => {
    const signed = await signBundle(alice, CID_A);
    expect(signed.publisher).toBe(alice.address);
    expect(await verifyBundleSignature(signed)).toBe(true);
    expect(await verifyBundleSignature({ ...signed, publisher: bob.address })).toBe(false);
    expect(await verifyBundleSignature({ ...signed, cid: CID_B })).toBe(false);
    expect(await verifyBundleSignature({ ...signed, signature: `0x${'00'.repeat(65)}` })).toBe(false);
  });

  it('a name signature is not a bundle signature (different message prefix)', async () => {
    const record = await signNameRecord(alice, { name: 'my-app', cid: CID_A, seq: 1 });
    expect(await verifyBundleSignature({ cid: CID_A, publisher: alice.address, signature: record.signature })).toBe(false);
  });

  it('builds a publish request the schema accepts', async () => {
    const files = new Map([
      ['manifest.json', new TextEncoder().encode('{}')],
      ['code/x/code.js', new Uint8Array([0, 1, 2, 255])],
    ]);
    const request = await createPublishRequest(alice, CID_A, files);
    const parsed = ZPublishRequest.parse(request);
    expect(decodeBase64(parsed.files['code/x/code.js']!)).toEqual(files.get('code/x/code.js'));
    expect(await verifyBundleSignature(parsed)).toBe(true);
  });
});

describe('name records', () => {
  it('verify for the owner over name, CID and seq', async () => {
    const record = await signNameRecord(alice, { name: 'my-app', cid: CID_A, seq: 2 });
    expect(ZNameRecord.parse(record)).toEqual(record);
    expect(await verifyNameRecord(record)).toBe(true);
    expect(await verifyNameRecord({ ...record, seq: 3 })).toBe(false);
    expect(await verifyNameRecord({ ...record, cid: CID_B })).toBe(false);
    expect(await verifyNameRecord({ ...record, name: 'other-app' })).toBe(false);
    expect(await verifyNameRecord({ ...record, owner: bob.address })).toBe(false);
  });

  it('must have a valid name, a seq of at least 1 and a canonical CIDv1', async () => {
    const record = await signNameRecord(alice, { name: 'my-app', cid: CID_A, seq: 1 });
    expect(ZNameRecord.safeParse({ ...record, seq: 0 }).success).toBe(false);
    expect(ZNameRecord.safeParse({ ...record, seq: 1.5 }).success).toBe(false);
    expect(ZNameRecord.safeParse({ ...record, name: 'My_App' }).success).toBe(false);
    expect(ZNameRecord.safeParse({ ...record, cid: 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG' }).success).toBe(false);
  });

  it('announcements must carry the bundle signature of the same CID', async () => {
    const record = await signNameRecord(alice, { name: 'my-app', cid: CID_A, seq: 1 });
    const announcement = { type: 'name-record', version: 1, record, bundle: await signBundle(alice, CID_A) };
    expect(ZNameAnnouncement.safeParse(announcement).success).toBe(true);
    expect(ZNameAnnouncement.safeParse({ ...announcement, bundle: await signBundle(alice, CID_B) }).success).toBe(false);
  });
});

describe('schemas', () => {
  it('normalise addresses to their checksum form', () => {
    expect(ZAddress.parse(alice.address.toLowerCase())).toBe(alice.address);
    expect(ZAddress.safeParse('0x1234').success).toBe(false);
  });

  it('accept only canonical base32 CIDv1 strings', () => {
    expect(ZCidString.safeParse(CID_A).success).toBe(true);
    expect(ZCidString.safeParse(CID_A.toUpperCase()).success).toBe(false);
    expect(ZCidString.safeParse('not-a-cid').success).toBe(false);
  });

  it('accept only bundle paths that stay inside the bundle', () => {
    for (const ok of ['manifest.json', 'code/node-1/code.js', 'data/d.csv']) expect(ZBundlePath.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../b', 'a//b', 'a/./b', 'a\\b', 'a/', 'sp ace.js']) {
      expect(ZBundlePath.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('requires manifest.json and base64 contents in a publish request', async () => {
    const signed = await signBundle(alice, CID_A);
    expect(ZPublishRequest.safeParse({ ...signed, files: { 'code/a.js': encodeBase64(new Uint8Array([1])) } }).success).toBe(false);
    expect(ZPublishRequest.safeParse({ ...signed, files: { 'manifest.json': 'not base64!' } }).success).toBe(false);
  });
});

describe('base64', () => {
  it('round-trips bytes', () => {
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 7) % 256);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });
});
