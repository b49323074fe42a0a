/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and QuickJS ship their own WASM files; pg has optional native bindings. All must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm start` builds without checking types (scripts/start.mjs sets this): `npm test` runs tsc
  // on its own, and a type error in a test file should not keep a newcomer from starting the IDE.
  typescript: { ignoreBuildErrors: process.env.POSEIDON_BUILD_SKIP_TYPES === '1' },
};

export default nextConfig;
