/**
 * The bundle contract: what the compiler writes, what a DAIOS node verifies, stores and runs.
 * A bundle is a directory: `manifest.json` plus the assets it lists. The same graph always gives
 * the same bytes, so the same CID (IPFS CIDv1 of the directory, as Helia/UnixFS computes it).
 * Versioned: a node refuses a manifest version it does not know.
 *
 * `manifest.json` is canonical JSON (blocks/compiler/canonical-json.ts): keys sorted at every
 * depth, two-space indentation, a final newline. Lists are in a defined order: nodes by id,
 * edges by (source, sourcePort, target, targetPort), triggers by node id, `blocks`,
 * `capabilities` and assets sorted, page elements in reading order. Canvas positions are not in
 * it, so moving a block changes the bytes only when it changes the page's reading order.
 */
import { z } from 'zod';
import { CAPABILITIES, type TBlockDefinition } from './block';
import type { TDiagnostic } from './diagnostics';

export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

/** Lowercase letters, digits and dashes, 3-63 characters, as in a DNS label. */
/**
 * How long a node keeps the data of an app its owner took offline (the name stays reserved for
 * them meanwhile): the IDE says so before it asks. A node may be configured otherwise.
 */
export const APP_DATA_GRACE_DAYS = 7;

export const ZAppName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be 3-63 lowercase letters, digits or dashes, not starting or ending with a dash');

export const APP_TITLE_MAX = 200;

const PATH_SEGMENT = /^[A-Za-z0-9_.:-]+$/;

/** A relative path inside the bundle: `/`-separated names of letters, digits and `_ . : -`; no `.` or `..`. */
export const ZAssetPath = z
  .string()
  .max(400)
  .refine(
    (path) => path.split('/').every((segment) => PATH_SEGMENT.test(segment) && segment !== '.' && segment !== '..'),
    'must be a relative path of names made of letters, digits and _ . : - (no "." or "..")',
  )
  .refine((path) => path !== MANIFEST_PATH, `must not be ${MANIFEST_PATH}`);

export const ZManifestNode = z.object({
  id: z.string(),
  type: z.string(),
  version: z.number().int().min(1),
  /**
   * The parsed config (defaults applied), without the fields listed in `code` and `data`: their
   * text lives in an asset. `restoreNodeConfig` puts it back.
   */
  config: z.record(z.string(), z.unknown()),
  /** User code (config fields with `widget: 'code'`): field -> asset path, `code/<nodeId>/<field>.js`. */
  code: z.record(z.string(), ZAssetPath).optional(),
  /** Uploaded data (the Dataset block's file): field -> asset path, `data/<nodeId>.<csv|json>`. */
  data: z.record(z.string(), ZAssetPath).optional(),
});
export type TManifestNode = z.infer<typeof ZManifestNode>;

export const ZManifestEdge = z.object({
  source: z.string(),
  sourcePort: z.string(),
  target: z.string(),
  targetPort: z.string(),
});

/** An endpoint of the app's API, served at /apps/<name>/api/<path>. Paths are unique in an app. */
export const ZEndpoint = z.object({
  path: z
    .string()
    .regex(PATH_SEGMENT)
    .refine((path) => !/^\.+$/.test(path), 'must not be only dots'),
  method: z.enum(['GET', 'POST']),
});
export type TEndpointSpec = z.infer<typeof ZEndpoint>;

const triggerBase = {
  /** The block that starts the run. */
  nodeId: z.string(),
  /** Node ids in execution order for a run started here (the trigger first). */
  steps: z.array(z.string()),
};

/** One per block that starts runs, sorted by node id. */
export const ZTrigger = z.discriminatedUnion('kind', [
  /** Started by the app's owner (the editor's Run button, a dashboard), never by visitors. */
  z.object({ kind: z.literal('manual'), ...triggerBase }),
  /** An HTTP trigger block: its configured path and method. */
  z.object({ kind: z.literal('http'), ...triggerBase, http: ZEndpoint }),
  /** Forms and buttons on the page post to their node id: /apps/<name>/api/<nodeId>, POST. */
  z.object({ kind: z.literal('form'), ...triggerBase, http: ZEndpoint }),
  z.object({ kind: z.literal('button'), ...triggerBase, http: ZEndpoint }),
  /** Runs every `everyMs` milliseconds; the hosting node keeps the clock. */
  z.object({ kind: z.literal('schedule'), ...triggerBase, everyMs: z.number().int().positive() }),
]);
export type TTrigger = z.infer<typeof ZTrigger>;
export type TTriggerKind = TTrigger['kind'];

/**
 * The manifest entry of a block that starts runs, from its trigger trait (blocks/core/block.ts);
 * undefined when it has none (it starts runs in the editor only). The compiler writes it and a
 * node checks the manifest against it.
 */
