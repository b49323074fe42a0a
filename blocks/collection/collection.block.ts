import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { collectionMessages } from './collection.messages';
import { checkTemplate } from '@/blocks/core/template';

export const COLLECTION_OPERATIONS = ['insert', 'find', 'update', 'delete'] as const;

/** Every string in a `where` value, for checking its placeholders. */
function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) yield* stringsIn(item);
}

/** A named list of documents (records) kept by the dApp: sign-ups, orders, messages. */
export const collectionBlock = defineBlock({
  type: 'collection',
  version: 1,
  category: 'storage',
  title: 'Collection',
  description: 'Stores records (like rows of a spreadsheet) and finds, changes or removes them later.',
  icon: 'database',
  inputs: [
    {
      name: 'in',
      type: 'json',
      label: 'Document',
      description:
        'Insert: the record to store. Update: the changes, with "id". Delete: the id (or { id }). Also fills {{input.field}} in Where.',
    },
  ],
  outputs: [
    {
      name: 'out',
      type: 'json',
      label: 'Result',
      description: 'Find: a table of records. Insert: the stored record. Update: { updated, documents }. Delete: { deleted, ids }',
    },
  ],
  configSchema: z.object({
    name: z
      .string()
      .min(1, 'must not be empty')
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter')
      .default('items')
      .describe('The collection, e.g. "orders". Blocks using the same name share the records.'),
    operation: z.enum(COLLECTION_OPERATIONS).default('find').describe('Insert a record, find records, update or delete them'),
    where: z
      .record(z.string(), z.json())
      .superRefine((where, ctx) => {
        for (const text of stringsIn(where)) {
          const problem = checkTemplate(text, { roots: ['input'] });
          if (problem) {
            ctx.addIssue({ code: 'custom', message: problem });
            return;
          }
        }
      })
      .default({})
      .describe('Only records whose fields equal these values, e.g. { "status": "open", "user": "{{input.user}}" }')
      .meta({ widget: 'json' }),
    sortField: z.string().max(100).default('').describe('Find: sort by this field (empty: in the order they were added)'),
    sortDirection: z.enum(['asc', 'desc']).default('asc').describe('Find: smallest first (asc) or largest first (desc)'),
    limit: z.number().int().min(1).max(1000).default(100).describe('At most this many records (find, and update or delete by Where)'),
  }),
  capabilities: ['storage'],
  pageLoad: { isRead: (config) => config.operation === 'find' },
  messages: collectionMessages,
});
