/**
 * Execution planning: which blocks a run executes and in what order (topological; ties broken
 * by canvas position so the same graph always gives the same plan).
 */
import { startsRun } from '@/blocks/core/block';
import type { TGraph } from '@/blocks/core/graph';
import type { TValidatedGraph } from './validate';

export interface TRunPlan {
  /** The trigger the run starts from, if any. */
  triggerId: string | null;
  /** Node ids in execution order. */
  steps: string[];
}

export class PlanError extends Error {
  override name = 'PlanError';
}

/**
 * From a trigger: the trigger, everything downstream of it, and the non-trigger blocks those need
 * (a Constant feeding a Merge, say). Without a trigger: every executable block.
 */
export function planRun(validated: Pick<TValidatedGraph, 'graph' | 'definitions'>, triggerId?: string): TRunPlan {
  const { graph, definitions } = validated;
  const executable = new Set(
    graph.nodes.filter((n) => definitions.get(n.id) && definitions.get(n.id)!.category !== 'canvas').map((n) => n.id),
  );
  const isTrigger = (id: string) => {
    const definition = definitions.get(id);
    return definition !== undefined && startsRun(definition);
  };
  const { outgoing, incoming } = adjacency(graph);

  let included: Set<string>;
  if (triggerId === undefined) included = new Set(executable);
  else {
    if (!isTrigger(triggerId)) throw new PlanError(`"${triggerId}" is not a block that starts runs.`);
    included = reach(triggerId, outgoing);
    for (const id of [...included]) {
      for (const ancestor of reach(id, incoming, isTrigger)) included.add(ancestor);
    }
    for (const id of included) if (isTrigger(id) && id !== triggerId) included.delete(id);
  }
  for (const id of included) if (!executable.has(id)) included.delete(id);
  return { triggerId: triggerId ?? null, steps: topologicalOrder(graph, included, incoming) };
}

function adjacency(graph: TGraph) {
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges) {
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  }
  return { outgoing, incoming };
}

/** `start` and every node reachable from it; `stopAt` nodes are included but not passed through. */
function reach(start: string, next: Map<string, string[]>, stopAt?: (id: string) => boolean): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (id !== start && stopAt?.(id)) continue;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

function topologicalOrder(graph: TGraph, included: Set<string>, incoming: Map<string, string[]>): string[] {
  const position = new Map(graph.nodes.map((n, i) => [n.id, { x: n.position.x, y: n.position.y, i }]));
  const byPosition = (a: string, b: string) => {
    const pa = position.get(a)!;
    const pb = position.get(b)!;
    return pa.x - pb.x || pa.y - pb.y || pa.i - pb.i;
  };
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of included) {
    const deps = (incoming.get(id) ?? []).filter((d) => included.has(d));
    remaining.set(id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }
  const ready = [...included].filter((id) => remaining.get(id) === 0).sort(byPosition);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    const unlocked: string[] = [];
    for (const d of dependents.get(id) ?? []) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) unlocked.push(d);
    }
    if (unlocked.length > 0) {
      ready.push(...unlocked);
      ready.sort(byPosition);
    }
  }
  if (order.length !== included.size) throw new PlanError('The flow has a loop; it cannot be planned.');
  return order;
}
