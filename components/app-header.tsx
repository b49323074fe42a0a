'use client';

import { KeyRound, LogOut, UserRound } from 'lucide-react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SigningKeyDialog } from '@/components/account/signing-key-dialog';
import { LanguageSwitcher } from '@/components/language-switcher';
import { authClient } from '@/components/auth/auth-client';
import { Button } from '@/components/ui/button';
import { Logo } from '@/components/ui/logo';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/menu';

export interface THeaderUser {
  name: string;
  email: string;
}

export function UserMenu({ user }: { user: THeaderUser }) {
  const t = useTranslations('Header');
  const router = useRouter();
  const [keyOpen, setKeyOpen] = useState(false);
  async function signOut() {
    await authClient.signOut();
    router.replace('/sign-in');
    router.refresh();
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={t('accountMenu')}>
          <span className="grid size-6 place-items-center rounded-full bg-primary-soft text-xs font-semibold text-primary">
            {initials(user.name)}
          </span>
          <span className="hidden max-w-32 truncate sm:inline">{user.name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          <span className="flex items-center gap-2">
            <UserRound className="size-4" aria-hidden /> {user.email}
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => setKeyOpen(true)}>
          <KeyRound /> {t('signingKey')}
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={signOut}>
          <LogOut /> {t('signOut')}
        </DropdownMenuItem>
      </DropdownMenuContent>
      <SigningKeyDialog open={keyOpen} onOpenChange={setKeyOpen} />
    </DropdownMenu>
  );
}

export function AppHeader({ user, children }: { user: THeaderUser; children?: React.ReactNode }) {
  const t = useTranslations('Header');
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-border bg-surface px-4">
      <Link href="/projects" aria-label={t('home')}>
        <Logo />
      </Link>
      <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
      <LanguageSwitcher />
      <UserMenu user={user} />
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}
