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
import { findCycleEdge } from './cycles';

export { findCycleEdge, wouldCreateCycle } from './cycles';

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

/** The inspector's and compiler's view of a config schema (JSON Schema, with widget metadata). */
export function configJsonSchema(definition: TBlockDefinition): unknown {
  return z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' });
}
