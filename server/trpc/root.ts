import { accountRouter } from '@/server/trpc/routers/account';
import { deployRouter } from '@/server/trpc/routers/deploy';
import { previewRouter } from '@/server/trpc/routers/preview';
import { projectsRouter } from '@/server/trpc/routers/projects';
import { runsRouter } from '@/server/trpc/routers/runs';
import { secretsRouter } from '@/server/trpc/routers/secrets';
import { createCallerFactory, createTRPCRouter } from '@/server/trpc/init';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  deploy: deployRouter,
  preview: previewRouter,
  projects: projectsRouter,
  runs: runsRouter,
  secrets: secretsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
