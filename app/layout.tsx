import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { Toaster } from 'sonner';
import { TRPCReactProvider } from '@/components/trpc/client';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Metadata');
  return { title: { default: 'Poseidon', template: '%s · Poseidon' }, description: t('description') };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, never prerendered: Next.js puts the request's CSP nonce (proxy.ts) on
  // its scripts only while rendering a request.
  await connection();
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {/* Passes the request's language and messages on to client components. */}
        <NextIntlClientProvider>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </NextIntlClientProvider>
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
