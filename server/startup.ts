/**
 * Server start: validates the configuration (a bad value stops the server with a message naming
 * the variable, no stack trace) and opens the database, applying migrations before any request.
 */
import { getDatabase } from '@/server/db';
import { ConfigError, getEnv } from '@/server/env';

export async function startServer(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
  const database = await getDatabase();
  console.log(`[poseidon] database ready (${database.kind})`);
}
