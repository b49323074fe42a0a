/** Small node:http helpers of the gateway: bounded body reading, security headers, JSON and HTML answers. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The page's policy: only this origin, inline code only with this response's nonce, images from
 * https: and data: (what an Image block may show), no plugins, no <base>, forms post here only.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src https: data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

export interface TCommonHeaders {
  preview: boolean;
}

function common(res: ServerResponse, options: TCommonHeaders): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  if (options.preview) res.setHeader('X-Robots-Tag', 'noindex, nofollow');
}

export function sendHtml(res: ServerResponse, status: number, body: string, nonce: string, options: TCommonHeaders): void {
  common(res, options);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, options: TCommonHeaders): void {
  common(res, options);
  const body = JSON.stringify(value) ?? 'null';
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // An API answer is never a document: nothing in it may run, even opened directly.
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Content-Length', Buffer.byteLength(body));
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
