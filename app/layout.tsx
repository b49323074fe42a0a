import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Toaster } from 'sonner';
import { TRPCReactProvider } from '@/components/trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Poseidon', template: '%s · Poseidon' },
  description: 'Build AI dApps from blocks, test them live and deploy them to the DAIOS network.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, never prerendered: Next.js puts the request's CSP nonce (proxy.ts) on
  // its scripts only while rendering a request.
  await connection();
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
