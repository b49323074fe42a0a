import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { mergeMessages } from './merge.messages';

/** Combines two tables: one after the other, or row by row where a key field matches. */
export const mergeBlock = defineBlock({
  type: 'merge',
  version: 1,
  category: 'logic',
  title: 'Merge / Join by key',
  description: 'Combines two tables: appends B after A, or joins rows of A and B that share a key (like a spreadsheet lookup).',
  icon: 'merge',
  inputs: [
    { name: 'a', type: 'table', label: 'A', required: true },
    { name: 'b', type: 'table', label: 'B', required: true },
  ],
  outputs: [{ name: 'out', type: 'table', label: 'Rows' }],
  configSchema: z
    .object({
      mode: z
        .enum(['append', 'join'])
        .default('append')
        .describe('Append: all rows of A, then all rows of B. Join: each row of A combined with the rows of B that have the same key'),
      key: z
        .string()
        .max(200)
        .default('id')
        .describe('Join only: the field both tables share, e.g. "id". When A and B both have another field, B\'s value wins'),
      join: z
        .enum(['inner', 'left'])
        .default('inner')
        .describe('Join only. Inner: keep only rows of A that have a match in B. Left: keep every row of A, matched or not'),
    })
    .superRefine((config, issues) => {
      if (config.mode === 'join' && config.key.trim() === '') {
        issues.addIssue({ code: 'custom', path: ['key'], message: 'a join needs the name of the key field' });
      }
    }),
  capabilities: [],
  messages: mergeMessages,
});
