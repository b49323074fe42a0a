import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and QuickJS ship their own WASM files; pg has optional native bindings. All must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Every response refuses to be framed; pages also get a nonce CSP from proxy.ts
  // (server/security-headers.ts has both).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
        ],
      },
    ];
  },
  // `npm start` builds without checking types (scripts/start.mjs sets this): `npm test` runs tsc
  // on its own, and a type error in a test file should not keep a newcomer from starting the IDE.
  typescript: { ignoreBuildErrors: process.env.POSEIDON_BUILD_SKIP_TYPES === '1' },
};

// Message catalogues: the request config picks each request's language (no locale in URLs).
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
