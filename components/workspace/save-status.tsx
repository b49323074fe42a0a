'use client';

import { AlertTriangle, Check, CloudUpload, Loader2 } from 'lucide-react';
import { RelativeTime } from '@/components/ui/time';
import { useEditor } from './editor-store';

/** "Saved", "Saving…", "Unsaved changes", or the problem: always visible in the header. */
export function SaveStatus() {
  const state = useEditor((s) => s.saveState);
  const lastSavedAt = useEditor((s) => s.lastSavedAt);
  const error = useEditor((s) => s.saveError);
  const content = {
    saved: (
      <>
        <Check className="text-success" /> Saved
        {lastSavedAt ? (
          <span className="text-fg-subtle">
            {' '}
            · <RelativeTime date={lastSavedAt} />
          </span>
        ) : null}
      </>
    ),
    unsaved: (
      <>
        <CloudUpload /> Unsaved changes
      </>
    ),
    saving: (
      <>
        <Loader2 className="animate-spin" /> Saving…
      </>
    ),
    error: (
      <span className="flex items-center gap-1.5 text-danger" title={error ?? undefined}>
        <AlertTriangle /> Not saved: retrying
      </span>
    ),
    conflict: (
      <span className="flex items-center gap-1.5 text-warning">
        <AlertTriangle /> Changed elsewhere
      </span>
    ),
  }[state];
  return (
    <span
      role="status"
      aria-live="polite"
      data-save-state={state}
      className="flex items-center gap-1.5 text-xs text-fg-muted [&_svg]:size-3.5"
    >
      {content}
    </span>
  );
}
