import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { noteMessages } from './note.messages';

/** A sticky note on the canvas: documentation for whoever reads the flow, never executed. */
export const noteBlock = defineBlock({
  type: 'note',
  version: 1,
  category: 'canvas',
  title: 'Note',
  description: 'A comment on the canvas. Notes are never run.',
  icon: 'sticky-note',
  inputs: [],
  outputs: [],
  configSchema: z.object({
    text: z.string().max(5000).default('').describe('What the note says').meta({ widget: 'textarea' }),
  }),
  capabilities: [],
  messages: noteMessages,
});
