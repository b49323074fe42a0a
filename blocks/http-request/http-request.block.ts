import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { httpRequestMessages } from './http-request.messages';
import type { TJson } from '@/blocks/core/executor';
import { checkTemplate } from '@/blocks/core/template';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Header names as HTTP allows them (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * The problem with a URL template, or undefined: placeholders must be `{{input.x}}`, and with
 * them filled in it must be an http(s) address. Secrets are not allowed in URLs (addresses end up
 * in logs and traces); send them in a header.
 */
export function checkUrlTemplate(url: string): string | undefined {
  const problem = checkTemplate(url, { roots: ['input'] });
  if (problem) return /secret/.test(problem) ? `${problem} Put secrets in a header instead.` : problem;
  const sample = url.replace(/\{\{[^{}]*\}\}/g, 'x');
  if (!/^https?:\/\//i.test(sample)) return 'must start with http:// or https://';
  try {
    new URL(sample);
  } catch {
    return 'is not a valid web address';
  }
  return undefined;
}

/** Every string inside a JSON value, for checking the placeholders in a body. */
function* stringsIn(value: TJson): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) yield* stringsIn(item);
}

/** Calls a JSON web API. The node hosting the dApp makes the request through its `net` capability. */
export const httpRequestBlock = defineBlock({
  type: 'http-request',
  version: 1,
  category: 'data',
  title: 'HTTP request',
  description: 'Fetches data from a web API (or sends data to it) and passes on the JSON answer.',
  icon: 'globe',
  keywords: ['api', 'fetch', 'url', 'web'],
  inputs: [{ name: 'in', type: 'json', label: 'Input', description: 'Values for {{input.field}} placeholders' }],
  outputs: [
    { name: 'out', type: 'json', label: 'Response', description: 'The answer: JSON when the server sends JSON, otherwise text' },
    { name: 'status', type: 'number', label: 'Status', description: 'The HTTP status code, e.g. 200' },
  ],
  configSchema: z
    .object({
      method: z.enum(HTTP_METHODS).default('GET').describe('GET reads data; POST, PUT and PATCH send the body; DELETE removes'),
      url: z
        .string()
        .max(4096)
        .default('https://jsonplaceholder.typicode.com/todos/1')
        .superRefine((url, ctx) => {
          const problem = checkUrlTemplate(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .describe('The web address to call. Use {{input.field}} to put a value from the input into it.'),
      headers: z
        .array(
          z.object({
            name: z
              .string()
              .regex(HEADER_NAME, 'must be a header name such as Authorization')
              .default('Authorization')
              .describe('Header name'),
            value: z
              .string()
              .max(8192)
              .default('')
              .superRefine((value, ctx) => {
                const problem = checkTemplate(value, { roots: ['input'], secrets: true });
                if (problem) ctx.addIssue({ code: 'custom', message: problem });
              })
              .describe('Header value. Use {{secret.NAME}} for an API key kept in the project secrets.'),
          }),
        )
        .max(50)
        .default([])
        .describe('Extra request headers, e.g. Authorization: Bearer {{secret.API_KEY}}'),
      body: z
        .json()
        .default(null)
        .superRefine((body, ctx) => {
          for (const text of stringsIn(body)) {
            const problem = checkTemplate(text, { roots: ['input'] });
            if (problem) {
              ctx.addIssue({ code: 'custom', message: problem });
              return;
            }
          }
        })
        .describe(
          'JSON to send (POST, PUT, PATCH, DELETE); leave empty (null) to send none. "{{input.field}}" puts in a value from the input.',
        )
        .meta({ widget: 'json' }),
      timeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe('Give up after this many milliseconds'),
    })
    .superRefine((config, ctx) => {
      if (config.method === 'GET' && config.body !== null) {
        ctx.addIssue({ code: 'custom', message: 'a GET request cannot send a body; use POST or leave the body empty', path: ['body'] });
      }
    }),
  capabilities: ['net'],
  pageLoad: { isRead: (config) => config.method === 'GET' },
  messages: httpRequestMessages,
});
