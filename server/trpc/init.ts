/**
 * The one tRPC setup: context, error shape, and the three kinds of procedure. Every error the
 * client sees carries `data.diagnostics` (the shared Diagnostic shape) and never a stack trace.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { diagnosticsFromZodError, type TDiagnostic } from '@/blocks/core/diagnostics';
import type { Db } from '@/server/db/client';
import type { TControlClient } from '@/runtime/protocol/control-client';
import { ServiceError } from '@/server/services/errors';
import { assertProjectAccess, type TServiceContext } from '@/server/services/projects';

export interface TSessionUser {
  id: string;
  name: string;
  email: string;
}

export interface TTRPCContext {
  db: Db;
  user: TSessionUser | null;
  /** Server secret that project secrets are encrypted with; never leaves the server. */
  masterKey: string;
  /** The DAIOS node deployments go to (a client is made on use: the node may start later). */
  daios: { client(): TControlClient; appUrl(appName: string): string; previewUrl(id: string): string };
}

const t = initTRPC.context<TTRPCContext>().create({
  transformer: superjson,
  isDev: false,
  errorFormatter({ shape, error }) {
    const { diagnostics, details } = describeError(error);
    return {
      message: shape.message,
      code: shape.code,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, diagnostics, details },
    };
  },
});

function describeError(error: TRPCError): { diagnostics: TDiagnostic[]; details?: Record<string, unknown> } {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return { diagnostics: diagnosticsFromZodError(cause, { code: 'invalid_input' }) };
  }
  if (cause instanceof ServiceError) return { diagnostics: cause.diagnostics, details: cause.details };
  return { diagnostics: [{ severity: 'error', code: error.code.toLowerCase(), message: error.message }] };
}

/** A service error as the tRPC error the client understands; other errors unchanged. */
export function toTRPCError(error: unknown): unknown {
  return error instanceof ServiceError ? new TRPCError({ code: error.kind, message: error.message, cause: error }) : error;
}

/** Service errors become tRPC errors; anything unexpected is logged and hidden behind a 500. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  if (error.cause instanceof ServiceError) throw toTRPCError(error.cause);
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    console.error(`[trpc] ${path} failed:`, error.cause ?? error);
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server. Try again.' });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapErrors);

/** Signed-in users only; `ctx.user` is non-null inside. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** The input every project procedure starts with (more fields are merged in by each procedure). */
export const ZProjectIdInput = z.object({ projectId: z.string().min(1).max(64) });

/**
 * Signed-in users, on one of their own projects (`input.projectId`): another user's project
 * answers NOT_FOUND, exactly like a missing one. Checked before the procedure runs, so a streamed
 * result (a deploy's stages) is covered too. `ctx.service` is the services' context.
 */
export const projectProcedure = protectedProcedure.input(ZProjectIdInput).use(async ({ ctx, input, next }) => {
  const service: TServiceContext = { db: ctx.db, userId: ctx.user.id };
  await assertProjectAccess(service, input.projectId);
  return next({ ctx: { ...ctx, service } });
});
