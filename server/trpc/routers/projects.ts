/** Project procedures: thin wrappers; the logic and the ownership checks live in services. */
import { z } from 'zod';
import { ZGraph, ZGraphSummary } from '@/blocks/core/graph';
import { PROJECT_FILE_MAX_BYTES, ZProjectDescription, ZProjectName } from '@/blocks/core/project-file';
import * as projects from '@/server/services/projects';
import * as versions from '@/server/services/versions';
import { createTRPCRouter, protectedProcedure } from '@/server/trpc/init';

const ZProjectId = z.object({ projectId: z.string().min(1).max(64) });

const ZProjectListItem = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  summary: ZGraphSummary,
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZProjectDetail = ZProjectListItem.extend({ graph: ZGraph });
/** On the dashboard: where the project is live (its newest deployment), if it is. */
const ZProjectDashboardItem = ZProjectListItem.extend({ live: z.object({ appName: z.string(), url: z.string() }).nullable() });
const ZSaveResult = z.object({ version: z.number().int(), updatedAt: z.date() });
const ZVersionListItem = z.object({
  id: z.string(),
  label: z.string(),
  projectVersion: z.number().int(),
  nodeCount: z.number().int(),
  createdAt: z.date(),
});

const ctxOf = (ctx: { db: projects.TServiceContext['db']; user: { id: string } }) => ({
  db: ctx.db,
  userId: ctx.user.id,
});

const versionsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(ZProjectId)
    .output(z.array(ZVersionListItem))
    .query(({ ctx, input }) => versions.listVersions(ctxOf(ctx), input.projectId)),
  create: protectedProcedure
    .input(ZProjectId.extend({ label: z.string().trim().min(1, 'must not be empty').max(100) }))
    .output(ZVersionListItem)
    .mutation(({ ctx, input }) => versions.createVersion(ctxOf(ctx), input)),
  restore: protectedProcedure
    .input(ZProjectId.extend({ versionId: z.string().min(1).max(64) }))
    .output(ZSaveResult.extend({ backupVersionId: z.string() }))
    .mutation(({ ctx, input }) => versions.restoreVersion(ctxOf(ctx), input)),
});

export const projectsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(ZProjectDashboardItem)).query(async ({ ctx }) =>
    (await projects.listProjects(ctxOf(ctx))).map(({ liveAppName, ...item }) => ({
      ...item,
      live: liveAppName ? { appName: liveAppName, url: ctx.daios.appUrl(liveAppName) } : null,
    })),
  ),
  get: protectedProcedure
    .input(ZProjectId)
    .output(ZProjectDetail)
    .query(({ ctx, input }) => projects.getProject(ctxOf(ctx), input.projectId)),
  create: protectedProcedure
    .input(
      z.object({
        name: ZProjectName,
        description: ZProjectDescription.optional(),
        templateId: z.string().max(64).optional(),
        /** Start from this graph instead (for example "keep mine as a copy" after a conflict). */
        graph: ZGraph.optional(),
      }),
    )
    .output(ZProjectDetail)
    .mutation(({ ctx, input }) => projects.createProject(ctxOf(ctx), input)),
  rename: protectedProcedure
    .input(ZProjectId.extend({ name: ZProjectName }))
    .output(ZProjectListItem)
    .mutation(({ ctx, input }) => projects.renameProject(ctxOf(ctx), input)),
  duplicate: protectedProcedure
    .input(ZProjectId)
    .output(ZProjectDetail)
    .mutation(({ ctx, input }) => projects.duplicateProject(ctxOf(ctx), input.projectId)),
  delete: protectedProcedure
    .input(ZProjectId)
    .output(z.object({ projectId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await projects.deleteProject(ctxOf(ctx), input.projectId);
      return { projectId: input.projectId };
    }),
  saveGraph: protectedProcedure
    .input(ZProjectId.extend({ baseVersion: z.number().int().min(1), graph: ZGraph }))
    .output(ZSaveResult)
    .mutation(({ ctx, input }) => projects.saveGraph(ctxOf(ctx), input)),
  export: protectedProcedure.input(ZProjectId).query(({ ctx, input }) => projects.exportProject(ctxOf(ctx), input.projectId)),
  import: protectedProcedure
    // The file's text, parsed and checked by the service so every problem is reported at once.
    .input(z.object({ text: z.string().max(PROJECT_FILE_MAX_BYTES, 'the file is larger than 5 MB') }))
    .output(ZProjectDetail)
    .mutation(({ ctx, input }) => projects.importProject(ctxOf(ctx), input.text)),
  versions: versionsRouter,
});
