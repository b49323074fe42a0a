'use client';

import type { TBlockDefinition } from '@/blocks/core/block';
import type { TEditorNode } from './graph-mapping';

/** Block-specific helpers shown above the generated settings (file upload and preview, ...). */
export function NodeExtras({ node, definition }: { node: TEditorNode; definition: TBlockDefinition }) {
  void node;
  void definition;
  return null;
}
