'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import type { TMessages } from '@/i18n/messages';
import { authClient } from './auth-client';

type TMode = 'sign-in' | 'sign-up';

type TAuthKey = keyof TMessages['Auth'];

const copy = {
  'sign-in': { title: 'signInTitle', submit: 'signInSubmit', pending: 'signInPending' },
  'sign-up': { title: 'signUpTitle', submit: 'signUpSubmit', pending: 'signUpPending' },
} as const satisfies Record<TMode, Record<string, TAuthKey>>;

/** Sign-in and sign-up. Errors from the server are shown as they come (they name the problem). */
export function AuthForm({ mode, next }: { mode: TMode; next: string }) {
  const t = useTranslations('Auth');
  const common = useTranslations('Common');
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
      setError(describeAuthError(result.error, t));
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
      <h1 className="text-xl font-semibold">{t(copy[mode].title)}</h1>
      {mode === 'sign-up' ? (
        <Field id="name" label={common('name')}>
          <Input id="name" name="name" autoComplete="name" required maxLength={100} />
        </Field>
      ) : null}
      <Field id="email" label={t('email')}>
        <Input id="email" name="email" type="email" autoComplete="email" required />
      </Field>
      <Field id="password" label={t('password')} hint={mode === 'sign-up' ? t('passwordHint') : undefined}>
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
        {t(pending ? copy[mode].pending : copy[mode].submit)}
      </Button>
      <p className="text-center text-sm text-fg-muted">
        {mode === 'sign-in' ? (
          <>
            {t('newHere')}{' '}
            <Link className="font-medium text-primary hover:underline" href="/sign-up">
              {t('createAccount')}
            </Link>
          </>
        ) : (
          <>
            {t('haveAccount')}{' '}
            <Link className="font-medium text-primary hover:underline" href="/sign-in">
              {t('signInLink')}
            </Link>
          </>
        )}
      </p>
    </form>
  );
}

/** The server's words for what it knows (a lockout says for how long), ours for the rest. */
function describeAuthError(error: { status?: number; message?: string; code?: string }, t: (key: TAuthKey) => string): string {
  if (error.status === 429) return error.message ?? t('tooManyAttempts');
  if (error.code === 'INVALID_EMAIL_OR_PASSWORD') return t('wrongPassword');
  if (error.code === 'USER_ALREADY_EXISTS' || error.code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') return t('accountExists');
  return error.message ?? t('failed');
}
