/**
 * What crosses the wire between the IDE server that publishes and DAIOS nodes, and between nodes:
 * a publish request, a signed name record and the gossip announcement of one. Browser-free and
 * node-free (zod, multiformats, viem only), so the server, every node and tests share one copy.
 */
import { CID } from 'multiformats/cid';
import { getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { MANIFEST_PATH, ZAppName, ZAssetPath } from '@/blocks/core/bundle';

/** At most this many files in one bundle; far above what the compiler writes. */
export const MAX_BUNDLE_FILES = 10_000;

/**
 * A CIDv1 in its canonical string form (base32 `bafy...`). One spelling per CID, because the
 * string is part of what gets signed: the same content must never need two signatures.
 */
export const ZCidString = z.string().refine(
  (value) => {
    try {
      const cid = CID.parse(value);
      return cid.version === 1 && cid.toString() === value;
    } catch {
      return false;
    }
  },
  { message: 'must be a CIDv1 in base32 (bafy...)' },
);

/** An EVM address, any letter case in, checksummed out, so comparisons are plain `===`. */
export const ZAddress = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { message: 'must be a 0x-prefixed 20-byte address' })
  .transform((value) => getAddress(value));

/** A 65-byte secp256k1 signature (r, s, v) as 0x-hex, what viem's `signMessage` returns. */
export const ZSignature = z
  .string()
  .regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte signature in 0x-hex')
  .transform((value) => value as `0x${string}`);

/**
 * A file's path inside a bundle: `manifest.json` or an asset path (relative, `/`-separated names
 * of letters, digits and `_ . : -`, never `.` or `..`), so no file can escape the bundle's
 * directory wherever it is written.
 */
export const ZBundlePath = z.union([z.literal(MANIFEST_PATH), ZAssetPath]);

/** The publisher's statement "I publish this CID": what travels with a bundle from node to node. */
export const ZBundleSignature = z.object({
  cid: ZCidString,
  publisher: ZAddress,
  signature: ZSignature,
});
export type TBundleSignature = z.infer<typeof ZBundleSignature>;

/** `POST /control/publish`: the bundle's files (path -> base64), its CID and the publisher's signature. */
export const ZPublishRequest = ZBundleSignature.extend({
  files: z
    .record(ZBundlePath, z.base64())
    .refine((files) => Object.keys(files).length <= MAX_BUNDLE_FILES, { message: `at most ${MAX_BUNDLE_FILES} files` })
    .refine((files) => Object.hasOwn(files, MANIFEST_PATH), { message: `must contain ${MANIFEST_PATH}` }),
});
export type TPublishRequest = z.infer<typeof ZPublishRequest>;
export type TPublishRequestInput = z.input<typeof ZPublishRequest>;

/**
 * `name` points at `cid`; revision `seq` (1, 2, ...) signed by `owner`. The first record seen for a
 * name claims it; later ones must come from the same owner with a higher `seq`. A rollback is a new
 * record pointing at an older CID with a higher `seq`.
 */
export const ZNameRecord = z.object({
  name: ZAppName,
  cid: ZCidString,
  owner: ZAddress,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  signature: ZSignature,
});
export type TNameRecord = z.infer<typeof ZNameRecord>;
export type TNameRecordInput = z.input<typeof ZNameRecord>;

/**
 * A request only the owner of `name` may make, signed by them at `issuedAt` (ms since 1970): a node
 * checks the signer against the name's current record, and refuses one it has seen, or one too
 * old, so a request caught on the way cannot be played again later.
 */
export const ZOwnerRequest = z.object({
  name: ZAppName,
  owner: ZAddress,
  issuedAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  signature: ZSignature,
});
export type TOwnerRequest = z.infer<typeof ZOwnerRequest>;

/**
 * `PUT /control/apps/<name>/secrets`: the whole set of the app's secrets (values are checked by the
 * node: names, sizes, count), signed by the name's owner over their digest (appSecretsDigest).
 */
export const ZSignedAppSecrets = ZOwnerRequest.extend({ secrets: z.record(z.string(), z.string()) }).strict();
export type TSignedAppSecrets = z.infer<typeof ZSignedAppSecrets>;

/** `POST /control/names/<name>/unpublish`: take the app off the node, signed by the name's owner. */
export const ZUnpublishRequest = ZOwnerRequest.strict();
export type TUnpublishRequest = z.infer<typeof ZUnpublishRequest>;

/** The gossip topic on which nodes announce name records. */
export const NAMES_TOPIC = 'daios/names/v1';

/**
 * What a node announces on {@link NAMES_TOPIC}: the record plus the publisher's signature of the
 * bundle it points at, so a receiving node can check both before it fetches a byte.
 */
export const ZNameAnnouncement = z
  .object({
    type: z.literal('name-record'),
    version: z.literal(1),
    record: ZNameRecord,
    bundle: ZBundleSignature,
  })
  .refine((a) => a.record.cid === a.bundle.cid, { message: 'record and bundle name different CIDs', path: ['bundle', 'cid'] });
export type TNameAnnouncement = z.infer<typeof ZNameAnnouncement>;
