import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { aggregateMessages } from './aggregate.messages';

export const AGGREGATE_OPS = ['count', 'sum', 'avg', 'min', 'max'] as const;

export const ZAggregation = z.object({
  field: z.string().max(200).default('').describe('The field to summarise. With "count" it may stay empty: then rows are counted'),
  op: z
    .enum(AGGREGATE_OPS)
    .default('count')
    .describe('count: how many rows (or non-empty values); sum / avg: total / average of numbers; min / max: smallest / largest value'),
  as: z.string().max(200).default('').describe('Name of the result column; empty: op_field, e.g. "sum_amount"'),
});
export type TAggregation = z.infer<typeof ZAggregation>;

/** The output column an aggregation writes to. */
export function aggregationName(aggregation: TAggregation): string {
  if (aggregation.as.trim()) return aggregation.as.trim();
  return aggregation.field ? `${aggregation.op}_${aggregation.field}` : aggregation.op;
}

/** Groups rows by some fields and computes counts, sums, averages, minimums or maximums per group. */
export const aggregateBlock = defineBlock({
  type: 'aggregate',
  version: 1,
  category: 'logic',
  title: 'Aggregate / Group',
  description: 'Summarises a table: counts, totals, averages, minimums and maximums, for the whole table or per group.',
  icon: 'sigma',
  inputs: [{ name: 'in', type: 'table', label: 'Rows', required: true }],
  outputs: [{ name: 'out', type: 'table', label: 'Summary', description: 'One row per group' }],
  configSchema: z
    .object({
      groupBy: z
        .array(z.string().min(1, 'must not be empty').max(200))
        .max(20)
        .default([])
        .describe('Fields to group by: rows with the same values form one group. Empty: the whole table is one group'),
      aggregations: z
        .array(ZAggregation)
        .min(1, 'add at least one aggregation')
        .max(50)
        .default([{ field: '', op: 'count', as: 'count' }])
        .describe('What to compute for each group; each result becomes a column'),
    })
    .superRefine((config, issues) => {
      const names = new Set(config.groupBy);
      config.aggregations.forEach((aggregation, i) => {
        if (aggregation.op !== 'count' && !aggregation.field.trim()) {
          issues.addIssue({ code: 'custom', path: ['aggregations', i, 'field'], message: `"${aggregation.op}" needs a field` });
        }
        const name = aggregationName(aggregation);
        if (names.has(name)) {
          issues.addIssue({
            code: 'custom',
            path: ['aggregations', i, 'as'],
            message: `the column "${name}" already exists; choose another name`,
          });
        }
        names.add(name);
      });
    }),
  capabilities: [],
  messages: aggregateMessages,
});
