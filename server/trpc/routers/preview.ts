/** The private preview of a project's draft. */
import { z } from 'zod';
import { ZDiagnostic } from '@/blocks/core/diagnostics';
import { updatePreview } from '@/server/services/preview';
import { previewUpdateLimiter } from '@/server/services/user-limits';
import { createTRPCRouter, projectProcedure } from '@/server/trpc/init';

export const previewRouter = createTRPCRouter({
  update: projectProcedure
    .output(
      z.discriminatedUnion('ok', [
        z.object({ ok: z.literal(true), url: z.string(), cid: z.string() }),
        z.object({ ok: z.literal(false), diagnostics: z.array(ZDiagnostic) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await previewUpdateLimiter.run(ctx.user.id, () =>
        updatePreview(ctx.service, input.projectId, { node: ctx.daios.client(), masterKey: ctx.masterKey }),
      );
      return result.ok ? { ok: true as const, url: ctx.daios.previewUrl(result.id), cid: result.cid } : result;
    }),
});
