'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { authClient } from './auth-client';

type TMode = 'sign-in' | 'sign-up';

const copy = {
  'sign-in': { title: 'Sign in', submit: 'Sign in', pending: 'Signing in…' },
  'sign-up': { title: 'Create your account', submit: 'Create account', pending: 'Creating account…' },
} as const;

/** Sign-in and sign-up. Errors from the server are shown as they come (they name the problem). */
export function AuthForm({ mode, next }: { mode: TMode; next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setPending(true);
    setError(null);
    const result =
      mode === 'sign-up'
        ? await authClient.signUp.email({ name: String(form.get('name') ?? '').trim(), email, password })
        : await authClient.signIn.email({ email, password });
    if (result.error) {
      setError(describeAuthError(result.error));
      setPending(false);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="grid gap-4 rounded-[var(--radius-card)] border border-border bg-surface p-6 shadow-sm"
      noValidate={false}
    >
      <h1 className="text-xl font-semibold">{copy[mode].title}</h1>
      {mode === 'sign-up' ? (
        <Field id="name" label="Name">
          <Input id="name" name="name" autoComplete="name" required maxLength={100} />
        </Field>
      ) : null}
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field id="password" label="Password" hint={mode === 'sign-up' ? 'At least 8 characters.' : undefined}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          required
          minLength={mode === 'sign-up' ? 8 : undefined}
          maxLength={128}
        />
      </Field>
      {error ? (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" size="lg" disabled={pending}>
        {pending ? copy[mode].pending : copy[mode].submit}
      </Button>
      <p className="text-center text-sm text-fg-muted">
        {mode === 'sign-in' ? (
          <>
            New to Poseidon?{' '}
            <Link className="font-medium text-primary hover:underline" href="/sign-up">
              Create an account
            </Link>
          </>
        ) : (
          <>
            Already have an account?{' '}
            <Link className="font-medium text-primary hover:underline" href="/sign-in">
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}

function describeAuthError(error: { status?: number; message?: string; code?: string }): string {
  if (error.status === 429) return error.message ?? 'Too many attempts. Try again in a few minutes.';
  if (error.code === 'INVALID_EMAIL_OR_PASSWORD') return 'That email and password do not match an account.';
  if (error.code === 'USER_ALREADY_EXISTS' || error.code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
    return 'An account with this email already exists. Sign in instead.';
  }
  return error.message ?? 'Something went wrong. Try again.';
}
