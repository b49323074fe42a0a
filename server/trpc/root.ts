import { projectsRouter } from '@/server/trpc/routers/projects';
import { createCallerFactory, createTRPCRouter } from '@/server/trpc/init';

export const appRouter = createTRPCRouter({
  projects: projectsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
