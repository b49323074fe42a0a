import { createTRPCContext } from '@/server/trpc/context';
import { handleTrpcRequest } from '@/server/trpc/http';

async function handler(req: Request) {
  return handleTrpcRequest(req, () => createTRPCContext(req.headers));
}

export { handler as GET, handler as POST };
