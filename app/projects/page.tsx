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
  // Awaited, so the list is in the HTML and in the cache the browser hydrates with. Streamed while
  // still pending, it reached the browser's cache at a moment that depended on the machine's
  // speed: when that was in the middle of hydration, useQuery drew the list over the server's
  // skeleton, React threw away the page (error #418) and a click on "New project" was lost.
  await getQueryClient().prefetchQuery(trpc.projects.list.queryOptions());
  return (
    <HydrateClient>
      <ProjectsDashboard user={{ name: user.name, email: user.email }} />
    </HydrateClient>
  );
}
