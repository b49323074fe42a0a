import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { filterMessages } from './filter.messages';

/** Splits a table by a condition evaluated per row (in the sandbox). */
export const filterBlock = defineBlock({
  type: 'filter',
  version: 1,
  category: 'logic',
  title: 'Filter',
  description: 'Keeps the rows of a table that match a condition; the others go to "Rejected".',
  icon: 'funnel',
  inputs: [{ name: 'in', type: 'table', label: 'Rows', required: true }],
  outputs: [
    { name: 'out', type: 'table', label: 'Kept', description: 'Rows for which the condition is true' },
    { name: 'rejected', type: 'table', label: 'Rejected', description: 'All other rows' },
  ],
  configSchema: z.object({
    condition: z
      .string()
      .min(1, 'must not be empty')
      .max(10_000)
      .default('true')
      .describe(
        'A JavaScript condition checked for every row: `item` is the row, `index` its position, e.g. `item.score > 3`. ' +
          'A result that is not true/false counts by JavaScript truthiness (0, "", null are false).',
      )
      .meta({ widget: 'code', language: 'javascript', codeKind: 'expression' }),
  }),
  capabilities: ['code'],
  messages: filterMessages,
});
