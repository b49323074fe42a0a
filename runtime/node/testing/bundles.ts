/**
 * Test bundles, made by the real compiler from the starter templates, plus helpers to break one
 * in exactly one way (its manifest, its bytes, its signature) while every other check still passes.
 */
import { createHash } from 'node:crypto';
import { privateKeyToAccount } from 'viem/accounts';
import { MANIFEST_PATH, type TManifest } from '@/blocks/core/bundle';
import { compileBundle } from '@/blocks/compiler/bundle';
import { canonicalJson } from '@/blocks/compiler/canonical-json';
import { bundleCid } from '@/blocks/compiler/cid';
import { findTemplate } from '@/blocks/templates';
import type { TPublishRequest } from '@/runtime/protocol/schemas';
import { createPublishRequest, signNameRecord, type TMessageSigner } from '@/runtime/protocol/signing';

/** Fixed keys (never use these anywhere real). */
export const alice = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
export const bob = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e97e87b0a2f4f2fd5f6f0f5e1a');

export interface TTestBundle {
  cid: string;
  files: Map<string, Uint8Array>;
  manifest: TManifest;
}

/** A template compiled under `appName`. `csv-chart` has nested files (code/..., data/...). */
export async function compiledBundle(appName: string, templateId = 'csv-chart'): Promise<TTestBundle> {
  const template = findTemplate(templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  const result = compileBundle(template.graph, { appName });
  if (!result.ok) throw new Error(`template ${templateId} does not compile: ${JSON.stringify(result.diagnostics)}`);
  return { cid: (await bundleCid(result.files)).toString(), files: result.files, manifest: result.manifest };
}

/** The same files with manifest.json replaced (as canonical JSON, or as raw text), and the new CID. */
export async function withManifest(bundle: TTestBundle, manifest: unknown): Promise<TTestBundle> {
  const files = new Map(bundle.files);
  const text = typeof manifest === 'string' ? manifest : canonicalJson(manifest);
  files.set(MANIFEST_PATH, new TextEncoder().encode(text));
  return { cid: (await bundleCid(files)).toString(), files, manifest: bundle.manifest };
}

/** The same files with one asset replaced, its manifest entry updated to match, and the new CID. */
export async function withAsset(bundle: TTestBundle, path: string, content: Uint8Array): Promise<TTestBundle> {
  const manifest: TManifest = {
    ...bundle.manifest,
    assets: bundle.manifest.assets.map((asset) =>
      asset.path === path ? { path, bytes: content.byteLength, sha256: createHash('sha256').update(content).digest('hex') } : asset,
    ),
  };
  const next = await withManifest(bundle, manifest);
  next.files.set(path, content);
  return { cid: (await bundleCid(next.files)).toString(), files: next.files, manifest };
}

export function publishRequest(account: TMessageSigner, bundle: Pick<TTestBundle, 'cid' | 'files'>): Promise<TPublishRequest> {
  return createPublishRequest(account, bundle.cid, bundle.files);
}

export function nameRecord(account: TMessageSigner, name: string, cid: string, seq: number) {
  return signNameRecord(account, { name, cid, seq });
}
