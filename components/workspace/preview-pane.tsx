'use client';

import { useMutation } from '@tanstack/react-query';
import { ExternalLink, Loader2, RefreshCw, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { DiagnosticList } from '@/components/ui/feedback';
import { useEditor } from './editor-store';

/** How soon after a save the preview follows. */
const FOLLOW_DELAY_MS = 150;

/**
 * The draft app, served by the local node at its private preview address, refreshed after each
 * saved edit. What a visitor would see, with its own test data.
 */
export function PreviewPane({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.preview.update.mutationOptions());
  const savedRevision = useEditor((s) => s.savedRevision);
  const baseVersion = useEditor((s) => s.baseVersion);
  const [current, setCurrent] = useState<{ url: string; cid: string } | null>(null);
  const [problems, setProblems] = useState<TDiagnostic[]>([]);
  const frame = useRef<HTMLIFrameElement>(null);
  const mutate = update.mutateAsync;

  useEffect(() => {
    const timer = setTimeout(() => {
      mutate({ projectId }).then(
        (result) => {
          if (result.ok) {
            setProblems([]);
            setCurrent((previous) => (previous?.cid === result.cid ? previous : { url: result.url, cid: result.cid }));
          } else setProblems(result.diagnostics);
        },
        (error: unknown) => setProblems([{ severity: 'error', code: 'preview_failed', message: errorMessage(error) }]),
      );
    }, FOLLOW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [projectId, savedRevision, baseVersion, mutate]);

  return (
    <aside aria-label="Preview" className="flex h-full w-[28rem] shrink-0 flex-col border-l border-border bg-surface">
      <div className="flex items-center gap-1 border-b border-border px-3 py-2">
        <h2 className="text-sm font-semibold">Preview</h2>
        {update.isPending ? <Loader2 className="size-3.5 animate-spin text-fg-subtle" aria-label="Updating" /> : null}
        <div className="ml-auto flex items-center gap-1">
          <Button
            variant="ghost"
            size="icon"
            aria-label="Reload preview"
            onClick={() => frame.current?.contentWindow?.location.reload()}
            disabled={!current}
          >
            <RefreshCw />
          </Button>
          {current ? (
            <Button variant="ghost" size="sm" asChild>
              <a href={current.url} target="_blank" rel="noreferrer">
                <ExternalLink /> Open in new tab
              </a>
            </Button>
          ) : null}
          <Button variant="ghost" size="icon" aria-label="Close preview" onClick={onClose}>
            <X />
          </Button>
        </div>
      </div>
      {problems.length > 0 ? (
        <div className="p-3">
          <p className="mb-2 text-sm text-fg-muted">The preview shows the last version that worked. Fix these to update it:</p>
          <DiagnosticList label="Preview problems" diagnostics={problems} />
        </div>
      ) : null}
      {current ? (
        <iframe
          ref={frame}
          key={current.cid}
          src={current.url}
          title="App preview"
          className="min-h-0 w-full flex-1 bg-white"
          sandbox="allow-forms allow-scripts allow-same-origin allow-popups"
        />
      ) : problems.length === 0 ? (
        <div className="grid flex-1 place-items-center text-sm text-fg-muted">
          <Loader2 className="size-5 animate-spin" aria-label="Preparing the preview" />
        </div>
      ) : null}
    </aside>
  );
}
