import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { formMessages } from './form.messages';

export const FORM_FIELD_TYPES = ['text', 'number', 'email', 'textarea', 'checkbox'] as const;

export const ZFormField = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter and use only letters, digits and _')
    .max(64)
    .default('field')
    .describe('The key of this value in the submitted data, e.g. "email"'),
  label: z.string().max(200).default('').describe('What the visitor sees next to the field; empty shows the name'),
  type: z.enum(FORM_FIELD_TYPES).default('text').describe('The kind of input: text, number, email, textarea (several lines) or checkbox'),
  required: z.boolean().default(false).describe('The form cannot be sent without it (a required checkbox must be ticked)'),
});
export type TFormField = z.infer<typeof ZFormField>;

/** A form on the dApp's page; each submission starts a run with the entered values. */
export const formBlock = defineBlock({
  type: 'form',
  version: 1,
  category: 'ui',
  title: 'Form',
  description: "Shows a form on your app's page; when a visitor sends it, the flow runs with what they entered.",
  icon: 'clipboard-list',
  inputs: [],
  outputs: [{ name: 'submitted', type: 'json', label: 'Submitted values', description: 'One key per field, e.g. { "name": "Ada" }' }],
  configSchema: z.object({
    title: z.string().max(200).default('Form').describe('Heading shown above the form'),
    fields: z
      .array(ZFormField)
      .min(1, 'add at least one field')
      .max(50)
      .superRefine((fields, issues) => {
        const seen = new Set<string>();
        fields.forEach((field, i) => {
          if (seen.has(field.name))
            issues.addIssue({ code: 'custom', path: [i, 'name'], message: `another field is already named "${field.name}"` });
          seen.add(field.name);
        });
      })
      .default([
        { name: 'name', label: 'Name', type: 'text', required: true },
        { name: 'message', label: 'Message', type: 'textarea', required: false },
      ])
      .describe('The fields of the form, in order'),
    submitLabel: z.string().min(1).max(100).default('Submit').describe('Text on the send button'),
  }),
  capabilities: [],
  // A visitor submits it: POST /api/<nodeId>.
  trigger: { kind: 'form' },
  messages: formMessages,
});
