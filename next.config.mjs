/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own WASM and data files; pg has optional native bindings. Both must be
  // loaded by Node at run time, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
