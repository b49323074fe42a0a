import { BlockError, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import { fillJsonTemplate, fillTemplate, TemplateError, type TTemplateScope } from '@/blocks/core/template';
import { checkUrlTemplate, type httpRequestBlock } from './http-request.block';

const EXCERPT_CHARS = 200;

/** Fills the placeholders, makes the request through `ctx.net` and passes on the answer. */
export const executeHttpRequest: TBlockExecutor<typeof httpRequestBlock> = async ({ inputs, config, ctx }) => {
  if (!ctx.net) throw new BlockError('This block needs the net capability.', { code: 'missing_capability' });
  const scope: TTemplateScope = { input: inputs.in as TJson | undefined };

  const urlProblem = checkUrlTemplate(config.url);
  if (urlProblem) throw new BlockError(urlProblem, { field: 'url' });
  const url = inTemplate('url', () => fillTemplate(config.url, scope, { encode: encodeURIComponent }));
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new BlockError(`"${url}" is not a valid web address.`, { field: 'url' });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new BlockError('must start with http:// or https://', { field: 'url' });
  }

  const headers: Record<string, string> = {};
  config.headers.forEach((header, index) => {
    const field = `headers[${index}].value`;
    const value = inTemplate(field, () => fillTemplate(header.value, scope, { secret: (name) => ctx.secret(name) }));
    if (/[\r\n\0]/.test(value)) throw new BlockError(`The header "${header.name}" would contain a line break.`, { field });
    headers[header.name] = value;
  });
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (!has('accept')) headers.Accept = 'application/json';

  let body: string | undefined;
  if (config.body !== null) {
    if (config.method === 'GET') throw new BlockError('a GET request cannot send a body', { field: 'body' });
    body = JSON.stringify(inTemplate('body', () => fillJsonTemplate(config.body, scope)));
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await ctx.net.fetch(target.href, { method: config.method, headers, body, timeoutMs: config.timeoutMs });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BlockError(`${config.method} ${target.origin}${target.pathname} failed: ${reason}`, { code: 'request_failed' });
  }
  ctx.log('info', `${config.method} ${target.origin}${target.pathname} answered ${response.status}`);

  if (response.status < 200 || response.status >= 300) {
    const excerpt = excerptOf(response.body);
    throw new BlockError(`${target.host} answered with status ${response.status}${excerpt ? `: ${excerpt}` : '.'}`, {
      code: 'http_status',
    });
  }
  return { out: response.body === '' ? null : response.body, status: response.status };
};

/** Turns a placeholder problem into a BlockError on the config field it is in. */
function inTemplate<T>(field: string, fill: () => T): T {
  try {
    return fill();
  } catch (error) {
    if (error instanceof TemplateError) {
      throw new BlockError(error.message, { field, ...(error.secretName ? { code: 'missing_secret' } : {}) });
    }
    throw error;
  }
}

function excerptOf(body: TJson | string): string {
  const text = (typeof body === 'string' ? body : JSON.stringify(body)).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}
