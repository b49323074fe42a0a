/**
 * Test runs in the IDE: the project's stored graph is validated, planned and executed with the
 * same executors and sandbox a DAIOS node uses. Storage goes to the project's test store; secrets
 * are resolved for the run and kept out of the trace.
 */
import { planRun, PlanError } from '@/blocks/compiler/plan';
import { blockNamer, type TBlockNamer } from '@/blocks/compiler/block-names';
import { problemsForRun, validateGraph } from '@/blocks/compiler/validate';
import type { TGraph } from '@/blocks/core/graph';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TCodeCapability, TJson } from '@/blocks/core/executor';
import { BLOCK_EXECUTORS } from '@/blocks/executors';
import { blockRegistry } from '@/blocks/registry';
import { createNetCapability } from '@/runtime/capabilities/net';
import { runFlow, type TRunTrace } from '@/runtime/executor/run-flow';
import { ServiceError } from './errors';
import { getProject, type TServiceContext } from './projects';
import { redactSecrets, resolveSecrets, type TMasterKey } from './secrets';
import { createTestStore } from './test-store';
import type { UserLimiter } from './user-limits';

export interface TRunRequest {
  projectId: string;
  /** Start from this trigger; without one, every block runs (triggers use their samples). */
  triggerId?: string;
  payload?: TJson;
  /** Run only this block, with the outputs of the blocks feeding it pinned. */
  onlyNodeId?: string;
  pinned?: Record<string, Record<string, unknown>>;
}

export type TRunResult = { ok: true; trace: TRunTrace } | { ok: false; diagnostics: TDiagnostic[] };

export interface TRunDependencies {
  masterKey: TMasterKey;
  code: TCodeCapability;
  /** Tests may let HTTP requests reach 127.0.0.1; the IDE never does. */
  allowPrivateNetwork?: boolean;
  /** How many runs a user may have at once and how often (the router's: testRunLimiter). */
  limiter?: UserLimiter;
}

const TEST_RUN_BLOCK_TIMEOUT_MS = 30_000;

/** Runs the request, within the user's limits when there is a limiter (TOO_MANY_REQUESTS otherwise). */
export function startTestRun(ctx: TServiceContext, request: TRunRequest, deps: TRunDependencies): Promise<TRunResult> {
  // Admitted (or refused) at once, before the first await: concurrent calls are counted exactly.
  return deps.limiter ? deps.limiter.run(ctx.userId, () => testRun(ctx, request, deps)) : testRun(ctx, request, deps);
}

async function testRun(ctx: TServiceContext, request: TRunRequest, deps: TRunDependencies): Promise<TRunResult> {
  const project = await getProject(ctx, request.projectId);
  const validated = validateGraph(project.graph, blockRegistry);
  if (validated.diagnostics.some((d) => d.severity === 'error' && d.nodeId === undefined)) {
    return { ok: false, diagnostics: validated.diagnostics.filter((d) => d.severity === 'error') };
  }

  let plan;
  try {
    plan = request.onlyNodeId
      ? singleNodePlan(validated.graph, request.onlyNodeId, request.pinned ?? {}, blockNamer(validated.graph, validated.definitions))
      : planRun(validated, request.triggerId);
  } catch (error) {
    if (error instanceof PlanError || error instanceof ServiceError) {
      return {
        ok: false,
        diagnostics: [
          { severity: 'error', code: 'cannot_plan', message: error.message, ...(request.onlyNodeId ? { nodeId: request.onlyNodeId } : {}) },
        ],
      };
    }
    throw error;
  }
  // Only problems on this run's path stop it (a half-built block elsewhere does not).
  const { blocking } = problemsForRun(validated, plan.steps);
  if (blocking.length > 0) return { ok: false, diagnostics: blocking };

  const secrets = await resolveSecrets(ctx.db, project.id, deps.masterKey);
  const secretValues = [...secrets.values()];
  const trace = await runFlow({
    validated,
    plan,
    executors: BLOCK_EXECUTORS,
    capabilities: {
      storage: createTestStore(ctx.db, project.id),
      net: createNetCapability({ allowPrivate: deps.allowPrivateNetwork ?? false }),
      code: deps.code,
      secret: (name) => secrets.get(name),
    },
    payload: request.payload,
    pinned: request.onlyNodeId ? new Map(Object.entries(request.pinned ?? {})) : undefined,
    blockTimeoutMs: TEST_RUN_BLOCK_TIMEOUT_MS,
    redact: (value) => redactSecrets(value, secretValues),
  });
  return { ok: true, trace };
}

/** The block itself, preceded by the pinned blocks that feed it (which are not re-run). */
function singleNodePlan(graph: TGraph, nodeId: string, pinned: Record<string, unknown>, nameOf: TBlockNamer) {
  if (!graph.nodes.some((n) => n.id === nodeId)) throw new ServiceError('NOT_FOUND', 'That block is not in this project (any more).');
  const feeding = [...new Set(graph.edges.filter((e) => e.target === nodeId).map((e) => e.source))];
  const missing = feeding.filter((id) => !(id in pinned));
  if (missing.length > 0) {
    throw new PlanError(
      `Run the whole flow once first: the output of ${missing.map(nameOf).join(', ')} is needed to run this block alone.`,
    );
  }
  return { triggerId: null, steps: [...feeding, nodeId] };
}
