/**
 * What runs when a visitor opens an app's page, so that its tables, charts, texts and images show
 * current data before anyone has clicked anything.
 *
 * THE PAGE-LOAD RULE. The node runs, in plan order, every block that feeds a display element
 * (a UI block that does not start runs: Table, Chart, Text, Image), directly or through other
 * blocks of this run, and that can run without a visitor:
 *
 *  1. Triggers never run on page load (Form, Button, HTTP endpoint, Schedule, Manual run): they
 *     need a visitor, a caller or a clock.
 *  2. Blocks that change something never run on page load: Collection insert/update/delete,
 *     Key-value set/delete, HTTP requests other than GET, and any block declaring a capability
 *     (ai, chain, ...) whose definition does not declare the config a read (`pageLoad.isRead`).
 *  3. A block fed by a block that does not run does not run either (it would show what a
 *     visitor sent), with one exception: a *read* (Collection find, Key-value get or list, HTTP
 *     GET) whose settings use no {{input...}} placeholder. Its input cannot change what it reads,
 *     so the connection only orders it after a write; on page load it simply reads.
 *  4. A block missing a required input after 1-3 does not run, nor what needs it.
 *
 * Connections from blocks that do not run are dropped from the page-load run (the block sees
 * that input as unconnected). A display element left out shows its empty state until a run
 * gives it data. The guestbook (Form -> insert -> find -> Table) thus loads as find -> Table:
 * the entries, without inserting anything. Page-load runs get no visitor input, so a node may
 * cache their result briefly.
 */
import { startsRun, type TBlockDefinition, type TCapability } from '@/blocks/core/block';
import type { TGraph, TGraphEdge } from '@/blocks/core/graph';
import type { TJson } from '@/blocks/core/executor';
import { listPlaceholders } from '@/blocks/core/template';
import type { TValidatedGraph } from '@/blocks/compiler/validate';

/** Capabilities that never change anything outside the run. */
const PURE_CAPABILITIES: ReadonlySet<TCapability> = new Set(['code', 'log']);

export interface TPageLoadPlan {
  /** Node ids in execution order; empty when nothing on the page needs loading. */
  steps: string[];
  /** The graph the page-load run sees: only connections between its own steps. */
  graph: TGraph;
}

export function planPageLoad(
  validated: Pick<TValidatedGraph, 'graph' | 'definitions' | 'configs'>,
  order: readonly string[],
): TPageLoadPlan {
  const { graph, definitions, configs } = validated;
  const incoming = new Map<string, TGraphEdge[]>();
  const outgoing = new Map<string, TGraphEdge[]>();
  for (const edge of graph.edges) {
    (incoming.get(edge.target) ?? incoming.set(edge.target, []).get(edge.target)!).push(edge);
    (outgoing.get(edge.source) ?? outgoing.set(edge.source, []).get(edge.source)!).push(edge);
  }
  const configOf = (id: string) => (configs.get(id) ?? {}) as Record<string, unknown>;

  // Rules 1-4, in topological order so every block's sources are decided before it.
  const runs = new Set<string>();
  for (const id of order) {
    const definition = definitions.get(id);
    if (!definition || definition.category === 'canvas' || startsRun(definition)) continue;
    const isRead = definition.pageLoad?.isRead(configOf(id)) === true;
    if (!isRead && !definition.capabilities.every((c) => PURE_CAPABILITIES.has(c))) continue;
    const edges = incoming.get(id) ?? [];
    const fedByOutside = edges.some((edge) => !runs.has(edge.source));
    if (fedByOutside && !(isRead && !readsInput(configOf(id)))) continue;
    const kept = new Set(edges.filter((edge) => runs.has(edge.source)).map((edge) => edge.targetPort));
    if (definition.inputs.some((port) => port.required && !kept.has(port.name))) continue;
    runs.add(id);
  }

  // Only what a display element shows: walk back from the displays that can run.
  const needed = new Set<string>();
  const queue = [...runs].filter((id) => isDisplay(definitions.get(id)));
  for (const id of queue) needed.add(id);
  while (queue.length > 0) {
    for (const edge of incoming.get(queue.pop()!) ?? []) {
      if (runs.has(edge.source) && !needed.has(edge.source)) {
        needed.add(edge.source);
        queue.push(edge.source);
      }
    }
  }
  const steps = order.filter((id) => needed.has(id));
  return {
    steps,
    graph: { ...graph, edges: graph.edges.filter((edge) => needed.has(edge.source) && needed.has(edge.target)) },
  };
}

/** A UI element that shows data (not a Form or Button, which start runs). */
export function isDisplay(definition: TBlockDefinition | undefined): boolean {
  return definition !== undefined && definition.category === 'ui' && !startsRun(definition);
}

/** Whether any text in the config has an {{input...}} placeholder (or one we cannot read). */
function readsInput(config: unknown): boolean {
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') {
      try {
        return listPlaceholders(value).some((p) => p.root === 'input');
      } catch {
        return true;
      }
    }
    if (Array.isArray(value)) return value.some(visit);
    if (value !== null && typeof value === 'object') return Object.values(value as { [key: string]: TJson }).some(visit);
    return false;
  };
  return visit(config);
}
