/**
 * From a verified bundle (manifest + files) to an app a node can run. Each node's full config is
 * rebuilt (user code and datasets put back from their assets), the whole graph is validated
 * again against this node's blocks, and each trigger's plan is checked against the manifest: a
 * node never runs a bundle that does not validate here, whatever the publisher's compiler said.
 * Loaded apps are cached per CID (a CID's content never changes).
 */
import { startsRun, type TBlockDefinition } from '@/blocks/core/block';
import { restoreNodeConfig, triggerEntry, ZManifest, type TManifest, type TTrigger } from '@/blocks/core/bundle';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TGraph } from '@/blocks/core/graph';
import type { TBlockRegistry } from '@/blocks/core/registry';
import { planRun, PlanError, type TRunPlan } from '@/blocks/compiler/plan';
import { hasErrors, validateGraph, type TValidatedGraph } from '@/blocks/compiler/validate';
import { blockRegistry } from '@/blocks/registry';
import { planPageLoad, type TPageLoadPlan } from './page-load';
import { LruCache } from './lru';

/** What a node hands over: a bundle it has verified (CID, signature, assets). */
export interface TAppBundle {
  cid: string;
  manifest: TManifest;
  /** path -> bytes (manifest.json may be among them). */
  files: ReadonlyMap<string, Uint8Array>;
}

export interface TLoadedTrigger {
  trigger: TTrigger;
  plan: TRunPlan;
  definition: TBlockDefinition;
  /** The trigger block's parsed config (form fields, HTTP fields, ...). */
  config: Record<string, unknown>;
}

export interface TPageElementModel {
  nodeId: string;
  type: string;
  version: number;
  definition: TBlockDefinition;
  /** Parsed config (defaults applied). */
  config: Record<string, unknown>;
  /** Forms and buttons: the trigger they start. */
  trigger?: TTrigger;
}

export interface TLoadedApp {
  cid: string;
  name: string;
  title: string;
  manifest: TManifest;
  validated: TValidatedGraph;
  /** By trigger node id. */
  triggers: ReadonlyMap<string, TLoadedTrigger>;
  /** Triggers answering at /api/<path> (HTTP endpoints, forms, buttons), by path. */
  endpoints: ReadonlyMap<string, TLoadedTrigger>;
  page: {
    title: string;
    /** In reading order. */
    elements: readonly TPageElementModel[];
    /** What runs when a visitor opens the page (see page-load.ts). */
    load: TPageLoadPlan;
  };
}

export class AppLoadError extends Error {
  override name = 'AppLoadError';
  constructor(
    message: string,
    readonly diagnostics: TDiagnostic[],
  ) {
    super(message);
  }
}

/** Rebuilds, validates and plans a bundle. Throws AppLoadError listing every problem found. */
export function loadApp(bundle: TAppBundle, registry: TBlockRegistry = blockRegistry): TLoadedApp {
  const problems: TDiagnostic[] = [];
  const problem = (code: string, message: string, nodeId?: string) =>
    problems.push({ severity: 'error', code, message, ...(nodeId ? { nodeId } : {}) });
  const refuse = () => {
    throw new AppLoadError(
      `The app ${bundle.manifest?.app?.name ?? ''} (${bundle.cid}) cannot run on this node: ${problems.map((p) => p.message).join(' ')}`,
      problems,
    );
  };

  const parsed = ZManifest.safeParse(bundle.manifest);
  if (!parsed.success) {
    problem('invalid_manifest', `The manifest is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`);
    refuse();
  }
  const manifest = parsed.data!;

  const nodes: TGraph['nodes'] = [];
  for (const node of manifest.nodes) {
    try {
      nodes.push({
        id: node.id,
        type: node.type,
        version: node.version,
        position: { x: 0, y: 0 },
        config: restoreNodeConfig(node, bundle.files),
      });
    } catch (error) {
      problem('missing_asset', error instanceof Error ? error.message : String(error), node.id);
    }
  }
  if (problems.length > 0) refuse();
  const graph: TGraph = {
    schemaVersion: 1,
    nodes,
    edges: manifest.edges.map((edge, i) => ({ id: `e${i + 1}`, ...edge })),
  };
  const validated = validateGraph(graph, registry);
  if (hasErrors(validated.diagnostics)) {
    problems.push(...validated.diagnostics.filter((d) => d.severity === 'error'));
    refuse();
  }
  const configOf = (id: string) => (validated.configs.get(id) ?? {}) as Record<string, unknown>;

  const triggers = new Map<string, TLoadedTrigger>();
  const endpoints = new Map<string, TLoadedTrigger>();
  for (const trigger of manifest.triggers) {
    const definition = validated.definitions.get(trigger.nodeId);
    if (!definition || !startsRun(definition) || definition.trigger?.kind !== trigger.kind) {
      problem(
        'invalid_trigger',
        `Trigger "${trigger.nodeId}" (${trigger.kind}) is not a ${trigger.kind} block of the app.`,
        trigger.nodeId,
      );
      continue;
    }
    const config = configOf(trigger.nodeId);
    const endpointProblem = checkEndpoint(trigger, definition, config);
    if (endpointProblem) problem('invalid_trigger', endpointProblem, trigger.nodeId);
    let plan: TRunPlan;
    try {
      plan = planRun(validated, trigger.nodeId);
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      problem('cannot_plan', error.message, trigger.nodeId);
      continue;
    }
    const stepsProblem = checkSteps(trigger.steps, plan.steps, validated.graph);
    if (stepsProblem) {
      problem('plan_mismatch', `Trigger "${trigger.nodeId}": ${stepsProblem}`, trigger.nodeId);
      continue;
    }
    // The manifest's order, which is one of the valid orders (checked): what the builder tested.
    const loaded: TLoadedTrigger = { trigger, plan: { triggerId: trigger.nodeId, steps: [...trigger.steps] }, definition, config };
    triggers.set(trigger.nodeId, loaded);
    if ('http' in trigger) endpoints.set(trigger.http.path, loaded);
  }

  const elements: TPageElementModel[] = [];
  for (const element of manifest.page.elements) {
    const definition = validated.definitions.get(element.nodeId);
    if (!definition || definition.category !== 'ui' || definition.type !== element.type || definition.version !== element.version) {
      problem(
        'invalid_page',
        `Page element "${element.nodeId}" is not a ${element.type}@${element.version} UI block of the app.`,
        element.nodeId,
      );
      continue;
    }
    const trigger = triggers.get(element.nodeId)?.trigger;
    if (startsRun(definition) && !trigger) {
      problem('invalid_page', `Page element "${element.nodeId}" starts runs but the manifest lists no trigger for it.`, element.nodeId);
    }
    elements.push({ ...element, definition, config: configOf(element.nodeId), ...(trigger ? { trigger } : {}) });
  }
  if (problems.length > 0) refuse();

  let load: TPageLoadPlan;
  try {
    load = planPageLoad(validated, planRun(validated).steps);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    problem('cannot_plan', error.message);
    refuse();
  }
  return {
    cid: bundle.cid,
    name: manifest.app.name,
    title: manifest.app.title,
    manifest,
    validated,
    triggers,
    endpoints,
    page: { title: manifest.page.title, elements, load: load! },
  };
}

