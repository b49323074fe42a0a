import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ProjectsDashboard } from '@/components/projects/projects-dashboard';
import { requireUser } from '@/server/session';
import { HydrateClient, getQueryClient, trpc } from '@/server/trpc/server';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('Metadata'))('projects') };
}

export default async function ProjectsPage() {
  const user = await requireUser('/projects');
  void getQueryClient().prefetchQuery(trpc.projects.list.queryOptions());
  return (
    <HydrateClient>
      <ProjectsDashboard user={{ name: user.name, email: user.email }} />
    </HydrateClient>
  );
}
