/**
 * Validates the editor's graph off the main thread: on a large graph the compiler's checks (zod
 * schemas, and a JavaScript parse of every code field) take longer than a frame, and the canvas
 * must stay responsive while they run. The same validateGraph the server and the node use.
 */
import { validateGraph } from '@/blocks/compiler/validate';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TGraph } from '@/blocks/core/graph';
import { blockRegistry } from '@/blocks/registry';

export interface TValidationRequest {
  id: number;
  graph: TGraph;
}

export interface TValidationResult {
  id: number;
  diagnostics: TDiagnostic[];
}

// A dedicated worker's global scope; the project's TypeScript lib is the DOM's, not the worker's.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<TValidationRequest>) => void) | null;
  postMessage(message: TValidationResult): void;
};

scope.onmessage = (event) => {
  const { id, graph } = event.data;
  scope.postMessage({ id, diagnostics: validateGraph(graph, blockRegistry).diagnostics });
};
