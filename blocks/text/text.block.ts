import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { textMessages } from './text.messages';
import { checkTemplate } from '@/blocks/core/template';

/** Text on the dApp's page, written in Markdown, with values from the input filled in. */
export const textBlock = defineBlock({
  type: 'text',
  version: 1,
  category: 'ui',
  title: 'Text / Markdown',
  description: "Shows text on your app's page (headings, lists, links with Markdown), with values from the input filled in.",
  icon: 'pilcrow',
  inputs: [{ name: 'in', type: 'json', label: 'Values', description: 'Read by the {{input.field}} placeholders' }],
  outputs: [{ name: 'out', type: 'string', label: 'Text', description: 'The text with the placeholders filled in' }],
  configSchema: z.object({
    markdown: z
      .string()
      .max(50_000)
      .superRefine((text, issues) => {
        // Page text is public: only input values, never {{secret.*}}.
        const problem = checkTemplate(text, { roots: ['input'] });
        if (problem) issues.addIssue({ code: 'custom', message: problem });
      })
      .default("## Hello\n\nThis text is shown on your app's page.")
      .describe('The text, in Markdown. {{input.field}} is replaced by that field of the input, e.g. {{input.name}}')
      .meta({ widget: 'textarea' }),
  }),
  capabilities: [],
  messages: textMessages,
});
