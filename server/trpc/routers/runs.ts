/** Test runs and the per-project test store. */
import { z } from 'zod';
import { ZDiagnostic } from '@/blocks/core/diagnostics';
import { ZRunTrace } from '@/blocks/core/run-trace';
import { getSandbox } from '@/runtime/sandbox/sandbox';
import { startTestRun } from '@/server/services/runs';
import { clearTestStore, describeTestStore } from '@/server/services/test-store';
import { testRunLimiter } from '@/server/services/user-limits';
import { createTRPCRouter, projectProcedure } from '@/server/trpc/init';

const ZNodeId = z.string().min(1).max(128);

export const runsRouter = createTRPCRouter({
  start: projectProcedure
    .input(
      z.object({
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
      startTestRun(ctx.service, input, { masterKey: ctx.masterKey, code: await getSandbox(), limiter: testRunLimiter }),
    ),
  describeStore: projectProcedure.query(({ ctx, input }) => describeTestStore(ctx.db, input.projectId)),
  clearStore: projectProcedure.mutation(({ ctx, input }) => clearTestStore(ctx.db, input.projectId)),
});
