/**
 * Every block definition, in palette order within each category. Adding a block: one line here
 * and one in blocks/executors.ts (see blocks/ADDING_A_BLOCK.md). Browser-safe.
 */
import type { TBlockDefinition } from '@/blocks/core/block';
import { createRegistry } from '@/blocks/core/registry';
import { aggregateBlock } from './aggregate/aggregate.block';
import { buttonBlock } from './button/button.block';
import { chartBlock } from './chart/chart.block';
import { codeBlock } from './code/code.block';
import { conditionBlock } from './condition/condition.block';
import { delayBlock, delayBlockV1 } from './delay/delay.block';
import { filterBlock } from './filter/filter.block';
import { formBlock } from './form/form.block';
import { imageBlock } from './image/image.block';
import { mergeBlock } from './merge/merge.block';
import { sortLimitBlock } from './sort-limit/sort-limit.block';
import { tableBlock } from './table/table.block';
import { textBlock } from './text/text.block';
import { constantBlock } from './constant/constant.block';
import { expressionBlock } from './expression/expression.block';
import { manualTriggerBlock } from './manual-trigger/manual-trigger.block';
import { noteBlock } from './note/note.block';
import { collectionBlock } from './collection/collection.block';
import { datasetBlock } from './dataset/dataset.block';
import { httpRequestBlock } from './http-request/http-request.block';
import { httpTriggerBlock } from './http-trigger/http-trigger.block';
import { keyValueBlock } from './key-value/key-value.block';
import { scheduleBlock } from './schedule/schedule.block';

export const BLOCK_DEFINITIONS: readonly TBlockDefinition[] = [
  // triggers
  manualTriggerBlock,
  httpTriggerBlock,
  scheduleBlock,
  // data sources
  constantBlock,
  httpRequestBlock,
  datasetBlock,
  // logic
  expressionBlock,
  codeBlock,
  conditionBlock,
  filterBlock,
  mergeBlock,
  aggregateBlock,
  sortLimitBlock,
  delayBlockV1,
  delayBlock,
  // storage
  keyValueBlock,
  collectionBlock,
  // ui
  formBlock,
  buttonBlock,
  textBlock,
  tableBlock,
  chartBlock,
  imageBlock,
  // canvas
  noteBlock,
];

export const blockRegistry = createRegistry(BLOCK_DEFINITIONS);
