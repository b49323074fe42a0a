import { getDatabase } from '@/server/db';

export const dynamic = 'force-dynamic';

/** Liveness and database readiness, for `npm start`, the browser tests and operators. */
export async function GET() {
  try {
    const database = await getDatabase();
    return Response.json({ status: 'ok', database: database.kind });
  } catch (error) {
    console.error('[health] database unavailable:', error);
    return Response.json({ status: 'error', database: 'unavailable' }, { status: 503 });
  }
}
