'use client';

import { AlertTriangle } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/feedback';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="grid min-h-full place-items-center">
      <EmptyState icon={<AlertTriangle />} title="Something went wrong" action={<Button onClick={reset}>Try again</Button>}>
        The page could not be shown. Your saved work is safe.
      </EmptyState>
    </main>
  );
}
