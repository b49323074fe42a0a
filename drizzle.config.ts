import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './prisma/schema.ts',
  out: './prisma/migrations',
});
