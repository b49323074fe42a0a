/** Runs once when the server starts (Node.js runtime only): see server/startup.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('@/server/startup');
    await startServer();
  }
}
