import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { currentUser } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('Metadata'))('signUp') };
}

export default async function SignUpPage() {
  if (await currentUser()) redirect('/projects');
  return <AuthForm mode="sign-up" next="/projects" />;
}
