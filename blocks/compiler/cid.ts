/**
 * The content address of a bundle: the IPFS CIDv1 of its directory, computed exactly as Helia's
 * `unixfs(helia).addAll(files, { wrapWithDirectory: true })` computes it. A DAIOS node stores a
 * bundle with `importBundle` (or `addAll` with BUNDLE_IMPORTER_OPTIONS), so the CID the IDE shows
 * before publishing is the CID the network serves. Browser-safe.
 */
import { MemoryBlockstore } from 'blockstore-core/memory';
import { importer, type ImporterOptions } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import type { CID } from 'multiformats/cid';
import { compareCodeUnits } from './canonical-json';

/**
 * Every importer setting that changes a CID, pinned. The values are @helia/unixfs 8's defaults
 * (CIDv1, raw leaves, 1 MiB chunks, balanced layout of up to 1,024 children; "Filecoin"
 * settings, not the importer's own 256 KiB / 174) plus the importer 17 defaults Helia does not
 * override (HAMT sharding of a directory once its links pass 256 KiB, 8 fanout bits, ...).
 * Pinned rather than inherited so that a library upgrade cannot silently move every app's CID:
 * when it should, change it here, on purpose, and the golden CIDs in the tests with it.
 *
 * Pass a copy (`{ ...BUNDLE_IMPORTER_OPTIONS }`): the importer may write into its options.
 */
export const BUNDLE_IMPORTER_OPTIONS = Object.freeze({
  cidVersion: 1,
  rawLeaves: true,
  leafType: 'file',
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 1_048_576 }),
  layout: balanced({ maxChildrenPerNode: 1_024 }),
  shardSplitThresholdBytes: 262_144,
  shardSplitStrategy: 'links-bytes',
  shardFanoutBits: 8,
  fieldOrder: 'links-first',
  wrapWithDirectory: true,
} as const satisfies ImporterOptions);

/** The blocks a bundle is written to: any blockstore (Helia's, a file store, memory). */
export type TBundleBlockstore = Parameters<typeof importer>[1];

/**
 * Writes the bundle's blocks to `blockstore` and returns the directory's CID. Paths are fed in
 * sorted order (the CID does not depend on the Map's order).
 */
export async function importBundle(files: ReadonlyMap<string, Uint8Array>, blockstore: TBundleBlockstore): Promise<CID> {
  const paths = [...files.keys()].sort(compareCodeUnits);
  if (paths.length === 0) throw new Error('A bundle has at least one file (manifest.json).');
  const candidates = paths.map((path) => ({ path, content: files.get(path)! }));
  let root: CID | undefined;
  for await (const entry of importer(candidates, blockstore, { ...BUNDLE_IMPORTER_OPTIONS })) {
    // With wrapWithDirectory the wrapping directory comes last, with the empty path.
    if (entry.path === '') root = entry.cid;
  }
  if (!root) throw new Error('The importer produced no directory for the bundle.');
  return root;
}

/** The bundle's CID, computed in memory (nothing is stored). */
export async function bundleCid(files: ReadonlyMap<string, Uint8Array>): Promise<CID> {
  return importBundle(files, new MemoryBlockstore());
}
