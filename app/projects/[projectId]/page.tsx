import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { ProjectWorkspace } from '@/components/workspace/project-workspace';
import { ServiceError } from '@/server/services/errors';
import { requireUser } from '@/server/session';
import { getQueryClient, HydrateClient, trpc } from '@/server/trpc/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('Metadata'))('project') };
}

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await requireUser(`/projects/${projectId}`);
  try {
    await getQueryClient().fetchQuery(trpc.projects.get.queryOptions({ projectId }));
  } catch (error) {
    // Another user's project and a missing one look the same: a 404.
    if (isNotFound(error)) notFound();
    throw error;
  }
  return (
    <HydrateClient>
      <ProjectWorkspace projectId={projectId} user={{ name: user.name, email: user.email }} />
    </HydrateClient>
  );
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'NOT_FOUND' || (error instanceof ServiceError && error.kind === 'NOT_FOUND');
}
