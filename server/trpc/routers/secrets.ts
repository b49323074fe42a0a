/** Project secrets: names are listed, values are only ever written, never read back. */
import { z } from 'zod';
import { deleteSecret, listSecrets, setSecret } from '@/server/services/secrets';
import { createTRPCRouter, projectProcedure } from '@/server/trpc/init';

const ZSecretName = z.string().min(1).max(64);
const ZSecretListItem = z.object({ name: z.string(), updatedAt: z.date() });

export const secretsRouter = createTRPCRouter({
  list: projectProcedure.output(z.array(ZSecretListItem)).query(({ ctx, input }) => listSecrets(ctx.service, input.projectId)),
  set: projectProcedure
    .input(z.object({ name: ZSecretName, value: z.string().min(1).max(8192) }))
    .output(ZSecretListItem.extend({ warning: z.string().optional() }))
    .mutation(({ ctx, input }) => setSecret(ctx.service, input, ctx.masterKey)),
  delete: projectProcedure
    .input(z.object({ name: ZSecretName }))
    .output(z.object({ name: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteSecret(ctx.service, input);
      return { name: input.name };
    }),
});
