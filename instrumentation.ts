/**
 * Runs once when the server starts: validates the configuration (a bad value stops the server
 * with a message naming the variable) and opens the database, applying migrations.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv, ConfigError } = await import('@/server/env');
  try {
    getEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
  const { getDatabase } = await import('@/server/db');
  const database = await getDatabase();
  console.log(`[poseidon] database ready (${database.kind})`);
}
