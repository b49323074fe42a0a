'use client';

import { useReactFlow } from '@xyflow/react';
import { Search } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { BLOCK_CATEGORIES, type TBlockDefinition } from '@/blocks/core/block';
import { BLOCK_DEFINITIONS, blockRegistry } from '@/blocks/registry';
import { Input } from '@/components/ui/input';
import { CategoryIcon } from './block-visuals';
import { searchBlocks } from './block-search';
import { useEditorStoreApi } from './editor-store';
import { useBlockTextsOf } from './use-block-texts';

export const PALETTE_DRAG_TYPE = 'application/x-poseidon-block';

/** Only the newest version of each block is offered; older ones stay loadable for old graphs. */
const LATEST = BLOCK_DEFINITIONS.filter((d) => blockRegistry.latest(d.type) === d);

export function Palette() {
  const store = useEditorStoreApi();
  const { screenToFlowPosition } = useReactFlow();
  const [query, setQuery] = useState('');
  const categoryLabel = useTranslations('BlockCategories');
  const textsOf = useBlockTextsOf();

  const groups = useMemo(() => {
    const found = searchBlocks(LATEST, query, (d) => ({ ...textsOf(d), category: categoryLabel(d.category) }));
    // Categories in the order of their best match (their usual order when nothing is typed).
    const categories = query.trim() ? [...new Set(found.map((d) => d.category))] : BLOCK_CATEGORIES;
    return categories
      .map((category) => ({ category, blocks: found.filter((d) => d.category === category) }))
      .filter((g) => g.blocks.length > 0);
  }, [query, textsOf, categoryLabel]);

  function addAtCentre(definition: TBlockDefinition) {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    // The store moves it on to free space when a block is already there.
    const centre = canvas
      ? screenToFlowPosition({ x: canvas.left + canvas.width / 2 - 112, y: canvas.top + canvas.height / 2 - 30 })
      : { x: 0, y: 0 };
    store.getState().addBlock(definition, centre);
  }

  return (
    <aside aria-label="Blocks" className="flex h-full w-56 shrink-0 flex-col border-r border-border bg-surface 2xl:w-64">
      <div className="grid gap-2 border-b border-border p-3">
        <h2 className="text-sm font-semibold">Blocks</h2>
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-fg-subtle" aria-hidden />
          <Input
            type="search"
            placeholder="Search blocks"
            aria-label="Search blocks"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="pl-8"
          />
        </div>
      </div>
      <div className="grid content-start gap-4 overflow-y-auto p-3">
        {groups.length === 0 ? <p className="px-1 text-sm text-fg-muted">No block matches “{query}”.</p> : null}
        {groups.map(({ category, blocks }) => (
          <section key={category} className="grid gap-1" aria-label={categoryLabel(category)}>
            <h3 className="px-1 text-xs font-medium uppercase tracking-wide text-fg-subtle">{categoryLabel(category)}</h3>
            {blocks.map((d) => (
              <button
                key={d.type}
                type="button"
                draggable
                title={textsOf(d).description}
                onDragStart={(event) => {
                  event.dataTransfer.setData(PALETTE_DRAG_TYPE, `${d.type}@${d.version}`);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => addAtCentre(d)}
                className="flex cursor-grab items-center gap-2.5 rounded-lg px-2 py-1.5 text-left text-sm hover:bg-surface-muted active:cursor-grabbing"
              >
                <CategoryIcon definition={d} />
                <span className="grid min-w-0">
                  <span className="truncate font-medium">{textsOf(d).title}</span>
                  <span className="truncate text-xs text-fg-muted">{textsOf(d).description}</span>
                </span>
              </button>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
