/**
 * Execution planning: which blocks a run executes and in what order: topological, with ties
 * broken the same way everywhere (blocks that start runs first, then by id), so a test run in
 * the editor, a preview and a deployed app run independent branches in the same order, and
 * moving a block on the canvas never changes a plan.
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
    if (!isTrigger(triggerId)) {
      const title = definitions.get(triggerId)?.title;
      throw new PlanError(title ? `${title} is not a block that starts runs.` : 'The block chosen to start the run is not in this flow.');
    }
    included = reach([triggerId], outgoing);
    // The blocks the downstream ones need: one walk upstream from all of them, through
    // anything but another trigger (which is reached, then dropped below).
    included = reach(included, incoming, isTrigger);
    for (const id of included) if (isTrigger(id) && id !== triggerId) included.delete(id);
  }
  for (const id of included) if (!executable.has(id)) included.delete(id);
  return { triggerId: triggerId ?? null, steps: topologicalOrder(graph, included, incoming, isTrigger) };
}

function adjacency(graph: TGraph) {
  const outgoing = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges) {
    push(outgoing, e.source, e.target);
    push(incoming, e.target, e.source);
  }
  return { outgoing, incoming };
}

function push(map: Map<string, string[]>, key: string, value: string) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `starts` and every node reachable from them; `stopAt` nodes (other than starts) are included but not passed through. */
function reach(starts: Iterable<string>, next: Map<string, string[]>, stopAt?: (id: string) => boolean): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...seen];
  const expand = new Set(queue);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (!expand.has(id) && stopAt?.(id)) continue;
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

function topologicalOrder(
  graph: TGraph,
  included: Set<string>,
  incoming: Map<string, string[]>,
  startsBlock: (id: string) => boolean,
): string[] {
  const first = new Set(graph.nodes.filter((n) => startsBlock(n.id)).map((n) => n.id));
  // By UTF-16 code units, not locale: the same order on every machine.
  const byId = (a: string, b: string) => (first.has(a) === first.has(b) ? (a < b ? -1 : a > b ? 1 : 0) : first.has(a) ? -1 : 1);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of included) {
    const deps = (incoming.get(id) ?? []).filter((d) => included.has(d));
    remaining.set(id, deps.length);
    for (const d of deps) push(dependents, d, id);
  }
  // Kahn's algorithm with a binary heap: always the first ready block in that order.
  const ready = new MinHeap(byId);
  for (const id of included) if (remaining.get(id) === 0) ready.push(id);
  const order: string[] = [];
  while (ready.size > 0) {
    const id = ready.pop();
    order.push(id);
    for (const d of dependents.get(id) ?? []) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length !== included.size) throw new PlanError('The flow has a loop; it cannot be planned.');
  return order;
}

class MinHeap {
  private items: string[] = [];
  constructor(private readonly compare: (a: string, b: string) => number) {}
  get size() {
    return this.items.length;
  }
  push(item: string) {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[parent]!, item) <= 0) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }
  pop(): string {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && this.compare(items[right]!, items[left]!) < 0 ? right : left;
        if (this.compare(last, items[child]!) <= 0) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
