/** Project procedures: thin wrappers; the logic and the ownership checks live in services. */
import { z } from 'zod';
import { ZGraph, ZGraphSummary } from '@/blocks/core/graph';
import { PROJECT_FILE_MAX_BYTES, ZProjectDescription, ZProjectName } from '@/blocks/core/project-file';
import { deleteProjectAndApp } from '@/server/services/deploy';
import * as projects from '@/server/services/projects';
import * as versions from '@/server/services/versions';
import { createTRPCRouter, projectProcedure, protectedProcedure } from '@/server/trpc/init';

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
  list: projectProcedure.output(z.array(ZVersionListItem)).query(({ ctx, input }) => versions.listVersions(ctx.service, input.projectId)),
  create: projectProcedure
    .input(z.object({ label: z.string().trim().min(1, 'must not be empty').max(100) }))
    .output(ZVersionListItem)
    .mutation(({ ctx, input }) => versions.createVersion(ctx.service, input)),
  restore: projectProcedure
    .input(z.object({ versionId: z.string().min(1).max(64) }))
    .output(ZSaveResult.extend({ backupVersionId: z.string() }))
    .mutation(({ ctx, input }) => versions.restoreVersion(ctx.service, input)),
});

export const projectsRouter = createTRPCRouter({
  list: protectedProcedure.output(z.array(ZProjectDashboardItem)).query(async ({ ctx }) =>
    (await projects.listProjects(ctxOf(ctx))).map(({ liveAppName, ...item }) => ({
      ...item,
      live: liveAppName ? { appName: liveAppName, url: ctx.daios.appUrl(liveAppName) } : null,
    })),
  ),
  get: projectProcedure.output(ZProjectDetail).query(({ ctx, input }) => projects.getProject(ctx.service, input.projectId)),
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
  rename: projectProcedure
    .input(z.object({ name: ZProjectName }))
    .output(ZProjectListItem)
    .mutation(({ ctx, input }) => projects.renameProject(ctx.service, input)),
  duplicate: projectProcedure.output(ZProjectDetail).mutation(({ ctx, input }) => projects.duplicateProject(ctx.service, input.projectId)),
  /** Takes the project's app offline first (see deploy.takeOffline); refused, nothing is deleted. */
  delete: projectProcedure
    .output(z.object({ projectId: z.string(), storageRemovedAt: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const offline = await deleteProjectAndApp(ctx.service, input.projectId, { node: () => ctx.daios.client(), masterKey: ctx.masterKey });
      return { projectId: input.projectId, storageRemovedAt: offline.ok ? offline.storageRemovedAt : null };
    }),
  saveGraph: projectProcedure
    .input(z.object({ baseVersion: z.number().int().min(1), graph: ZGraph }))
    .output(ZSaveResult)
    .mutation(({ ctx, input }) => projects.saveGraph(ctx.service, input)),
  export: projectProcedure.query(({ ctx, input }) => projects.exportProject(ctx.service, input.projectId)),
  import: protectedProcedure
    // The file's text, parsed and checked by the service so every problem is reported at once.
    .input(z.object({ text: z.string().max(PROJECT_FILE_MAX_BYTES, 'the file is larger than 5 MB') }))
    .output(ZProjectDetail)
    .mutation(({ ctx, input }) => projects.importProject(ctxOf(ctx), input.text)),
  versions: versionsRouter,
});
