/**
 * Compiles a graph into a bundle: `manifest.json` plus the assets it lists (user code, uploaded
 * datasets). Deterministic: the same graph gives the same bytes whatever the order of its nodes
 * and edges, and canvas positions count only for the page's reading order. The CID is computed
 * from the files by `bundleCid` (./cid.ts). Browser-safe and synchronous.
 *
 * Refusals are Diagnostics, as everywhere: graph problems from validateGraph, plus a bad app
 * name (`path: 'appName'`), two triggers answering at the same HTTP path, a block that starts
 * runs but cannot be deployed yet, and node ids that cannot name a file.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { startsRun, type TBlockDefinition } from '@/blocks/core/block';
import {
  APP_TITLE_MAX,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  ZAppName,
  type TAsset,
  type TCompileResult,
  type TManifest,
  type TManifestNode,
  triggerEntry,
  type TTrigger,
} from '@/blocks/core/bundle';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TGraphEdge, TGraphNode } from '@/blocks/core/graph';
import type { TBlockRegistry } from '@/blocks/core/registry';
import { blockRegistry } from '@/blocks/registry';
import { CanonicalJsonError, canonicalJson, compareCodeUnits } from './canonical-json';
import { planRun, PlanError } from './plan';
import { configJsonSchema, hasErrors, validateGraph, type TValidatedGraph } from './validate';

export interface TCompileOptions {
  /** The app's name on the network (a DNS label, see ZAppName). */
  appName: string;
  /** Shown as the page title (trimmed); defaults to the app name. */
  title?: string;
  /** Defaults to every block Poseidon ships. */
  registry?: TBlockRegistry;
}

const CODE_EXTENSIONS: Readonly<Record<string, string>> = { javascript: 'js', typescript: 'ts', json: 'json', sql: 'sql' };

export function compileBundle(graph: unknown, options: TCompileOptions): TCompileResult {
  return compileValidated(validateGraph(graph, options.registry ?? blockRegistry), options);
}

/** The same, for a graph already checked by validateGraph (its diagnostics are included). */
export function compileValidated(validated: TValidatedGraph, options: Omit<TCompileOptions, 'registry'>): TCompileResult {
  const diagnostics: TDiagnostic[] = [...validated.diagnostics];
  const appName = ZAppName.safeParse(options.appName);
  if (!appName.success) {
    diagnostics.push({
      severity: 'error',
      code: 'invalid_app_name',
      message: `App name "${options.appName}" ${appName.error.issues[0]?.message ?? 'is not valid'}.`,
      path: 'appName',
    });
  }
  const title = options.title?.trim() || options.appName;
  if (title.length > APP_TITLE_MAX) {
    diagnostics.push({
      severity: 'error',
      code: 'invalid_title',
      message: `The title must be at most ${APP_TITLE_MAX} characters.`,
      path: 'title',
    });
  }

  // Canvas blocks (notes) are not part of the app. Everything else is listed in id order.
  const nodes = validated.graph.nodes
    .filter((node) => validated.definitions.get(node.id)?.category !== 'canvas')
    .sort((a, b) => compareCodeUnits(a.id, b.id));
  const included = new Set(nodes.map((n) => n.id));
  const definitionOf = (id: string) => validated.definitions.get(id)!;
  const configOf = (id: string) => validated.configs.get(id) as Record<string, unknown> | undefined;

  for (const node of nodes) {
    if (/^\.+$/.test(node.id)) {
      diagnostics.push({
        severity: 'error',
        code: 'reserved_node_id',
        message: `The block id "${node.id}" cannot name a file or an address of the app; rename the block.`,
        nodeId: node.id,
        path: 'id',
      });
    }
  }
  const triggerNodes = nodes.filter((node) => validated.definitions.has(node.id) && startsRun(definitionOf(node.id)));
  diagnostics.push(...triggerProblems(triggerNodes, definitionOf, configOf));

  if (hasErrors(diagnostics)) return { ok: false, diagnostics };

  const files = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  const manifestNodes = nodes.map((node) => bundleNode(node, definitionOf(node.id), configOf(node.id) ?? {}, files, encoder));

  // Plans do not depend on canvas positions or node order (plan.ts), so moving a block never changes the bundle.
  const planning = validated;
  const triggers: TTrigger[] = [];
  for (const node of triggerNodes) {
    try {
      triggers.push(triggerEntry(definitionOf(node.id), node.id, configOf(node.id) ?? {}, planRun(planning, node.id).steps)!);
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      diagnostics.push({ severity: 'error', code: 'cannot_plan', message: error.message, nodeId: node.id });
    }
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };

  const assetPaths = [...files.keys()].sort(compareCodeUnits);
  const assets: TAsset[] = assetPaths.map((path) => {
    const bytes = files.get(path)!;
    return { path, bytes: bytes.length, sha256: bytesToHex(sha256(bytes)) };
  });
  const definitions = nodes.map((node) => definitionOf(node.id));
  const manifest: TManifest = {
    manifestVersion: MANIFEST_VERSION,
    app: { name: options.appName, title },
    blocks: [...new Set(definitions.map((d) => `${d.type}@${d.version}`))].sort(compareCodeUnits),
    nodes: manifestNodes,
    edges: validated.graph.edges
      .filter((edge) => included.has(edge.source) && included.has(edge.target))
      .map(({ source, sourcePort, target, targetPort }) => ({ source, sourcePort, target, targetPort }))
      .sort(compareEdges),
    triggers,
    load: { steps: loadSteps(planning, triggers) },
    page: {
      title,
      elements: nodes
        .filter((node) => definitionOf(node.id).category === 'ui')
        .sort(readingOrder)
        .map((node) => ({ nodeId: node.id, type: node.type, version: node.version })),
    },
    capabilities: [...new Set(definitions.flatMap((d) => d.capabilities))].sort(compareCodeUnits),
    assets,
  };

  let text: string;
  try {
    text = canonicalJson(manifest);
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    return { ok: false, diagnostics: [...diagnostics, unserializable(error, manifestNodes)] };
  }
  const bundle = new Map<string, Uint8Array>([[MANIFEST_PATH, encoder.encode(text)]]);
  for (const path of assetPaths) bundle.set(path, files.get(path)!);
  return { ok: true, manifest, files: bundle, diagnostics };
}

