import { notFound } from 'next/navigation';
import { getDb } from '@/server/db';
import { ServiceError } from '@/server/services/errors';
import { assertProjectAccess } from '@/server/services/projects';
import { requireUser } from '@/server/session';

/**
 * Who may open the project is settled here, before anything is sent: a visitor who is not signed
 * in is redirected, and another user's project is a 404, with the right status. The page itself
 * (reading the graph) then streams in behind loading.tsx.
 */
export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await requireUser(`/projects/${projectId}`);
  try {
    await assertProjectAccess({ db: await getDb(), userId: user.id }, projectId);
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'NOT_FOUND') notFound();
    throw error;
  }
  return children;
}
