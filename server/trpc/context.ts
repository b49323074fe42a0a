/** The one tRPC context factory, for the HTTP route and for server components alike. */
import { getSessionUser } from '@/server/auth-instance';
import { appUrl, getNodeClient, previewUrl } from '@/server/daios';
import { getDb } from '@/server/db';
import { getEnv } from '@/server/env';
import type { TTRPCContext } from './init';

export async function createTRPCContext(headers: Headers): Promise<TTRPCContext> {
  return {
    db: await getDb(),
    user: await getSessionUser(headers),
    masterKey: getEnv().authSecret,
    daios: { client: getNodeClient, appUrl, previewUrl },
  };
}
