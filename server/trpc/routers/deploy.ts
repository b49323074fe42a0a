/** Deploying projects to the DAIOS network: stages stream to the browser as they happen. */
import { z } from 'zod';
import { ZDiagnostic } from '@/blocks/core/diagnostics';
import { ZAppStats, ZRunLogEntry } from '@/blocks/core/run-trace';
import {
  deploymentStatus,
  deployProject,
  listDeployments,
  rollbackDeployment,
  DEPLOY_STAGES,
  type TDeployResult,
  type TDeployStage,
} from '@/server/services/deploy';
import { getProject } from '@/server/services/projects';
import { createTRPCRouter, protectedProcedure, toTRPCError, type TTRPCContext } from '@/server/trpc/init';

const ZProjectId = z.object({ projectId: z.string().min(1).max(64) });

const ZDeploymentItem = z.object({
  id: z.string(),
  appName: z.string(),
  seq: z.number().int(),
  cid: z.string(),
  projectVersion: z.number().int(),
  createdBy: z.string(),
  rollbackOf: z.string().nullable(),
  createdAt: z.date(),
  live: z.boolean(),
  url: z.string(),
});

const ZDeployResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), unchanged: z.boolean(), deployment: ZDeploymentItem }),
  z.object({ ok: z.literal(false), stage: z.enum(DEPLOY_STAGES), diagnostics: z.array(ZDiagnostic) }),
]);

const ZDeployStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not_deployed') }),
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

export const deployRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZProjectId)
    .output(z.array(ZDeploymentItem))
    .query(async ({ ctx, input }) =>
      (await listDeployments({ db: ctx.db, userId: ctx.user.id }, input.projectId)).map((d) => ({
        ...d,
        url: ctx.daios.appUrl(d.appName),
      })),
    ),
  /** The live deployment's activity on the node: counters and recent runs (polled by the deploy dialog). */
  status: protectedProcedure
    .input(ZProjectId)
    .output(ZDeployStatus)
    .query(({ ctx, input }) => deploymentStatus({ db: ctx.db, userId: ctx.user.id }, input.projectId, { node: () => ctx.daios.client() })),
  /** Yields each stage as it starts, then the result. */
  start: protectedProcedure.input(ZProjectId.extend({ appName: z.string().max(63).optional() })).subscription(async function* ({
    ctx,
    input,
  }) {
    // Generators run after the error-mapping middleware has returned: check ownership here.
    try {
      await getProject({ db: ctx.db, userId: ctx.user.id }, input.projectId);
    } catch (error) {
      throw toTRPCError(error);
    }
    const stages: TDeployStage[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const work = deployProject({ db: ctx.db, userId: ctx.user.id }, input, {
      node: ctx.daios.client(),
      masterKey: ctx.masterKey,
      onStage: (stage) => {
        stages.push(stage);
        wake?.();
      },
    }).finally(() => {
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
  rollback: protectedProcedure
    .input(ZProjectId.extend({ deploymentId: z.string().min(1).max(64) }))
    .output(ZDeployResult)
    .mutation(async ({ ctx, input }) =>
      withUrl(
        ctx,
        await rollbackDeployment({ db: ctx.db, userId: ctx.user.id }, input, { node: ctx.daios.client(), masterKey: ctx.masterKey }),
      ),
    ),
});
