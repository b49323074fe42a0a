/**
 * Runs before every page: a fresh nonce and the Content-Security-Policy that names it (on the
 * request, where Next.js reads it to put the nonce on its scripts, and on the response).
 * server/security-headers.ts has the policy and why each source is in it.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { ideContentSecurityPolicy, newNonce, originOf } from '@/server/security-headers';

export function proxy(request: NextRequest) {
  const policy = ideContentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV === 'development',
    // The same fallback as server/daios.ts: previews are served from the node's public URL.
    frameOrigins: originOf(process.env.DAIOS_PUBLIC_URL || process.env.DAIOS_NODE_URL || 'http://127.0.0.1:4100'),
  });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, built assets and the icon carry no script to guard.
      source: '/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
