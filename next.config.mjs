/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and QuickJS ship their own WASM files; pg has optional native bindings. All must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