export function triggerEntry(
  definition: Pick<TBlockDefinition, 'trigger'>,
  nodeId: string,
  config: Record<string, unknown>,
  steps: string[],
): TTrigger | undefined {
  const trait = definition.trigger;
  switch (trait?.kind) {
    case undefined:
      return undefined;
    case 'manual':
      return { kind: trait.kind, nodeId, steps };
    case 'form':
    case 'button':
      return { kind: trait.kind, nodeId, steps, http: { path: nodeId, method: 'POST' } };
    case 'http':
      return { kind: trait.kind, nodeId, steps, http: trait.endpoint(config) };
    case 'schedule':
      return { kind: trait.kind, nodeId, steps, everyMs: trait.everyMs(config) };
  }
}

/** A UI block on the page, in reading order. Forms and buttons are also triggers (same node id). */
export const ZPageElement = z.object({
  nodeId: z.string(),
  type: z.string(),
  version: z.number().int(),
});

export const ZAsset = z.object({
  path: ZAssetPath,
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TAsset = z.infer<typeof ZAsset>;

export const ZManifest = z
  .object({
    manifestVersion: z.literal(MANIFEST_VERSION),
    app: z.object({ name: ZAppName, title: z.string().max(APP_TITLE_MAX) }),
    /** Every block `type@version` the app uses, sorted. A node refuses versions it cannot run. */
    blocks: z.array(z.string()),
    nodes: z.array(ZManifestNode),
    edges: z.array(ZManifestEdge),
    triggers: z.array(ZTrigger),
    /**
     * The run for blocks that no trigger reaches and whose results are not only used by trigger
     * runs (a Dataset feeding a Chart in a flow without a trigger): run when a visitor opens the
     * page. They get no visitor input, so a node may cache the result. Often empty.
     */
    load: z.object({ steps: z.array(z.string()) }),
    page: z.object({ title: z.string().max(APP_TITLE_MAX), elements: z.array(ZPageElement) }),
    capabilities: z.array(z.enum(CAPABILITIES)),
    /** Every other file of the bundle, sorted by path, with its size and SHA-256 (hex). */
    assets: z.array(ZAsset),
  })
  .superRefine((manifest, ctx) => {
    // What a node can check without the files: every reference points at something listed.
    const nodeIds = new Set(manifest.nodes.map((n) => n.id));
    const assetPaths = new Set(manifest.assets.map((a) => a.path));
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    manifest.nodes.forEach((node, i) => {
      for (const kind of ['code', 'data'] as const) {
        for (const [field, path] of Object.entries(node[kind] ?? {})) {
          if (!assetPaths.has(path)) problem(['nodes', i, kind, field], `asset "${path}" is not listed in assets`);
        }
      }
    });
    manifest.edges.forEach((edge, i) => {
      if (!nodeIds.has(edge.source)) problem(['edges', i, 'source'], `unknown node "${edge.source}"`);
      if (!nodeIds.has(edge.target)) problem(['edges', i, 'target'], `unknown node "${edge.target}"`);
    });
    const endpoints = new Set<string>();
    manifest.triggers.forEach((trigger, i) => {
      if (!nodeIds.has(trigger.nodeId)) problem(['triggers', i, 'nodeId'], `unknown node "${trigger.nodeId}"`);
      trigger.steps.forEach((id, j) => {
        if (!nodeIds.has(id)) problem(['triggers', i, 'steps', j], `unknown node "${id}"`);
      });
      if ('http' in trigger) {
        if (endpoints.has(trigger.http.path)) problem(['triggers', i, 'http', 'path'], `endpoint "${trigger.http.path}" is used twice`);
        endpoints.add(trigger.http.path);
      }
    });
    manifest.load.steps.forEach((id, j) => {
      if (!nodeIds.has(id)) problem(['load', 'steps', j], `unknown node "${id}"`);
    });
    manifest.page.elements.forEach((element, i) => {
      if (!nodeIds.has(element.nodeId)) problem(['page', 'elements', i, 'nodeId'], `unknown node "${element.nodeId}"`);
    });
    if (manifest.assets.some((asset, i) => i > 0 && manifest.assets[i - 1]!.path >= asset.path)) {
      problem(['assets'], 'must be sorted by path, each path once');
    }
  });
export type TManifest = z.infer<typeof ZManifest>;

/** What the compiler returns: the bundle's files (path -> bytes) or the reasons it could not. */
export type TCompileResult =
  { ok: true; manifest: TManifest; files: Map<string, Uint8Array>; diagnostics: TDiagnostic[] } | { ok: false; diagnostics: TDiagnostic[] };

/**
 * A node's full config as the block's executor expects it: the manifest's config with the text
 * of its `code` and `data` assets put back (UTF-8). Throws when an asset is missing or not
 * UTF-8; the block's config schema should still parse the result before a run.
 */
export function restoreNodeConfig(node: TManifestNode, files: ReadonlyMap<string, Uint8Array>): Record<string, unknown> {
  const config: Record<string, unknown> = { ...node.config };
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (const moved of [node.code, node.data]) {
    for (const [field, path] of Object.entries(moved ?? {})) {
      const bytes = files.get(path);
      if (!bytes) throw new Error(`Block "${node.id}": the bundle has no file "${path}" for its ${field}.`);
      config[field] = decoder.decode(bytes);
    }
  }
  return config;
}
