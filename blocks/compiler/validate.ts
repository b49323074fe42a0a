/**
 * Checks a graph against the block registry. Every problem becomes a Diagnostic naming the
 * node, edge, port or config field, and the block by its title (block-names.ts). A graph with an
 * error is never deployed; a test run goes ahead when none of its errors is on the run's path
 * (problemsForRun).
 */
import { z } from 'zod';
import type { TBlockDefinition, TPortSpec } from '@/blocks/core/block';
import { diagnosticsFromZodError, type TDiagnostic } from '@/blocks/core/diagnostics';
import { parseGraph, type TGraph, type TGraphEdge } from '@/blocks/core/graph';
import { canConnect } from '@/blocks/core/ports';
import type { TBlockRegistry } from '@/blocks/core/registry';
import { blockNamer } from './block-names';
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

  for (const node of graph.nodes) {
    const definition = registry.get(node.type, node.version);
    if (definition) definitions.set(node.id, definition);
  }
  const nameOf = blockNamer(graph, definitions);

  graph.nodes.forEach((node, index) => {
    const definition = definitions.get(node.id);
    if (!definition) {
      const latest = registry.latest(node.type);
      diagnostics.push({
        severity: 'error',
        code: latest ? 'unknown_block_version' : 'unknown_block',
        message: latest
          ? `A ${latest.title} block uses ${node.type}@${node.version}, which this version of Poseidon does not know (newest: @${latest.version}).`
          : `A block has the unknown type "${node.type}".`,
        nodeId: node.id,
        path: `nodes[${index}].type`,
      });
      return;
    }
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
            message: `${nameOf(node.id)}: ${field}: ${problem.message} (line ${problem.line})`,
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
          message: `${nameOf(node.id)}: ${d.message}`,
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
      diagnostics.push(edgeProblem(edge, 'unknown_port', `${nameOf(edge.source)} has no output "${edge.sourcePort}".`, edge.sourcePort));
      continue;
    }
    if (!input) {
      diagnostics.push(edgeProblem(edge, 'unknown_port', `${nameOf(edge.target)} has no input "${edge.targetPort}".`, edge.targetPort));
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
          `Input "${input.label ?? input.name}" of ${nameOf(edge.target)} already has a connection.`,
          edge.targetPort,
        ),
      );
    }
    incoming.set(key, edge);
  }

  const cycle = findCycleEdge(graph);
  if (cycle) {
    diagnostics.push(
      edgeProblem(cycle, 'cycle', `Connecting ${nameOf(cycle.source)} to ${nameOf(cycle.target)} makes a loop; flows must not loop back.`),
    );
  }

  const connected = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
  for (const node of graph.nodes) {
    const definition = definitions.get(node.id);
    if (!definition) continue;
    for (const port of definition.inputs) {
      if (port.required && !incoming.has(`${node.id}\u0000${port.name}`)) {
        const input = `"${port.label ?? port.name}"`;
        diagnostics.push({
          severity: 'error',
          code: 'missing_input',
          message: connected.has(node.id)
            ? `${nameOf(node.id)} needs something connected to its ${input} input.`
            : `${nameOf(node.id)} is not connected to anything yet. Test runs leave it out; connect its ${input} input or delete it before you deploy.`,
          nodeId: node.id,
          port: port.name,
        });
      }
    }
  }
  return { graph, diagnostics, definitions, configs };
}

/**
 * The problems that stop one test run: those of the graph as a whole and those on a block the run
 * executes (`steps`), or on a wire into one. The rest (a block of another trigger's flow, one not
 * connected to anything yet) do not concern this run and come back as warnings. A block with no
 * wires at all that only lacks its inputs is skipped by the run, so its problem is a warning too.
 * Deploying stays strict (hasErrors on every diagnostic): a deployed app serves every trigger, and
 * every node checks the bundle again with validateGraph.
 */
export function problemsForRun(
  validated: Pick<TValidatedGraph, 'graph' | 'diagnostics' | 'definitions'>,
  steps: readonly string[],
): { blocking: TDiagnostic[]; warnings: TDiagnostic[] } {
  const onPath = new Set(steps);
  // A block of unknown type is never a step; wired to one, it is on the path all the same.
  for (const e of validated.graph.edges) {
    if (onPath.has(e.source) && !validated.definitions.has(e.target)) onPath.add(e.target);
    if (onPath.has(e.target) && !validated.definitions.has(e.source)) onPath.add(e.source);
  }
  const connected = new Set(validated.graph.edges.flatMap((e) => [e.source, e.target]));
  const blocking: TDiagnostic[] = [];
  const warnings: TDiagnostic[] = [];
  for (const d of validated.diagnostics) {
    if (d.severity !== 'error') warnings.push(d);
    else if (d.nodeId === undefined) blocking.push(d);
    else if (onPath.has(d.nodeId) && !(d.code === 'missing_input' && !connected.has(d.nodeId))) blocking.push(d);
    else warnings.push({ ...d, severity: 'warning' });
  }
  return { blocking, warnings };
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
