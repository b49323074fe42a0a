import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/language-switcher';
import { Logo } from '@/components/ui/logo';

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations('Auth');
  return (
    <main className="relative grid min-h-full place-items-center bg-[radial-gradient(ellipse_at_top,_var(--color-primary-soft),_transparent_60%)] px-4 py-12">
      <LanguageSwitcher className="absolute right-4 top-3" />
      <div className="grid w-full max-w-sm gap-6">
        <div className="grid justify-items-center gap-2 text-center">
          <Logo size="lg" />
          <p className="text-sm text-fg-muted">{t('tagline')}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
