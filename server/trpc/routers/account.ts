/** The signed-in user's own things: their signing key. */
import { z } from 'zod';
import { exportSigningKey, signingAddress } from '@/server/services/signing-keys';
import { createTRPCRouter, protectedProcedure } from '@/server/trpc/init';

export const accountRouter = createTRPCRouter({
  /** The address only; null until the first deployment (or export) makes the key: a query changes nothing. */
  signingKey: protectedProcedure
    .output(z.object({ address: z.string().nullable() }))
    .query(async ({ ctx }) => ({ address: await signingAddress(ctx.db, ctx.user.id) })),
  /** The private key, to its owner only, on an explicit request with their current password (never cached by the client). */
  exportSigningKey: protectedProcedure
    .input(z.object({ password: z.string().min(1, 'Enter your current password.').max(128) }))
    .output(z.object({ address: z.string(), privateKey: z.string() }))
    .mutation(({ ctx, input }) => exportSigningKey(ctx.db, ctx.user.id, ctx.masterKey, input.password)),
});
