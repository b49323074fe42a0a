import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { chartMessages } from './chart.messages';

/** A bar, line or pie chart of a table on the dApp's page: one point (or slice) per row. */
export const chartBlock = defineBlock({
  type: 'chart',
  version: 1,
  category: 'ui',
  title: 'Chart',
  description: "Draws rows of data as a bar, line or pie chart on your app's page.",
  icon: 'chart-column',
  inputs: [{ name: 'rows', type: 'table', label: 'Rows', required: true }],
  outputs: [],
  configSchema: z.object({
    title: z.string().max(200).default('').describe('Heading shown above the chart (optional)'),
    kind: z.enum(['bar', 'line', 'pie']).default('bar').describe('Bar, line or pie chart'),
    x: z.string().max(200).default('').describe('The field for the labels: the x axis, or the slice names of a pie'),
    y: z.string().max(200).default('').describe('The field with the numbers: bar heights, line values or slice sizes'),
  }),
  capabilities: [],
  messages: chartMessages,
});
