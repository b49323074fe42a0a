/** Project secrets: names are listed, values are only ever written, never read back. */
import { z } from 'zod';
import { deleteSecret, listSecrets, setSecret } from '@/server/services/secrets';
import { createTRPCRouter, protectedProcedure } from '@/server/trpc/init';

const ZProjectId = z.object({ projectId: z.string().min(1).max(64) });
const ZSecretName = z.string().min(1).max(64);
const ZSecretListItem = z.object({ name: z.string(), updatedAt: z.date() });

export const secretsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZProjectId)
    .output(z.array(ZSecretListItem))
    .query(({ ctx, input }) => listSecrets({ db: ctx.db, userId: ctx.user.id }, input.projectId)),
  set: protectedProcedure
    .input(ZProjectId.extend({ name: ZSecretName, value: z.string().min(1).max(8192) }))
    .output(ZSecretListItem.extend({ warning: z.string().optional() }))
    .mutation(({ ctx, input }) => setSecret({ db: ctx.db, userId: ctx.user.id }, input, ctx.masterKey)),
  delete: protectedProcedure
    .input(ZProjectId.extend({ name: ZSecretName }))
    .output(z.object({ name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSecret({ db: ctx.db, userId: ctx.user.id }, input);
      return { name: input.name };
    }),
});
