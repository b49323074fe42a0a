import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { safeNextPath } from '@/components/auth/safe-next';
import { currentUser } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('Metadata'))('signIn') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNextPath(next));
  return <AuthForm mode="sign-in" next={safeNextPath(next)} />;
}
