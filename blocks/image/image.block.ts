import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { imageMessages } from './image.messages';
import { isAllowedImageSource } from './source';

/** An image on the dApp's page, from a fixed address or one computed by the flow. */
export const imageBlock = defineBlock({
  type: 'image',
  version: 1,
  category: 'ui',
  title: 'Image',
  description: "Shows a picture on your app's page, from a web address or from the flow.",
  icon: 'image',
  inputs: [{ name: 'src', type: 'string', label: 'Address', description: 'Used instead of the configured address when connected' }],
  outputs: [],
  configSchema: z.object({
    src: z
      .string()
      .max(2_000_000)
      .refine((src) => src.trim() === '' || isAllowedImageSource(src.trim()), 'must be an http(s):// link or a data:image address')
      .default('')
      .describe("The picture's address: an https:// link (or a data:image address). Leave empty when the flow provides it"),
    alt: z.string().max(500).default('').describe('A short description of the picture, read aloud to visitors who cannot see it'),
    width: z
      .number()
      .int()
      .min(0)
      .max(4000)
      .default(0)
      .describe("Width in pixels; 0 uses the picture's own size (never wider than the page)"),
  }),
  capabilities: [],
  messages: imageMessages,
});
