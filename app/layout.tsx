import type { Metadata } from 'next';
import { Toaster } from 'sonner';
import { TRPCReactProvider } from '@/components/trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Poseidon', template: '%s · Poseidon' },
  description: 'Build AI dApps from blocks, test them live and deploy them to the DAIOS network.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
