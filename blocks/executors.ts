/**
 * Every block executor, by `type@version`. Server and DAIOS node only: the browser bundle never
 * imports this file (ESLint refuses it). Canvas-only blocks (notes) have no executor.
 */
import type { TBlockExecutor } from '@/blocks/core/executor';
import { executeAggregate } from './aggregate/aggregate.exec';
import { executeButton } from './button/button.exec';
import { executeChart } from './chart/chart.exec';
import { executeCode } from './code/code.exec';
import { executeCondition } from './condition/condition.exec';
import { executeDelay, executeDelayV1 } from './delay/delay.exec';
import { executeFilter } from './filter/filter.exec';
import { executeForm } from './form/form.exec';
import { executeImage } from './image/image.exec';
import { executeMerge } from './merge/merge.exec';
import { executeSortLimit } from './sort-limit/sort-limit.exec';
import { executeTable } from './table/table.exec';
import { executeText } from './text/text.exec';
import { executeConstant } from './constant/constant.exec';
import { executeExpression } from './expression/expression.exec';
import { executeManualTrigger } from './manual-trigger/manual-trigger.exec';
import { executeCollection } from './collection/collection.exec';
import { executeDataset } from './dataset/dataset.exec';
import { executeHttpRequest } from './http-request/http-request.exec';
import { executeHttpTrigger } from './http-trigger/http-trigger.exec';
import { executeKeyValue } from './key-value/key-value.exec';
import { executeSchedule } from './schedule/schedule.exec';

// Each executor is typed against its own block's config; the registry stores them uniformly.
type TAnyExecutor = TBlockExecutor;
const asAny = (executor: unknown) => executor as TAnyExecutor;

export const BLOCK_EXECUTORS: ReadonlyMap<string, TAnyExecutor> = new Map([
  ['manual-trigger@1', asAny(executeManualTrigger)],
  ['http-trigger@1', asAny(executeHttpTrigger)],
  ['schedule@1', asAny(executeSchedule)],
  ['constant@1', asAny(executeConstant)],
  ['http-request@1', asAny(executeHttpRequest)],
  ['dataset@1', asAny(executeDataset)],
  ['key-value@1', asAny(executeKeyValue)],
  ['collection@1', asAny(executeCollection)],
  ['expression@1', asAny(executeExpression)],
  ['code@1', asAny(executeCode)],
  ['condition@1', asAny(executeCondition)],
  ['filter@1', asAny(executeFilter)],
  ['merge@1', asAny(executeMerge)],
  ['aggregate@1', asAny(executeAggregate)],
  ['sort-limit@1', asAny(executeSortLimit)],
  ['delay@1', asAny(executeDelayV1)],
  ['delay@2', asAny(executeDelay)],
  ['form@1', asAny(executeForm)],
  ['button@1', asAny(executeButton)],
  ['text@1', asAny(executeText)],
  ['table@1', asAny(executeTable)],
  ['chart@1', asAny(executeChart)],
  ['image@1', asAny(executeImage)],
]);
