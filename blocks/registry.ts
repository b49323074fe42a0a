/**
 * Every block definition, in palette order within each category. Adding a block: one line here
 * and one in blocks/executors.ts (see blocks/ADDING_A_BLOCK.md). Browser-safe.
 */
import type { TBlockDefinition } from '@/blocks/core/block';
import { createRegistry } from '@/blocks/core/registry';
import { constantBlock } from './constant/constant.block';
import { expressionBlock } from './expression/expression.block';
import { manualTriggerBlock } from './manual-trigger/manual-trigger.block';
import { noteBlock } from './note/note.block';

export const BLOCK_DEFINITIONS: readonly TBlockDefinition[] = [
  // triggers
  manualTriggerBlock,
  // data sources
  constantBlock,
  // logic
  expressionBlock,
  // canvas
  noteBlock,
];

export const blockRegistry = createRegistry(BLOCK_DEFINITIONS);
