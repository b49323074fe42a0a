/** Named versions: labelled snapshots of a project's graph, listed and restored. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { summarizeGraph } from '@/blocks/core/graph';
import { project, projectVersion } from '@/prisma/schema';
import { assertProjectId, ServiceError } from './errors';
import { getProject, type TSaveResult, type TServiceContext } from './projects';

export interface TVersionListItem {
  id: string;
  label: string;
  projectVersion: number;
  nodeCount: number;
  createdAt: Date;
}

const listColumns = {
  id: projectVersion.id,
  label: projectVersion.label,
  projectVersion: projectVersion.projectVersion,
  // Counted in the database so listing versions never loads their graphs.
  nodeCount: sql<number>`jsonb_array_length(${projectVersion.graph}->'nodes')`.mapWith(Number),
  createdAt: projectVersion.createdAt,
};

export async function createVersion(ctx: TServiceContext, input: { projectId: string; label: string }): Promise<TVersionListItem> {
  const current = await getProject(ctx, input.projectId);
  const [row] = await ctx.db
    .insert(projectVersion)
    .values({
      projectId: current.id,
      label: input.label,
      graph: current.graph,
      projectVersion: current.version,
    })
    .returning(listColumns);
  return row!;
}

export async function listVersions(ctx: TServiceContext, projectId: string): Promise<TVersionListItem[]> {
  await getProject(ctx, projectId);
  return ctx.db
    .select(listColumns)
    .from(projectVersion)
    .where(eq(projectVersion.projectId, projectId))
    .orderBy(desc(projectVersion.createdAt), desc(projectVersion.id));
}

/**
 * Makes a snapshot the project's current graph. The graph it replaces is first kept as a
 * version of its own, so a restore is undone by restoring that one. The graph is read, backed
 * up and replaced in one transaction, and the replacement only lands if the version read is
 * still the stored one (as an autosave does): a save that lands meanwhile is never overwritten
 * unseen; the restore fails with CONFLICT instead and changes nothing.
 */
export async function restoreVersion(
  ctx: TServiceContext,
  input: { projectId: string; versionId: string },
): Promise<TSaveResult & { backupVersionId: string }> {
  assertProjectId(input.projectId);
  if (!/^[0-9a-f-]{36}$/i.test(input.versionId)) throw versionNotFound();
  return ctx.db.transaction(async (tx) => {
    const current = await getProject({ ...ctx, db: tx }, input.projectId);
    const [snapshot] = await tx
      .select()
      .from(projectVersion)
      .where(and(eq(projectVersion.id, input.versionId), eq(projectVersion.projectId, current.id)));
    if (!snapshot) throw versionNotFound();
    const [backup] = await tx
      .insert(projectVersion)
      .values({
        projectId: current.id,
        label: `Before restoring "${snapshot.label}"`,
        graph: current.graph,
        projectVersion: current.version,
      })
      .returning({ id: projectVersion.id });
    const [saved] = await tx
      .update(project)
      .set({
        graph: snapshot.graph,
        summary: summarizeGraph(snapshot.graph),
        version: sql`${project.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(project.id, current.id), eq(project.ownerId, ctx.userId), eq(project.version, current.version)))
      .returning({ version: project.version, updatedAt: project.updatedAt });
    if (!saved) throw restoreConflict();
    return { ...saved, backupVersionId: backup!.id };
  });
}

/** Thrown inside the transaction, so the backup written before it is rolled back too. */
function restoreConflict(): ServiceError {
  const message = 'This project was saved elsewhere while the version was being restored; nothing was restored. Try again.';
  return new ServiceError('CONFLICT', message, [{ severity: 'error', code: 'restore_conflict', message }]);
}

function versionNotFound(): ServiceError {
  return new ServiceError('NOT_FOUND', 'Version not found.', [
    { severity: 'error', code: 'version_not_found', message: 'Version not found.' },
  ]);
}
