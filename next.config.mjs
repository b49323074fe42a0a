import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and QuickJS ship their own WASM files; pg has optional native bindings. All must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  poweredByHeader: false,
  reactStrictMode: true,
};

// Message catalogues: the request config picks each request's language (no locale in URLs).
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
