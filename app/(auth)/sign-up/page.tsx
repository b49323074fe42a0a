import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { currentUser } from '@/server/session';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage() {
  if (await currentUser()) redirect('/projects');
  return <AuthForm mode="sign-up" next="/projects" />;
}
