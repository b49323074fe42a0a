/**
 * Everything a node checks before it stores a bundle, as pure functions over the bundle's files:
 * the same checks run for a bundle published to this node and for one fetched from a peer.
 * Nothing here writes anywhere; each refusal is a DaiosError with its own code.
 */
import { createHash } from 'node:crypto';
import { MANIFEST_PATH, ZManifest, type TManifest } from '@/blocks/core/bundle';
import { bundleCid } from '@/blocks/compiler/cid';
import { decodeBase64 } from '@/runtime/protocol/base64';
import { ZPublishRequest, type TBundleSignature, type TPublishRequest } from '@/runtime/protocol/schemas';
import { verifyBundleSignature } from '@/runtime/protocol/signing';
import { DaiosError, describeZodError } from './errors';

/** Whether this node can run a block `type@version` (e.g. `"filter@1"`). */
export type TBlockSupport = (key: string) => boolean;

export interface TVerifiedBundle {
  cid: string;
  manifest: TManifest;
  /** path -> bytes, manifest.json included. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Total bytes of all files. */
  bytes: number;
}

export interface TVerifyOptions {
  supportsBlock: TBlockSupport;
  /** Refuse bundles whose files add up to more than this. */
  maxBundleBytes: number;
}

/** Parses and fully verifies a publish request. Returns the request and its decoded, checked bundle. */
export async function verifyPublishRequest(
  input: unknown,
  options: TVerifyOptions,
): Promise<{ request: TPublishRequest; bundle: TVerifiedBundle }> {
  const parsed = ZPublishRequest.safeParse(input);
  if (!parsed.success) throw new DaiosError('invalid_request', `invalid publish request: ${describeZodError(parsed.error)}`);
  const request = parsed.data;

  const files = new Map<string, Uint8Array>();
  let bytes = 0;
  for (const [path, base64] of Object.entries(request.files)) {
    const content = decodeBase64(base64);
    bytes += content.byteLength;
    if (bytes > options.maxBundleBytes) throw bundleTooLarge(options.maxBundleBytes);
    files.set(path, content);
  }

  // The signature first: it costs one ecrecover, where recomputing the CID hashes every byte.
  await assertPublisherSigned(request);
  const bundle = await verifyBundleFiles(request.cid, files, options);
  return { request, bundle };
}

export async function assertPublisherSigned(signed: TBundleSignature): Promise<void> {
  if (!(await verifyBundleSignature(signed))) throw new DaiosError('bad_signature', "signature is not the publisher's");
}

/**
 * Checks a bundle's files against its claimed CID, its manifest and this node's blocks: the same
 * directory CID when imported with the compiler's importer settings, a manifest that parses, an
 * asset list that matches the files byte for byte, and only blocks this node can run.
 */
export async function verifyBundleFiles(
  cid: string,
  files: ReadonlyMap<string, Uint8Array>,
  options: TVerifyOptions,
): Promise<TVerifiedBundle> {
  let bytes = 0;
  for (const content of files.values()) bytes += content.byteLength;
  if (bytes > options.maxBundleBytes) throw bundleTooLarge(options.maxBundleBytes);

  if (files.size === 0 || (await bundleCid(files)).toString() !== cid) {
    throw new DaiosError('content_mismatch', 'content does not match its CID');
  }
  const manifest = parseManifest(files);
  assertAssetsMatch(manifest, files);
  assertBlocksSupported(manifest, options.supportsBlock);
  return { cid, manifest, files, bytes };
}

export function parseManifest(files: ReadonlyMap<string, Uint8Array>): TManifest {
  const raw = files.get(MANIFEST_PATH);
  if (!raw) throw new DaiosError('manifest_invalid', `${MANIFEST_PATH} is missing`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new DaiosError('manifest_invalid', `${MANIFEST_PATH} is not valid JSON`);
  }
  const parsed = ZManifest.safeParse(json);
  if (!parsed.success) throw new DaiosError('manifest_invalid', `${MANIFEST_PATH}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

function assertAssetsMatch(manifest: TManifest, files: ReadonlyMap<string, Uint8Array>): void {
  // ZManifest already holds: asset paths are unique and every code/data reference is listed.
  const listed = new Set<string>();
  for (const asset of manifest.assets) {
    listed.add(asset.path);
    const content = files.get(asset.path);
    if (!content) throw new DaiosError('assets_mismatch', `asset ${asset.path} is listed in the manifest but missing from the bundle`);
    if (content.byteLength !== asset.bytes) {
      throw new DaiosError('assets_mismatch', `asset ${asset.path} is ${content.byteLength} bytes; the manifest says ${asset.bytes}`);
    }
    if (createHash('sha256').update(content).digest('hex') !== asset.sha256) {
      throw new DaiosError('assets_mismatch', `asset ${asset.path} does not match its SHA-256 in the manifest`);
    }
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_PATH && !listed.has(path)) {
      throw new DaiosError('assets_mismatch', `file ${path} is not listed in the manifest`);
    }
  }
}

function assertBlocksSupported(manifest: TManifest, supportsBlock: TBlockSupport): void {
  const listed = new Set(manifest.blocks);
  for (const key of manifest.blocks) {
    if (!supportsBlock(key)) throw new DaiosError('block_unsupported', `block ${key} is not supported by this node`);
  }
  // A node the list leaves out would skip the check above: every node must be listed.
  for (const node of manifest.nodes) {
    const key = `${node.type}@${node.version}`;
    if (!listed.has(key))
      throw new DaiosError('manifest_invalid', `${MANIFEST_PATH}: node ${node.id} uses ${key}, which blocks does not list`);
  }
}

function bundleTooLarge(limit: number): DaiosError {
  return new DaiosError('bundle_too_large', `bundle is larger than this node accepts (${Math.floor(limit / (1024 * 1024))} MB)`);
}
