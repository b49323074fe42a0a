import { getAuth } from '@/server/auth-instance';

async function handler(req: Request) {
  return (await getAuth()).handler(req);
}

export { handler as GET, handler as POST };
