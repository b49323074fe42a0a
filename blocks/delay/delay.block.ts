import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { delayMessages } from './delay.messages';

const ports = {
  inputs: [{ name: 'in', type: 'json' as const, label: 'Input', required: true }],
  outputs: [{ name: 'out', type: 'json' as const, label: 'Output', description: 'The input, unchanged, after the wait' }],
};

/** Version 1 (kept so saved flows still load): the wait in whole or fractional seconds. */
export const delayBlockV1 = defineBlock({
  type: 'delay',
  version: 1,
  category: 'logic',
  title: 'Delay',
  description: 'Waits a moment, then passes the input on unchanged.',
  icon: 'timer',
  ...ports,
  configSchema: z.object({
    seconds: z.number().min(0).max(60).default(1).describe('How long to wait, in seconds'),
  }),
  capabilities: [],
  messages: delayMessages,
});

/** Version 2: milliseconds, plus an optional random extra wait (to spread out requests). */
export const delayBlock = defineBlock({
  type: 'delay',
  version: 2,
  category: 'logic',
  title: 'Delay',
  description: 'Waits a moment, then passes the input on unchanged.',
  icon: 'timer',
  ...ports,
  configSchema: z.object({
    ms: z.number().int().min(0).max(60_000).default(1000).describe('How long to wait, in milliseconds (1000 = 1 second)'),
    jitterMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(0)
      .describe('Up to this many extra milliseconds, chosen at random each run; 0 waits exactly "ms"'),
  }),
  capabilities: [],
  messages: delayMessages,
  /**
   * v1 `{ seconds }` -> v2 `{ ms, jitterMs: 0 }`. A v1 config without `seconds` had v1's default
   * (1 s). A value that is not a number is carried over as it is so that validation reports it
   * instead of it turning silently into the default.
   */
  migrate: (previous) => {
    const seconds = typeof previous === 'object' && previous !== null ? ((previous as { seconds?: unknown }).seconds ?? 1) : 1;
    return { ms: typeof seconds === 'number' ? Math.round(seconds * 1000) : seconds, jitterMs: 0 };
  },
});
