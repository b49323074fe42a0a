/** drizzle-kit for a node's app store: `npx drizzle-kit generate --config runtime/storage/drizzle.config.ts`. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './runtime/storage/schema.ts',
  out: './runtime/storage/migrations',
});
