import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { datasetMessages } from './dataset.messages';
import { DATASET_FORMATS } from './parse';

/** The largest file the block holds. It is stored in the project and bundled with the dApp. */
export const MAX_DATASET_BYTES = 2 * 1024 * 1024;

function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_DATASET_BYTES) return text.length; // cannot be over the limit
  return new TextEncoder().encode(text).length;
}

/** A table from a CSV or JSON file the builder uploaded; shipped inside the dApp's bundle. */
export const datasetBlock = defineBlock({
  type: 'dataset',
  version: 1,
  category: 'data',
  title: 'Dataset',
  description: 'A table from a CSV or JSON file you upload, for example a spreadsheet export.',
  icon: 'file-spreadsheet',
  inputs: [],
  outputs: [
    { name: 'out', type: 'table', label: 'Rows', description: 'One object per row' },
    {
      name: 'columns',
      type: 'json',
      label: 'Columns',
      description: 'Each column name and type, e.g. [{ "name": "price", "type": "number" }]',
    },
  ],
  configSchema: z.object({
    fileName: z.string().max(255).default('sample.csv').describe('The name of the uploaded file'),
    format: z.enum(DATASET_FORMATS).default('csv').describe('CSV (a spreadsheet export) or JSON (a list of objects)'),
    content: z
      .string()
      .default('label,value\nApples,3\nPears,5\nPlums,2\n')
      .refine((text) => utf8Length(text) <= MAX_DATASET_BYTES, 'the file is larger than 2 MB')
      .describe('The file contents (at most 2 MB)')
      .meta({ widget: 'textarea' }),
    hasHeader: z.boolean().default(true).describe('CSV only: the first line holds the column names'),
  }),
  capabilities: [],
  // The uploaded file is a bundle asset, data/<nodeId>.csv or .json, not manifest text.
  dataFile: { field: 'content', extension: (config) => config.format },
  messages: datasetMessages,
});
