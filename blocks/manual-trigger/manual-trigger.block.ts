import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { manualTriggerMessages } from './manual-trigger.messages';

/** Starts a run by hand from the editor's Run button, with sample input. */
export const manualTriggerBlock = defineBlock({
  type: 'manual-trigger',
  version: 1,
  category: 'trigger',
  title: 'Manual run',
  description: 'Starts the flow when you press Run, with the sample input below.',
  icon: 'play',
  inputs: [],
  outputs: [{ name: 'out', type: 'json', label: 'Input', description: 'The sample input' }],
  configSchema: z.object({
    sample: z.json().default({}).describe('Sample input passed to the next blocks when you press Run').meta({ widget: 'json' }),
  }),
  capabilities: [],
  trigger: { kind: 'manual' },
  messages: manualTriggerMessages,
});
