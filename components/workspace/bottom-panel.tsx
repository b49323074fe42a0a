'use client';

import { Play, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/feedback';

const TABS = [
  { id: 'run', label: 'Test run', icon: Play },
  { id: 'problems', label: 'Problems', icon: TriangleAlert },
] as const;

/** Runs and problems of the flow; the block library issue fills both. */
export function BottomPanel() {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('run');
  return (
    <section aria-label="Run and problems" className="flex h-40 shrink-0 flex-col border-t border-border bg-surface">
      <div role="tablist" className="flex gap-1 border-b border-border px-2">
        {TABS.map(({ id, label, icon: Icon }) => (
          <button
            key={id}
            role="tab"
            type="button"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={cn(
              'flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm',
              tab === id ? 'border-primary font-medium text-fg' : 'border-transparent text-fg-muted hover:text-fg',
            )}
          >
            <Icon className="size-3.5" aria-hidden /> {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="min-h-0 flex-1 overflow-auto">
        {tab === 'run' ? (
          <EmptyState title="No runs yet" className="py-6">
            Test runs come with the block library: each block&apos;s input, output and timing will show here.
          </EmptyState>
        ) : (
          <EmptyState title="No problems found" className="py-6">
            Problems in the flow (missing inputs, invalid settings) will be listed here.
          </EmptyState>
        )}
      </div>
    </section>
  );
}
