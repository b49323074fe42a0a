/**
 * Deploying projects to the DAIOS network: stages stream to the browser as they happen. Every
 * procedure that changes something is a mutation (POST with a JSON body, which a page of another
 * origin cannot send with the user's cookie without CORS allowing it); a deploy streams its stages
 * as the mutation's result (httpBatchStreamLink), never over a GET subscription.
 */
import { z } from 'zod';
import { ZDiagnostic } from '@/blocks/core/diagnostics';
import { ZAppStats, ZRunLogEntry } from '@/blocks/core/run-trace';
import {
  deploymentStatus,
  deployProject,
  unpublishProject,
  listDeployments,
  rollbackDeployment,
  DEPLOY_STAGES,
  type TDeployResult,
  type TDeployStage,
} from '@/server/services/deploy';
import { createTRPCRouter, projectProcedure, type TTRPCContext } from '@/server/trpc/init';

const ZDeploymentItem = z.object({
  id: z.string(),
  appName: z.string(),
  seq: z.number().int(),
  cid: z.string(),
  projectVersion: z.number().int(),
  createdBy: z.string(),
  rollbackOf: z.string().nullable(),
  createdAt: z.date(),
  offlineAt: z.date().nullable(),
  live: z.boolean(),
  url: z.string(),
});

const ZDeployResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), unchanged: z.boolean(), deployment: ZDeploymentItem }),
  z.object({ ok: z.literal(false), stage: z.enum(DEPLOY_STAGES), diagnostics: z.array(ZDiagnostic) }),
]);

const ZDeployStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_deployed') }),
  z.object({ state: z.literal('offline'), appName: z.string(), offlineAt: z.date() }),
  z.object({
    state: z.literal('unavailable'),
    appName: z.string(),
    code: z.enum(['node_not_configured', 'node_unreachable', 'app_not_on_node', 'node_refused']),
    message: z.string(),
  }),
  z.object({
    state: z.literal('live'),
    appName: z.string(),
    deployment: z.object({ id: z.string(), seq: z.number().int(), cid: z.string() }),
    record: z.object({ name: z.string(), cid: z.string(), seq: z.number().int(), owner: z.string() }),
    stats: ZAppStats,
    logs: z.array(ZRunLogEntry),
  }),
]);

type TDeployEvent = { type: 'stage'; stage: TDeployStage } | { type: 'done'; result: z.infer<typeof ZDeployResult> };

function withUrl(ctx: TTRPCContext, result: TDeployResult): z.infer<typeof ZDeployResult> {
  return result.ok ? { ...result, deployment: { ...result.deployment, url: ctx.daios.appUrl(result.deployment.appName) } } : result;
}

/** The result a deploy that threw ends with: the detail goes to the server's log only. */
export function unexpectedFailure(stage: TDeployStage, error: unknown): TDeployResult {
  console.error('[trpc] deploy.start failed:', error);
  const message = 'The deployment stopped because of a problem on the server. Try again; the details are in the server log.';
  return { ok: false, stage, diagnostics: [{ severity: 'error', code: 'deploy_failed', message }] };
}

export const ZUnpublishResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), appName: z.string().nullable(), storageRemovedAt: z.string().nullable() }),
  z.object({ ok: z.literal(false), diagnostics: z.array(ZDiagnostic) }),
]);

export const deployRouter = createTRPCRouter({
  /** "Take offline": the app leaves the node (name and secrets now, data after the grace period). */
  takeOffline: projectProcedure
    .output(ZUnpublishResult)
    .mutation(({ ctx, input }) =>
      unpublishProject(ctx.service, input.projectId, { node: () => ctx.daios.client(), masterKey: ctx.masterKey }),
    ),
  list: projectProcedure.output(z.array(ZDeploymentItem)).query(async ({ ctx, input }) =>
    (await listDeployments(ctx.service, input.projectId)).map((d) => ({
      ...d,
      url: ctx.daios.appUrl(d.appName),
    })),
  ),
  /** The live deployment's activity on the node: counters and recent runs (polled by the deploy dialog). */
  status: projectProcedure
    .output(ZDeployStatus)
    .query(({ ctx, input }) => deploymentStatus(ctx.service, input.projectId, { node: () => ctx.daios.client() })),
  /**
   * Deploys the project's saved graph; yields each stage as it starts, then the result. A fault
   * inside (not a refusal, which is a result) is logged here and reaches the browser as a
   * Diagnostic that says nothing of the server's internals.
   */
  start: projectProcedure.input(z.object({ appName: z.string().max(63).optional() })).mutation(async function* ({ ctx, input }) {
    const stages: TDeployStage[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const work = deployProject(ctx.service, input, {
      node: ctx.daios.client(),
      masterKey: ctx.masterKey,
      onStage: (stage) => {
        stages.push(stage);
        wake?.();
      },
    })
      .catch((error: unknown) => unexpectedFailure(stages.at(-1) ?? 'compile', error))
      .finally(() => {
        done = true;
        wake?.();
      });
    while (!done || stages.length > 0) {
      const stage = stages.shift();
      if (stage) {
        yield { type: 'stage', stage } satisfies TDeployEvent;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    yield { type: 'done', result: withUrl(ctx, await work) } satisfies TDeployEvent;
  }),
  rollback: projectProcedure
    .input(z.object({ deploymentId: z.string().min(1).max(64) }))
    .output(ZDeployResult)
    .mutation(async ({ ctx, input }) =>
      withUrl(ctx, await rollbackDeployment(ctx.service, input, { node: ctx.daios.client(), masterKey: ctx.masterKey })),
    ),
});
