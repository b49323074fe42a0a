import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { sortLimitMessages } from './sort-limit.messages';

/** Orders a table by one field and keeps a page of it (offset, then limit). */
export const sortLimitBlock = defineBlock({
  type: 'sort-limit',
  version: 1,
  category: 'logic',
  title: 'Sort / Limit',
  description: 'Sorts the rows of a table by a field and keeps only the first ones, e.g. a top 10.',
  icon: 'arrow-down-wide-narrow',
  inputs: [{ name: 'in', type: 'table', label: 'Rows', required: true }],
  outputs: [{ name: 'out', type: 'table', label: 'Rows' }],
  configSchema: z.object({
    field: z
      .string()
      .max(200)
      .default('')
      .describe('Sort by this field; empty keeps the current order. Numbers sort as numbers, texts alphabetically, empty values last'),
    direction: z.enum(['asc', 'desc']).default('asc').describe('asc: smallest first (A to Z); desc: largest first (Z to A)'),
    limit: z.number().int().min(0).max(100_000).default(0).describe('Keep at most this many rows; 0 keeps all'),
    offset: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('Skip this many rows first (for pages: offset 20, limit 10 is rows 21 to 30)'),
  }),
  capabilities: [],
  messages: sortLimitMessages,
});
