/** Test runs and the per-project test store. */
import { z } from 'zod';
import { ZDiagnostic } from '@/blocks/core/diagnostics';
import { ZRunTrace } from '@/blocks/core/run-trace';
import { getSandbox } from '@/runtime/sandbox/sandbox';
import { getProject } from '@/server/services/projects';
import { startTestRun } from '@/server/services/runs';
import { clearTestStore, describeTestStore } from '@/server/services/test-store';
import { testRunLimiter } from '@/server/services/user-limits';
import { createTRPCRouter, protectedProcedure } from '@/server/trpc/init';

const ZProjectId = z.object({ projectId: z.string().min(1).max(64) });
const ZNodeId = z.string().min(1).max(128);

export const runsRouter = createTRPCRouter({
  start: protectedProcedure
    .input(
      ZProjectId.extend({
        triggerId: ZNodeId.optional(),
        payload: z.json().optional(),
        onlyNodeId: ZNodeId.optional(),
        pinned: z.record(ZNodeId, z.record(z.string(), z.unknown())).optional(),
      }),
    )
    .output(
      z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), trace: ZRunTrace }),
        z.object({ ok: z.literal(false), diagnostics: z.array(ZDiagnostic) }),
      ]),
    )
    .mutation(async ({ ctx, input }) =>
      startTestRun({ db: ctx.db, userId: ctx.user.id }, input, {
        masterKey: ctx.masterKey,
        code: await getSandbox(),
        limiter: testRunLimiter,
      }),
    ),
  describeStore: protectedProcedure.input(ZProjectId).query(async ({ ctx, input }) => {
    const project = await getProject({ db: ctx.db, userId: ctx.user.id }, input.projectId);
    return describeTestStore(ctx.db, project.id);
  }),
  clearStore: protectedProcedure.input(ZProjectId).mutation(async ({ ctx, input }) => {
    const project = await getProject({ db: ctx.db, userId: ctx.user.id }, input.projectId);
    return clearTestStore(ctx.db, project.id);
  }),
});