/** A trigger answers where its block's trigger trait says (an HTTP trigger at its configured path and method; forms and buttons at their node id, POST). */
function checkEndpoint(trigger: TTrigger, definition: TBlockDefinition, config: Record<string, unknown>): string | undefined {
  if (!('http' in trigger)) return undefined;
  const expected = triggerEntry(definition, trigger.nodeId, config, []);
  if (!expected || !('http' in expected)) return undefined; // a kind mismatch, reported already
  if (trigger.http.path !== expected.http.path || trigger.http.method !== expected.http.method) {
    return `Trigger "${trigger.nodeId}" answers at ${trigger.http.method} /api/${trigger.http.path} in the manifest but at ${expected.http.method} /api/${expected.http.path} in its settings.`;
  }
  return undefined;
}

/** The manifest's steps must be the planner's blocks, trigger first, in an order that respects every connection. */
function checkSteps(steps: readonly string[], planned: readonly string[], graph: TGraph): string | undefined {
  const expected = new Set(planned);
  if (steps.length !== expected.size || new Set(steps).size !== steps.length || steps.some((id) => !expected.has(id))) {
    return `the manifest plans [${steps.join(', ')}] where this node plans [${planned.join(', ')}].`;
  }
  if (steps[0] !== planned[0]) return 'the trigger must be the first step.';
  const position = new Map(steps.map((id, i) => [id, i]));
  for (const edge of graph.edges) {
    const from = position.get(edge.source);
    const to = position.get(edge.target);
    if (from !== undefined && to !== undefined && from > to) return `"${edge.target}" is planned before "${edge.source}", which feeds it.`;
  }
  return undefined;
}

export interface TAppLoader {
  /** The loaded app for this bundle, from the cache when its CID was loaded before. Throws AppLoadError. */
  load(bundle: TAppBundle): TLoadedApp;
}

/** A loader with a cache of the last `maxApps` CIDs (refusals are cached too: a CID never changes). */
export function createAppLoader(options: { registry?: TBlockRegistry; maxApps?: number } = {}): TAppLoader {
  const maxApps = options.maxApps ?? 128;
  // Bounded by count only: each entry counts 1.
  const cache = new LruCache<string, TLoadedApp | AppLoadError>(maxApps, maxApps);
  return {
    load(bundle) {
      let entry = cache.get(bundle.cid);
      if (!entry) {
        try {
          entry = loadApp(bundle, options.registry);
        } catch (error) {
          if (!(error instanceof AppLoadError)) throw error;
          entry = error;
        }
        cache.set(bundle.cid, entry, 1);
      }
      if (entry instanceof AppLoadError) throw entry;
      return entry;
    },
  };
}
