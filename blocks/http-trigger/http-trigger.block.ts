import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { httpTriggerMessages } from './http-trigger.messages';
import { ZHttpField } from './input';

/**
 * An HTTP API endpoint of the dApp, served at /apps/<app>/api/<path>. Each request starts a run
 * with its JSON body (POST) or query parameters (GET) as the payload, checked against `fields`.
 */
export const httpTriggerBlock = defineBlock({
  type: 'http-trigger',
  version: 1,
  category: 'trigger',
  title: 'HTTP endpoint',
  description: 'Starts the flow when someone calls this web address of your app, with the data they send.',
  icon: 'webhook',
  keywords: ['api', 'webhook', 'url'],
  inputs: [],
  outputs: [{ name: 'out', type: 'json', label: 'Request', description: 'The data sent with the request' }],
  configSchema: z.object({
    path: z
      .string()
      .min(1, 'must not be empty')
      .max(64)
      .regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and "-" only')
      .default('submit')
      .describe('The endpoint name: the app answers at /apps/<app>/api/<name>'),
    method: z.enum(['POST', 'GET']).default('POST').describe('POST sends a JSON body; GET sends the fields in the address (query string)'),
    fields: z
      .array(ZHttpField)
      .max(100)
      .default([{ name: 'message', type: 'string', required: true }])
      .superRefine((fields, ctx) => {
        const seen = new Set<string>();
        fields.forEach((field, index) => {
          if (seen.has(field.name)) ctx.addIssue({ code: 'custom', message: `"${field.name}" is listed twice`, path: [index, 'name'] });
          seen.add(field.name);
        });
      })
      .describe('The fields a request must send; requests that do not fit are refused. Leave empty to accept any JSON.'),
    sample: z
      .json()
      .default({ message: 'Hello' })
      .describe('A sample request, used when you press Run in the editor')
      .meta({ widget: 'json' }),
  }),
  capabilities: [],
  trigger: { kind: 'http', endpoint: (config) => ({ path: config.path, method: config.method }) },
  messages: httpTriggerMessages,
});
