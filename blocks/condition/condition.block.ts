import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { conditionMessages } from './condition.messages';

/** An if/else: routes the input to one of two branches; blocks on the other branch are skipped. */
export const conditionBlock = defineBlock({
  type: 'condition',
  version: 1,
  category: 'logic',
  title: 'Condition',
  description: 'Sends the input down the "True" or the "False" branch, depending on a condition.',
  icon: 'split',
  inputs: [{ name: 'in', type: 'json', label: 'Input', required: true }],
  outputs: [
    { name: 'true', type: 'json', label: 'True', description: 'The input, when the condition holds' },
    { name: 'false', type: 'json', label: 'False', description: 'The input, otherwise' },
  ],
  configSchema: z.object({
    expression: z
      .string()
      .min(1, 'must not be empty')
      .max(10_000)
      .default('Boolean(input)')
      .describe(
        'A JavaScript condition on `input`, e.g. `input.amount > 100`. ' +
          'A result that is not true/false counts by JavaScript truthiness (0, "", null are false).',
      )
      .meta({ widget: 'code', language: 'javascript', codeKind: 'expression' }),
  }),
  capabilities: ['code'],
  messages: conditionMessages,
});