/** The manifest entry of a node; code and data fields move into `files`. */
function bundleNode(
  node: TGraphNode,
  definition: TBlockDefinition,
  parsed: Record<string, unknown>,
  files: Map<string, Uint8Array>,
  encoder: TextEncoder,
): TManifestNode {
  const config = { ...parsed };
  const entry: TManifestNode = { id: node.id, type: node.type, version: node.version, config };
  for (const [field, extension] of codeAssetFields(definition)) {
    const source = config[field];
    if (typeof source !== 'string') continue;
    const path = `code/${node.id}/${field}.${extension}`;
    files.set(path, encoder.encode(source));
    (entry.code ??= {})[field] = path;
    delete config[field];
  }
  const data = definition.dataFile;
  const content = data ? config[data.field] : undefined;
  if (data && typeof content === 'string') {
    const extension = data.extension(config);
    const path = `data/${node.id}.${typeof extension === 'string' && /^[a-z0-9]+$/.test(extension) ? extension : 'txt'}`;
    files.set(path, encoder.encode(content));
    entry.data = { [data.field]: path };
    delete config[data.field];
  }
  return entry;
}

const codeAssetFieldCache = new WeakMap<TBlockDefinition, [field: string, extension: string][]>();

/** Top-level config fields whose inspector widget is `code`, with the file extension of their language. */
export function codeAssetFields(definition: TBlockDefinition): [field: string, extension: string][] {
  let fields = codeAssetFieldCache.get(definition);
  if (!fields) {
    const schema = configJsonSchema(definition) as { properties?: Record<string, { widget?: unknown; language?: unknown }> };
    fields = Object.entries(schema.properties ?? {}).flatMap(([name, field]) =>
      field.widget === 'code'
        ? [[name, (typeof field.language === 'string' && CODE_EXTENSIONS[field.language]) || 'txt'] as [string, string]]
        : [],
    );
    codeAssetFieldCache.set(definition, fields);
  }
  return fields;
}

