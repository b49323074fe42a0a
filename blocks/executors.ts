/**
 * Every block executor, by `type@version`. Server and DAIOS node only: the browser bundle never
 * imports this file (ESLint refuses it). Canvas-only blocks (notes) have no executor.
 */
import type { TBlockExecutor } from '@/blocks/core/executor';
import { executeConstant } from './constant/constant.exec';
import { executeExpression } from './expression/expression.exec';
import { executeManualTrigger } from './manual-trigger/manual-trigger.exec';

// Each executor is typed against its own block's config; the registry stores them uniformly.
type TAnyExecutor = TBlockExecutor;
const asAny = (executor: unknown) => executor as TAnyExecutor;

export const BLOCK_EXECUTORS: ReadonlyMap<string, TAnyExecutor> = new Map([
  ['manual-trigger@1', asAny(executeManualTrigger)],
  ['constant@1', asAny(executeConstant)],
  ['expression@1', asAny(executeExpression)],
]);
