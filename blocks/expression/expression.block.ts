import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { expressionMessages } from './expression.messages';

/** Computes a new value from the input with one JavaScript expression (run in the sandbox). */
export const expressionBlock = defineBlock({
  type: 'expression',
  version: 1,
  category: 'logic',
  title: 'Expression',
  description: 'Computes a value from the input with a JavaScript expression. With "For each row", maps every row of a table.',
  icon: 'square-function',
  inputs: [{ name: 'in', type: 'json', label: 'Input', required: true }],
  outputs: [{ name: 'out', type: 'json', label: 'Result' }],
  configSchema: z.object({
    expression: z
      .string()
      .min(1, 'must not be empty')
      .max(10_000)
      .default('input')
      .describe('A JavaScript expression. `input` is the input value (or `item` and `index` for each row).')
      .meta({ widget: 'code', language: 'javascript', codeKind: 'expression' }),
    forEach: z.boolean().default(false).describe('For each row: apply the expression to every item of a list'),
  }),
  capabilities: ['code'],
  messages: expressionMessages,
});
