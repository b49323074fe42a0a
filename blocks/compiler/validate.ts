/**
 * Checks a graph against the block registry. Every problem becomes a Diagnostic naming the
 * node, edge, port or config field; a graph with any error is never executed.
 */
import { z } from 'zod';
import type { TBlockDefinition, TPortSpec } from '@/blocks/core/block';
import { diagnosticsFromZodError, type TDiagnostic } from '@/blocks/core/diagnostics';
import { parseGraph, type TGraph, type TGraphEdge } from '@/blocks/core/graph';
import { canConnect } from '@/blocks/core/ports';
import type { TBlockRegistry } from '@/blocks/core/registry';
import { checkCodeSyntax, codeFields } from './code-syntax';

export interface TValidatedGraph {
  graph: TGraph;
  diagnostics: TDiagnostic[];
  /** Definitions of the graph's nodes, by node id (known blocks only). */
  definitions: Map<string, TBlockDefinition>;
  /** Parsed configs (defaults applied), by node id (valid configs only). */
  configs: Map<string, unknown>;
}

export function hasErrors(diagnostics: readonly TDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function validateGraph(value: unknown, registry: TBlockRegistry): TValidatedGraph {
  const parsed = parseGraph(value);
  if (!parsed.ok) {
    return {
      graph: { schemaVersion: 1, nodes: [], edges: [] },
      diagnostics: parsed.diagnostics,
      definitions: new Map(),
      configs: new Map(),
    };
  }
  const graph = parsed.graph;
  const diagnostics: TDiagnostic[] = [];
  const definitions = new Map<string, TBlockDefinition>();
  const configs = new Map<string, unknown>();

  graph.nodes.forEach((node, index) => {
    const definition = registry.get(node.type, node.version);
    if (!definition) {
      const latest = registry.latest(node.type);
      diagnostics.push({
        severity: 'error',
        code: latest ? 'unknown_block_version' : 'unknown_block',
        message: latest
          ? `Block "${node.id}" uses ${node.type}@${node.version}, which this version of Poseidon does not know (newest: @${latest.version}).`
          : `Block "${node.id}" has the unknown type "${node.type}".`,
        nodeId: node.id,
        path: `nodes[${index}].type`,
      });
      return;
    }
    definitions.set(node.id, definition);
    const config = definition.configSchema.safeParse(node.config);
    if (config.success) {
      configs.set(node.id, config.data);
      for (const [field, kind] of codeFields(definition)) {
        const source = (config.data as Record<string, unknown>)[field];
        const problem = typeof source === 'string' ? checkCodeSyntax(source, kind) : null;
        if (problem) {
          diagnostics.push({
            severity: 'error',
            code: 'invalid_code',
            message: `${definition.title} "${node.id}": ${field}: ${problem.message} (line ${problem.line})`,
            nodeId: node.id,
            path: `config.${field}`,
          });
        }
      }
    } else {
      diagnostics.push(
        ...diagnosticsFromZodError(config.error, { code: 'invalid_config', prefix: ['config'] }).map((d) => ({
          ...d,
          nodeId: node.id,
          message: `${definition.title} "${node.id}": ${d.message}`,
        })),
      );
    }
  });

  const incoming = new Map<string, TGraphEdge>();
  for (const edge of graph.edges) {
    const source = definitions.get(edge.source);
    const target = definitions.get(edge.target);
    if (!source || !target) continue; // already reported as unknown blocks
    const out = findPort(source.outputs, edge.sourcePort);
    const input = findPort(target.inputs, edge.targetPort);
    if (!out) {
      diagnostics.push(
        edgeProblem(edge, 'unknown_port', `${source.title} "${edge.source}" has no output "${edge.sourcePort}".`, edge.sourcePort),
      );
      continue;
    }
    if (!input) {
      diagnostics.push(
        edgeProblem(edge, 'unknown_port', `${target.title} "${edge.target}" has no input "${edge.targetPort}".`, edge.targetPort),
      );
      continue;
    }
    const compatible = canConnect(out.type, input.type);
    if (!compatible.ok) {
      diagnostics.push(edgeProblem(edge, 'incompatible_ports', compatible.reason, edge.targetPort));
    }
    const key = `${edge.target}\u0000${edge.targetPort}`;
    if (incoming.has(key)) {
      diagnostics.push(
        edgeProblem(
          edge,
          'input_already_connected',
          `Input "${edge.targetPort}" of "${edge.target}" already has a connection.`,
          edge.targetPort,
        ),
      );
    }
    incoming.set(key, edge);
  }

  const cycle = findCycleEdge(graph);
  if (cycle) {
    diagnostics.push(
      edgeProblem(cycle, 'cycle', `Connecting "${cycle.source}" to "${cycle.target}" makes a loop; flows must not loop back.`),
    );
  }

  for (const node of graph.nodes) {
    const definition = definitions.get(node.id);
    if (!definition) continue;
    for (const port of definition.inputs) {
      if (port.required && !incoming.has(`${node.id}\u0000${port.name}`)) {
        diagnostics.push({
          severity: 'error',
          code: 'missing_input',
          message: `${definition.title} "${node.id}" needs something connected to its "${port.label ?? port.name}" input.`,
          nodeId: node.id,
          port: port.name,
        });
      }
    }
  }
  return { graph, diagnostics, definitions, configs };
}

function findPort(ports: readonly TPortSpec[], name: string): TPortSpec | undefined {
  return ports.find((p) => p.name === name);
}

function edgeProblem(edge: TGraphEdge, code: string, message: string, port?: string): TDiagnostic {
  return { severity: 'error', code, message, edgeId: edge.id, nodeId: edge.target, ...(port ? { port } : {}) };
}

/** Returns an edge that closes a cycle, or undefined (iterative DFS; safe for large graphs). */
export function findCycleEdge(graph: Pick<TGraph, 'nodes' | 'edges'>): TGraphEdge | undefined {
  const outgoing = new Map<string, TGraphEdge[]>();
  for (const edge of graph.edges) {
    const list = outgoing.get(edge.source) ?? [];
    list.push(edge);
    outgoing.set(edge.source, list);
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = outgoing.get(frame.id) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.id, 2);
        stack.pop();
        continue;
      }
      const edge = edges[frame.next++]!;
      const seen = state.get(edge.target);
      if (seen === 1) return edge;
      if (seen === undefined) {
        state.set(edge.target, 1);
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
  return undefined;
}

/** Would adding this edge close a loop? Used by the editor before it accepts a connection. */
export function wouldCreateCycle(edges: readonly Pick<TGraphEdge, 'source' | 'target'>[], source: string, target: string): boolean {
  // The new edge closes a loop exactly when `source` is reachable from `target`.
  const outgoing = new Map<string, string[]>();
  for (const e of edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (id === source) return true;
    for (const next of outgoing.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** The inspector's and compiler's view of a config schema (JSON Schema, with widget metadata). */
export function configJsonSchema(definition: TBlockDefinition): unknown {
  return z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' });
}
