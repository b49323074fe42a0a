import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { constantMessages } from './constant.messages';

/** Fixed data: a value typed in by hand, for samples and settings. */
export const constantBlock = defineBlock({
  type: 'constant',
  version: 1,
  category: 'data',
  title: 'Constant',
  description: 'A fixed value or sample data you type in.',
  icon: 'braces',
  inputs: [],
  outputs: [{ name: 'out', type: 'json', label: 'Value' }],
  configSchema: z.object({
    value: z
      .json()
      .default([
        { name: 'Ada', score: 3 },
        { name: 'Grace', score: 5 },
      ])
      .describe('The value, as JSON')
      .meta({ widget: 'json' }),
  }),
  capabilities: [],
  messages: constantMessages,
});
