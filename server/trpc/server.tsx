/** Server components prefetch through this; client components then read the same queries. */
import 'server-only';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache } from 'react';
import { makeQueryClient } from '@/components/trpc/query-client';
import { createTRPCContext } from './context';
import { appRouter } from './root';

export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => createTRPCContext(await headers()));

export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
