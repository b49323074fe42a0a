import { getSessionUser } from '@/server/auth-instance';
import { getDb } from '@/server/db';
import { appUrl, getNodeClient, previewUrl } from '@/server/daios';
import { getEnv } from '@/server/env';
import { handleTrpcRequest } from '@/server/trpc/http';

async function handler(req: Request) {
  return handleTrpcRequest(req, async () => ({
    db: await getDb(),
    user: await getSessionUser(req.headers),
    masterKey: getEnv().authSecret,
    daios: { client: getNodeClient, appUrl, previewUrl },
  }));
}

export { handler as GET, handler as POST };
