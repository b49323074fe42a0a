'use client';

import { useMutation } from '@tanstack/react-query';
import { ExternalLink, Loader2, RefreshCw, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DiagnosticList } from '@/components/ui/feedback';
import { useEditor } from './editor-store';

/** How soon after a save the preview follows. */
const FOLLOW_DELAY_MS = 150;

/**
 * The draft app, served by the local node at its private preview address, refreshed after each
 * saved edit. What a visitor would see, with its own test data.
 */
export function PreviewPane({ projectId, onClose, floating = false }: { projectId: string; onClose: () => void; floating?: boolean }) {
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

  const [width, resize] = usePreviewWidth();
  return (
    <aside
      aria-label="Preview"
      // A column beside the canvas, or (floating) over its right side, where the toolbar and the run
      // panel stay clear of it. Resizable either way.
      className={cn(
        'flex h-full shrink-0 flex-col border-l border-border bg-surface',
        floating ? 'absolute inset-y-0 right-0 z-30 shadow-2xl' : 'relative',
      )}
      style={{ width }}
    >
      <ResizeHandle width={width} resize={resize} />
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
            <Button variant="ghost" size="icon" asChild>
              {/* An icon only: the header must fit the narrowest pane (280 px) with its close button. */}
              <a href={current.url} target="_blank" rel="noreferrer" aria-label="Open in new tab" title="Open in new tab">
                <ExternalLink />
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

const MIN_WIDTH = 280;
/** What the palette and the inspector take below 1536 px (w-56, w-72). */
const SIDEBARS = 224 + 288;

/** Room left for the canvas (and the preview over or beside it) in a window this wide. */
function maxWidth(viewport: number): number {
  return Math.max(MIN_WIDTH, Math.round((viewport - SIDEBARS) * 0.7));
}

/**
 * The preview's width: at first 40% of what the sidebars leave (so at 1280 x 800 the canvas keeps
 * some 460 px beside it), at most 70% of it; the handle moves it.
 */
function usePreviewWidth(): [number, (next: number) => void] {
  const viewport = () => (typeof window === 'undefined' ? 1280 : window.innerWidth);
  const [width, setWidth] = useState(() => Math.min(448, Math.max(MIN_WIDTH, Math.round((viewport() - SIDEBARS) * 0.4))));
  const resize = useCallback((next: number) => setWidth(Math.min(maxWidth(viewport()), Math.max(MIN_WIDTH, Math.round(next)))), []);
  return [width, resize];
}

/** The preview's left edge: drag it, or focus it and use the arrow keys. */
function ResizeHandle({ width, resize }: { width: number; resize: (next: number) => void }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current) resize(drag.current.width + drag.current.x - event.clientX);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === 'ArrowLeft') resize(width + step);
    else if (event.key === 'ArrowRight') resize(width - step);
    else return;
    event.preventDefault();
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the preview"
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = null)}
      onKeyDown={onKeyDown}
      className="absolute inset-y-0 -left-1 z-10 w-2 cursor-col-resize hover:bg-primary/30 focus-visible:bg-primary/40 focus-visible:outline-none"
    />
  );
}
