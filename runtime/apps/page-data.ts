/**
 * What each UI element of a page shows after a run: the inputs it received in that run (a
 * Table's or Chart's rows, an Image's address) and what it produced (a Text's filled-in Markdown).
 * The gateway renders the page from this; API callers get it as JSON.
 */
import type { TNodeStatus, TRunTrace } from '@/runtime/executor/run-flow';
import type { TLoadedApp } from './load';

export interface TElementData {
  type: string;
  status: TNodeStatus;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Why the element has nothing to show (status error): the block's message. */
  message?: string;
  /** The run that produced it. */
  runId: string;
}

/** By page element node id; an element that was not in the run is absent. */
export type TPageData = Record<string, TElementData>;

export function pageDataFromTrace(app: TLoadedApp, trace: TRunTrace): TPageData {
  const byId = new Map(trace.nodes.map((node) => [node.nodeId, node]));
  const page: TPageData = {};
  for (const element of app.page.elements) {
    const node = byId.get(element.nodeId);
    if (!node) continue;
    const message = node.diagnostics.find((d) => d.severity === 'error')?.message;
    page[element.nodeId] = {
      type: element.type,
      status: node.status,
      inputs: node.inputs,
      outputs: node.outputs,
      ...(message ? { message } : {}),
      runId: trace.runId,
    };
  }
  return page;
}

/**
 * The page after a run: what the page-load run shows, overlaid with what the run gave its own
 * elements. An element the run reached but skipped keeps its page-load data.
 */
export function mergePageData(base: TPageData, run: TPageData): TPageData {
  const merged: TPageData = { ...base };
  for (const [nodeId, data] of Object.entries(run)) {
    if (data.status !== 'skipped' || !merged[nodeId]) merged[nodeId] = data;
  }
  return merged;
}
