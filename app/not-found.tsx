import { SearchX } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/feedback';

export default function NotFound() {
  return (
    <main className="grid min-h-full place-items-center">
      <EmptyState
        icon={<SearchX />}
        title="Not found"
        action={
          <Button asChild>
            <Link href="/projects">Back to your projects</Link>
          </Button>
        }
      >
        This page does not exist, or it belongs to someone else.
      </EmptyState>
    </main>
  );
}
