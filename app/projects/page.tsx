import type { Metadata } from 'next';
import { ProjectsDashboard } from '@/components/projects/projects-dashboard';
import { requireUser } from '@/server/session';
import { HydrateClient, getQueryClient, trpc } from '@/server/trpc/server';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const user = await requireUser('/projects');
  void getQueryClient().prefetchQuery(trpc.projects.list.queryOptions());
  return (
    <HydrateClient>
      <ProjectsDashboard user={{ name: user.name, email: user.email }} />
    </HydrateClient>
  );
}
