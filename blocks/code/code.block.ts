import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { codeMessages } from './code.messages';

/** Runs a JavaScript function body on the input, in the sandbox (no network, no files, time-limited). */
export const codeBlock = defineBlock({
  type: 'code',
  version: 1,
  category: 'logic',
  title: 'Code',
  description: 'Runs your own JavaScript on the input and passes on what it returns.',
  icon: 'code',
  keywords: ['javascript', 'script', 'function'],
  inputs: [{ name: 'in', type: 'json', label: 'Input', description: 'Available to the code as `input`' }],
  outputs: [{ name: 'out', type: 'json', label: 'Result', description: 'What the code returns' }],
  configSchema: z.object({
    source: z
      .string()
      .min(1, 'must not be empty')
      .max(100_000)
      .default('return input;')
      .describe('The body of a JavaScript function. `input` is the input value; `return` the result (JSON values only).')
      .meta({ widget: 'code', language: 'javascript', codeKind: 'body' }),
    timeoutMs: z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(1000)
      .describe('Time limit in milliseconds; the code is stopped when it runs longer'),
  }),
  capabilities: ['code'],
  messages: codeMessages,
});
