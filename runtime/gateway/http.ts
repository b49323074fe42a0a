/** Small node:http helpers of the gateway: bounded body reading, security headers, JSON and HTML answers. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The page's policy: only this origin, inline code only with this response's nonce, images from
 * https: and data: (what an Image block may show), no plugins, no <base>, forms post here only,
 * and framed only by `frameAncestors` (see TCommonHeaders).
 */
export function contentSecurityPolicy(nonce: string, frameAncestors = "'none'"): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src https: data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export interface TCommonHeaders {
  preview: boolean;
  /** Any site may read the answer (an HTTP endpoint's: `Access-Control-Allow-Origin: *`). */
  cors?: boolean;
  /**
   * Who may show an HTML answer in a frame (CSP `frame-ancestors`): `'none'` unless given. The
   * gateway gives a preview the IDE's origins (the editor shows it in an iframe) and a live app
   * none: its forms and buttons act for the visitor, so no other site may overlay them (clickjacking).
   */
  frameAncestors?: string;
}

/** What every answer carries. */
function commonHeaders(options: TCommonHeaders): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...(options.preview ? { 'X-Robots-Tag': 'noindex, nofollow' } : {}),
    ...(options.cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
  };
}

function common(res: ServerResponse, options: TCommonHeaders): void {
  for (const [name, value] of Object.entries(commonHeaders(options))) res.setHeader(name, value);
}

export function sendHtml(res: ServerResponse, status: number, body: string, nonce: string, options: TCommonHeaders): void {
  res.writeHead(status, {
    ...commonHeaders(options),
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': contentSecurityPolicy(nonce, options.frameAncestors),
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** An API answer is never a document: nothing in it may run, even opened directly. */
const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};
/** The JSON answers' headers but for their length, by [preview][cors]. */
const JSON_ANSWER_HEADERS = [false, true].map((preview) =>
  [false, true].map((cors) => Object.freeze(Object.entries({ ...commonHeaders({ preview, cors }), ...JSON_HEADERS }).flat())),
);

export function sendJson(res: ServerResponse, status: number, value: unknown, options: TCommonHeaders): void {
  const body = JSON.stringify(value) ?? 'null';
  const headers = JSON_ANSWER_HEADERS[options.preview ? 1 : 0]![options.cors ? 1 : 0]!;
  // One writeHead with every header, as a flat list: on the path every API call takes, that costs
  // Node less than a setHeader each, or an object of them (headers set before, like `Allow` or
  // `Retry-After` on a refusal, are kept).
  if (res.getHeaderNames().length > 0) {
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.writeHead(status);
  } else {
    res.writeHead(status, [...headers, 'Content-Length', String(Buffer.byteLength(body))]);
  }
  res.end(body);
}

export function redirect(res: ServerResponse, status: 301 | 303 | 308, location: string, options: TCommonHeaders): void {
  common(res, options);
  res.statusCode = status;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}

/**
 * Reads the body, at most `limit` bytes. Past the limit it stops buffering and answers
 * `too_large` (the rest is drained, and the connection closed after the answer).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return 'too_large';
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** `application/json; charset=utf-8` -> `application/json`. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
