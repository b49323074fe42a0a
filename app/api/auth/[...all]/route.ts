import { authRoute } from '@/server/auth';
import { getAuth } from '@/server/auth-instance';
import { currentPeerAddress, parseTrustedProxies } from '@/server/client-address';
import { getEnv } from '@/server/env';

let route: Promise<ReturnType<typeof authRoute>> | undefined;

async function handler(req: Request) {
  route ??= getAuth().then((auth) => {
    const env = getEnv();
    return authRoute(auth, { publicUrl: env.POSEIDON_PUBLIC_URL, trustedProxies: parseTrustedProxies(env.POSEIDON_TRUSTED_PROXIES) });
  });
  return (await route)(req, currentPeerAddress());
}

export { handler as GET, handler as POST };
