/**
 * Projects: the logic and the authorization. Every query is scoped by owner, so another user's
 * project behaves exactly like a missing one.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { emptyGraph, summarizeGraph, type TGraph, type TGraphSummary } from '@/blocks/core/graph';
import { buildProjectFile, copyName, parseProjectFile, type TProjectFile } from '@/blocks/core/project-file';
import { findTemplate } from '@/blocks/templates';
import { deployment, project } from '@/prisma/schema';
import type { Db } from '@/server/db/client';
import { assertProjectId, projectNotFound, ServiceError } from './errors';

export interface TServiceContext {
  db: Db;
  userId: string;
}

export interface TProjectListItem {
  id: string;
  name: string;
  description: string;
  summary: TGraphSummary;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A dashboard entry: the project and the app it is live as (its newest deployment), if any. */
export interface TProjectDashboardItem extends TProjectListItem {
  liveAppName: string | null;
}

export interface TProjectDetail extends TProjectListItem {
  graph: TGraph;
}

const listColumns = {
  id: project.id,
  name: project.name,
  description: project.description,
  summary: project.summary,
  version: project.version,
  createdAt: project.createdAt,
  updatedAt: project.updatedAt,
};

function ownedBy(ctx: TServiceContext, projectId: string) {
  return and(eq(project.id, projectId), eq(project.ownerId, ctx.userId));
}

/**
 * The user's projects, newest first, each with the app name of its newest deployment while it is
 * live (as listDeployments orders them; an app taken offline is not): one query, whatever the number of projects.
 */
export async function listProjects(ctx: TServiceContext): Promise<TProjectDashboardItem[]> {
  // Qualified by hand: drizzle writes a one-table query's columns unqualified, and inside the
  // subquery "id" would be the deployment's.
  const liveAppName = sql<string | null>`(
    select case when d.offline_at is null then d.app_name end from ${deployment} d
    where d.project_id = ${project}.id
    order by d.seq desc, d.created_at desc
    limit 1
  )`;
  return ctx.db
    .select({ ...listColumns, liveAppName })
    .from(project)
    .where(eq(project.ownerId, ctx.userId))
    .orderBy(desc(project.updatedAt), desc(project.id));
}

/** Whether the user may open the project, without reading its graph (the page checks this first). */
export async function assertProjectAccess(ctx: TServiceContext, projectId: string): Promise<void> {
  assertProjectId(projectId);
  const [row] = await ctx.db.select({ id: project.id }).from(project).where(ownedBy(ctx, projectId));
  if (!row) throw projectNotFound();
}

export async function getProject(ctx: TServiceContext, projectId: string): Promise<TProjectDetail> {
  assertProjectId(projectId);
  const [row] = await ctx.db
    .select({ ...listColumns, graph: project.graph })
    .from(project)
    .where(ownedBy(ctx, projectId));
  if (!row) throw projectNotFound();
  return row;
}

export async function createProject(
  ctx: TServiceContext,
  input: { name: string; description?: string; templateId?: string; graph?: TGraph },
): Promise<TProjectDetail> {
  let graph = input.graph ?? emptyGraph();
  if (input.templateId) {
    const template = findTemplate(input.templateId);
    if (!template) {
      throw new ServiceError('BAD_REQUEST', `Unknown template "${input.templateId}".`, [
        {
          severity: 'error',
          code: 'unknown_template',
          message: `Unknown template "${input.templateId}".`,
          path: 'templateId',
        },
      ]);
    }
    graph = structuredClone(template.graph);
  }
  const [row] = await ctx.db
    .insert(project)
    .values({
      ownerId: ctx.userId,
      name: input.name,
      description: input.description ?? '',
      graph,
      summary: summarizeGraph(graph),
    })
    .returning({ ...listColumns, graph: project.graph });
  return row!;
}

export async function renameProject(ctx: TServiceContext, input: { projectId: string; name: string }): Promise<TProjectListItem> {
  assertProjectId(input.projectId);
  const [row] = await ctx.db
    .update(project)
    .set({ name: input.name, updatedAt: sql`now()` })
    .where(ownedBy(ctx, input.projectId))
    .returning(listColumns);
  if (!row) throw projectNotFound();
  return row;
}

export async function duplicateProject(ctx: TServiceContext, projectId: string): Promise<TProjectDetail> {
  const source = await getProject(ctx, projectId);
  return createProject(ctx, {
    name: copyName(source.name),
    description: source.description,
    graph: source.graph,
  });
}

export async function deleteProject(ctx: TServiceContext, projectId: string): Promise<void> {
  assertProjectId(projectId);
  const deleted = await ctx.db.delete(project).where(ownedBy(ctx, projectId)).returning({ id: project.id });
  if (deleted.length === 0) throw projectNotFound();
}

export interface TSaveResult {
  version: number;
  updatedAt: Date;
}

/**
 * Saves a graph if the stored version is still the one the edit was based on. One UPDATE
 * statement: a crash mid-save leaves either the old graph or the new one, never a mix.
 */
export async function saveGraph(
  ctx: TServiceContext,
  input: { projectId: string; baseVersion: number; graph: TGraph },
): Promise<TSaveResult> {
  assertProjectId(input.projectId);
  const [row] = await ctx.db
    .update(project)
    .set({
      graph: input.graph,
      summary: summarizeGraph(input.graph),
      version: sql`${project.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(ownedBy(ctx, input.projectId), eq(project.version, input.baseVersion)))
    .returning({ version: project.version, updatedAt: project.updatedAt });
  if (row) return row;
  const current = await getProject(ctx, input.projectId); // NOT_FOUND if not the caller's
  throw new ServiceError(
    'CONFLICT',
    `This project was changed elsewhere (your edit was based on version ${input.baseVersion}; the saved version is ${current.version}).`,
    [
      {
        severity: 'error',
        code: 'save_conflict',
        message: 'This project was changed in another tab or device since you opened it.',
      },
    ],
    { currentVersion: current.version, updatedAt: current.updatedAt.toISOString() },
  );
}

export async function exportProject(ctx: TServiceContext, projectId: string): Promise<TProjectFile> {
  const source = await getProject(ctx, projectId);
  return buildProjectFile(source, new Date());
}

/** Validates the whole file first; nothing is saved from a file with any problem. */
export async function importProject(ctx: TServiceContext, text: string): Promise<TProjectDetail> {
  const parsed = parseProjectFile(text);
  if (!parsed.ok) {
    const count = parsed.diagnostics.length;
    throw new ServiceError(
      'BAD_REQUEST',
      `The file was not imported: ${count} problem${count === 1 ? '' : 's'} found.`,
      parsed.diagnostics,
    );
  }
  const { name, description, graph } = parsed.file.project;
  return createProject(ctx, { name, description, graph });
}
