import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { tableMessages } from './table.messages';

/** A table of rows on the dApp's page, in pages of `pageSize`. */
export const tableBlock = defineBlock({
  type: 'table',
  version: 1,
  category: 'ui',
  title: 'Table',
  description: "Shows rows of data as a table on your app's page.",
  icon: 'table',
  inputs: [{ name: 'rows', type: 'table', label: 'Rows', required: true }],
  outputs: [],
  configSchema: z.object({
    title: z.string().max(200).default('').describe('Heading shown above the table (optional)'),
    columns: z
      .array(z.string().min(1, 'must not be empty').max(200))
      .max(100)
      .default([])
      .describe('The fields to show as columns, in order; empty shows every field'),
    pageSize: z.number().int().min(5).max(100).default(20).describe('Rows per page'),
  }),
  capabilities: [],
  messages: tableMessages,
});
