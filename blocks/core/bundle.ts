/**
 * The bundle contract: what the compiler writes, what a DAIOS node verifies, stores and runs.
 * A bundle is a directory: `manifest.json` plus the assets it lists. The same graph always gives
 * the same bytes, so the same CID (IPFS CIDv1 of the directory, as Helia/UnixFS computes it).
 * Versioned: a node refuses a manifest version it does not know.
 */
import { z } from 'zod';
import { CAPABILITIES } from './block';
import { ZDiagnostic } from './diagnostics';

export const MANIFEST_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

/** Lowercase letters, digits and dashes, 3-63 characters, as in a DNS label. */
export const ZAppName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/, 'must be 3-63 lowercase letters, digits or dashes, not starting or ending with a dash');

export const ZManifestNode = z.object({
  id: z.string(),
  type: z.string(),
  version: z.number().int().min(1),
  /** The parsed config (defaults applied), with code fields moved to assets (see `code`). */
  config: z.record(z.string(), z.unknown()),
  /** Config fields whose text lives in an asset: field -> asset path. */
  code: z.record(z.string(), z.string()).optional(),
});

export const ZManifestEdge = z.object({
  source: z.string(),
  sourcePort: z.string(),
  target: z.string(),
  targetPort: z.string(),
});

export const ZTrigger = z.object({
  /** The block that starts the run. */
  nodeId: z.string(),
  kind: z.enum(['manual', 'http', 'form', 'button', 'schedule']),
  /** Node ids in execution order for a run started here. */
  steps: z.array(z.string()),
  /** HTTP triggers: served at /apps/<name>/api/<path>. Forms and buttons post to /apps/<name>/api/<nodeId>. */
  http: z.object({ path: z.string(), method: z.enum(['GET', 'POST']) }).optional(),
  /** Schedules: the interval in milliseconds. */
  everyMs: z.number().int().positive().optional(),
});

/** A UI block on the page, in reading order; `trigger` links forms and buttons to their runs. */
export const ZPageElement = z.object({
  nodeId: z.string(),
  type: z.string(),
  version: z.number().int(),
});

export const ZManifest = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  app: z.object({ name: ZAppName, title: z.string() }),
  /** Every block `type@version` the app uses, sorted. A node refuses versions it cannot run. */
  blocks: z.array(z.string()),
  nodes: z.array(ZManifestNode),
  edges: z.array(ZManifestEdge),
  triggers: z.array(ZTrigger),
  page: z.object({ title: z.string(), elements: z.array(ZPageElement) }),
  capabilities: z.array(z.enum(CAPABILITIES)),
  /** Every other file of the bundle, sorted by path, with its size and SHA-256 (hex). */
  assets: z.array(z.object({ path: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type TManifest = z.infer<typeof ZManifest>;

/** What the compiler returns: the bundle's files (path -> bytes) or the reasons it could not. */
export type TCompileResult =
  | { ok: true; manifest: TManifest; files: Map<string, Uint8Array>; diagnostics: z.infer<typeof ZDiagnostic>[] }
  | { ok: false; diagnostics: z.infer<typeof ZDiagnostic>[] };
