/**
 * tRPC over HTTP. Request bodies are capped before tRPC reads them, so an oversized request gets
 * a short 413 naming the limit instead of being buffered whole.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { joinBytes } from '@/runtime/protocol/bytes';
import { appRouter } from '@/server/trpc/root';
import type { TTRPCContext } from '@/server/trpc/init';

/** Large enough for an export file (5 MB) as JSON text, with room for the envelope. */
export const TRPC_MAX_BODY_BYTES = 6 * 1024 * 1024;

export async function handleTrpcRequest(req: Request, createContext: () => Promise<TTRPCContext>): Promise<Response> {
  let request = req;
  if (req.method === 'POST') {
    const body = await readLimited(req, TRPC_MAX_BODY_BYTES);
    if (body === null) return tooLarge();
    request = new Request(req.url, { method: req.method, headers: req.headers, body });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext,
  });
}

async function readLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return joinBytes(chunks, size);
}

function tooLarge(): Response {
  const message = `The request body is larger than the ${TRPC_MAX_BODY_BYTES / 1024 / 1024} MB limit.`;
  return Response.json(
    {
      error: {
        message,
        code: -32600,
        data: {
          code: 'PAYLOAD_TOO_LARGE',
          httpStatus: 413,
          diagnostics: [{ severity: 'error', code: 'payload_too_large', message }],
        },
      },
    },
    { status: 413 },
  );
}
