'use client';

import { useReactFlow } from '@xyflow/react';
import { Bot, Database, FileCode2, GitBranch, LayoutTemplate, StickyNote, Zap } from 'lucide-react';
import { useEditorStoreApi } from './editor-store';

export const PALETTE_DRAG_TYPE = 'application/x-poseidon-block';

/** The block categories, in palette order; the block library fills them in. */
const UPCOMING = [
  { title: 'Triggers', icon: Zap },
  { title: 'Data sources', icon: Database },
  { title: 'Logic', icon: GitBranch },
  { title: 'AI models', icon: Bot },
  { title: 'Storage', icon: FileCode2 },
  { title: 'UI', icon: LayoutTemplate },
];

export function Palette() {
  const store = useEditorStoreApi();
  const { screenToFlowPosition } = useReactFlow();

  function addAtCentre() {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = canvas
      ? screenToFlowPosition({ x: canvas.left + canvas.width / 2 - 96, y: canvas.top + canvas.height / 2 - 40 })
      : { x: 0, y: 0 };
    store.getState().addNote(centre);
  }

  return (
    <aside aria-label="Blocks" className="flex h-full w-60 shrink-0 flex-col border-r border-border bg-surface">
      <h2 className="border-b border-border px-4 py-3 text-sm font-semibold">Blocks</h2>
      <div className="grid gap-4 overflow-y-auto p-3">
        <section className="grid gap-1.5">
          <h3 className="px-1 text-xs font-medium uppercase tracking-wide text-fg-subtle">Canvas</h3>
          <button
            type="button"
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(PALETTE_DRAG_TYPE, 'note');
              event.dataTransfer.effectAllowed = 'copy';
            }}
            onClick={addAtCentre}
            className="flex cursor-grab items-center gap-2 rounded-lg border border-border bg-surface px-2.5 py-2 text-left text-sm hover:border-amber-300 hover:bg-amber-50 active:cursor-grabbing"
          >
            <StickyNote className="size-4 text-amber-600" aria-hidden />
            <span className="grid">
              <span className="font-medium">Note</span>
              <span className="text-xs text-fg-muted">A comment on the canvas</span>
            </span>
          </button>
        </section>
        <section className="grid gap-1.5">
          <h3 className="px-1 text-xs font-medium uppercase tracking-wide text-fg-subtle">Coming with the block library</h3>
          <ul className="grid gap-1">
            {UPCOMING.map(({ title, icon: Icon }) => (
              <li key={title} className="flex items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm text-fg-subtle">
                <Icon className="size-4" aria-hidden /> {title}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </aside>
  );
}