/** Blocks that start runs but cannot be deployed, and HTTP paths answered by more than one trigger. */
function triggerProblems(
  triggerNodes: readonly TGraphNode[],
  definitionOf: (id: string) => TBlockDefinition,
  configOf: (id: string) => Record<string, unknown> | undefined,
): TDiagnostic[] {
  const problems: TDiagnostic[] = [];
  const byPath = new Map<string, TGraphNode[]>();
  for (const node of triggerNodes) {
    const config = configOf(node.id);
    const endpoint = triggerEntry(definitionOf(node.id), node.id, config ?? {}, []);
    if (!endpoint) {
      problems.push({
        severity: 'error',
        code: 'unsupported_trigger',
        message: `${definitionOf(node.id).title} "${node.id}" starts runs in the editor but cannot start them in a deployed app yet.`,
        nodeId: node.id,
      });
      continue;
    }
    if (!config) continue; // its config is already reported
    if ('http' in endpoint) byPath.set(endpoint.http.path, [...(byPath.get(endpoint.http.path) ?? []), node]);
  }
  for (const [path, owners] of byPath) {
    if (owners.length < 2) continue;
    for (const node of owners) {
      const others = owners.filter((other) => other !== node).map((other) => `"${other.id}"`);
      problems.push({
        severity: 'error',
        code: 'duplicate_http_path',
        message:
          `${definitionOf(node.id).title} "${node.id}" answers at /api/${path}, as ${others.join(' and ')} ${others.length > 1 ? 'do' : 'does'}. ` +
          (node.type === 'http-trigger' ? 'Give it another path.' : 'Rename one of them.'),
        nodeId: node.id,
        path: node.type === 'http-trigger' ? 'config.path' : 'id',
      });
    }
  }
  return problems;
}

/**
 * Blocks no trigger reaches and whose results someone sees (they lead to a block with no
 * outgoing connection, such as a chart): the run when the page opens. A Constant that only feeds
 * a trigger's run is not in it.
 */
function loadSteps(planning: Pick<TValidatedGraph, 'graph' | 'definitions'>, triggers: readonly TTrigger[]): string[] {
  const { graph, definitions } = planning;
  const inTriggerRuns = new Set(triggers.flatMap((t) => t.steps));
  const reachedFromTriggers = new Set<string>();
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) {
    (outgoing.get(edge.source) ?? outgoing.set(edge.source, []).get(edge.source)!).push(edge.target);
    (incoming.get(edge.target) ?? incoming.set(edge.target, []).get(edge.target)!).push(edge.source);
  }
  const walk = (starts: Iterable<string>, next: Map<string, string[]>, seen: Set<string>) => {
    const queue = [...starts];
    for (const id of queue) seen.add(id);
    while (queue.length > 0) {
      for (const n of next.get(queue.pop()!) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
  };
  walk(
    triggers.map((t) => t.nodeId),
    outgoing,
    reachedFromTriggers,
  );
  const untriggered = graph.nodes
    .map((n) => n.id)
    .filter((id) => !reachedFromTriggers.has(id) && definitions.get(id)?.category !== 'canvas' && !inTriggerRuns.has(id));
  const sinks = untriggered.filter((id) => (outgoing.get(id) ?? []).length === 0);
  if (sinks.length === 0) return [];
  const needed = new Set<string>();
  walk(sinks, incoming, needed);
  return planRun(planning).steps.filter((id) => needed.has(id));
}

function compareEdges(a: Omit<TGraphEdge, 'id'>, b: Omit<TGraphEdge, 'id'>): number {
  return (
    compareCodeUnits(a.source, b.source) ||
    compareCodeUnits(a.sourcePort, b.sourcePort) ||
    compareCodeUnits(a.target, b.target) ||
    compareCodeUnits(a.targetPort, b.targetPort)
  );
}

/** Top to bottom, then left to right; ties by id. */
function readingOrder(a: TGraphNode, b: TGraphNode): number {
  return a.position.y - b.position.y || a.position.x - b.position.x || compareCodeUnits(a.id, b.id);
}

/** A config value that is not JSON (a block's schema produced a Date, say): named on its node. */
function unserializable(error: CanonicalJsonError, nodes: readonly TManifestNode[]): TDiagnostic {
  const match = /^nodes\[(\d+)\]\.(.*)$/.exec(error.path);
  const node = match ? nodes[Number(match[1])] : undefined;
  return {
    severity: 'error',
    code: 'unserializable_config',
    message: node ? `Block "${node.id}": ${match![2]}: ${error.problem}` : error.message,
    ...(node ? { nodeId: node.id, path: match![2] } : {}),
  };
}
