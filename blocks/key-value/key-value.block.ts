import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { keyValueMessages } from './key-value.messages';
import { checkTemplate } from '@/blocks/core/template';

export const KEY_VALUE_OPERATIONS = ['get', 'set', 'delete', 'list'] as const;
export const MAX_KEY_LENGTH = 512;

const keyTemplate = (fallback: string, what: string) =>
  z
    .string()
    .max(MAX_KEY_LENGTH)
    .superRefine((text, ctx) => {
      const problem = checkTemplate(text, { roots: ['input'] });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(fallback)
    .describe(what);

/** Named values kept by the dApp between runs (a counter, settings, the last result). */
export const keyValueBlock = defineBlock({
  type: 'key-value',
  version: 1,
  category: 'storage',
  title: 'Key-value store',
  description: 'Saves a value under a name and reads it back later, even in another run.',
  icon: 'key-round',
  inputs: [{ name: 'in', type: 'json', label: 'Value', description: 'The value to save (Set), and values for {{input.field}} in the key' }],
  outputs: [
    {
      name: 'out',
      type: 'json',
      label: 'Result',
      description: 'Get: the value (null if none). Set: { key, value }. Delete: { key, deleted }. List: [{ key, value }]',
    },
  ],
  configSchema: z
    .object({
      operation: z
        .enum(KEY_VALUE_OPERATIONS)
        .default('get')
        .describe('Get a value, set (save) one, delete one, or list the values whose key starts with the prefix'),
      key: keyTemplate('counter', 'The name of the value, e.g. "visits" or "user:{{input.id}}"'),
      prefix: keyTemplate('', 'List: only keys starting with this (empty lists everything)'),
    })
    .superRefine((config, ctx) => {
      if (config.operation !== 'list' && config.key.trim() === '') {
        ctx.addIssue({ code: 'custom', message: `${config.operation} needs a key`, path: ['key'] });
      }
    }),
  capabilities: ['storage'],
  pageLoad: { isRead: (config) => config.operation === 'get' || config.operation === 'list' },
  messages: keyValueMessages,
});
