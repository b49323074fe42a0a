/**
 * The size of a block on the canvas, known before it is drawn: the block component uses it for
 * its box, and the zoomed-out overview draws tiles and wires from it without measuring anything.
 */
import type { TBlockDefinition } from '@/blocks/core/block';
import { blockRegistry } from '@/blocks/registry';
import type { TEditorNode } from './graph-mapping';

export const BLOCK_WIDTH = 224;
export const NOTE_SIZE = { width: 192, height: 80 };
/** An unknown block type (from an import) draws as a warning box of this size. */
const UNKNOWN_SIZE = { width: 208, height: 56 };

export function blockHeight(definition: Pick<TBlockDefinition, 'inputs' | 'outputs'>): number {
  return 44 + Math.max(definition.inputs.length, definition.outputs.length, 1) * 8;
}

/** Where port `index` of `count` sits down the side of a box `height` tall (as the handles are placed). */
export function portOffset(index: number, count: number, height: number): number {
  return ((index + 1) / (count + 1)) * height;
}

/** The box a node takes: measured by the canvas when it has been drawn there, else from its definition. */
export function nodeSize(node: Pick<TEditorNode, 'type' | 'data' | 'measured'>): { width: number; height: number } {
  if (node.measured?.width && node.measured.height) return { width: node.measured.width, height: node.measured.height };
  if (node.type === 'note') return NOTE_SIZE;
  const definition = blockRegistry.get(node.data.blockType, node.data.version);
  return definition ? { width: BLOCK_WIDTH, height: blockHeight(definition) } : UNKNOWN_SIZE;
}
