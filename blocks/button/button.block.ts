import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { buttonMessages } from './button.messages';

/** A button on the dApp's page; each click starts a run. */
export const buttonBlock = defineBlock({
  type: 'button',
  version: 1,
  category: 'ui',
  title: 'Button',
  description: "Shows a button on your app's page; clicking it runs the blocks connected to it.",
  icon: 'mouse-pointer-click',
  inputs: [],
  outputs: [{ name: 'clicked', type: 'event', label: 'Clicked', description: 'When it was clicked, plus the payload below' }],
  configSchema: z.object({
    label: z.string().min(1, 'must not be empty').max(100).default('Run').describe('Text on the button'),
    payload: z
      .record(z.string(), z.json())
      .default({})
      .describe('Extra data sent with every click, as a JSON object, e.g. { "action": "refresh" }')
      .meta({ widget: 'json' }),
  }),
  capabilities: [],
  // A visitor presses it: POST /api/<nodeId>.
  trigger: { kind: 'button' },
  messages: buttonMessages,
});
