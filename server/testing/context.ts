/** tRPC contexts for tests: a user (or none), a master key, and a node that is never reached. */
import { createControlClient } from '@/runtime/protocol/control-client';
import type { Db } from '@/server/db/client';
import type { TSessionUser, TTRPCContext } from '@/server/trpc/init';

export const TEST_MASTER_KEY = 'test-master-key-that-is-long-enough-0123456789';

export function testContext(db: Db, user: TSessionUser | null, daios?: TTRPCContext['daios']): TTRPCContext {
  return {
    db,
    user,
    masterKey: TEST_MASTER_KEY,
    daios: daios ?? {
      // Port 9 (discard) on loopback: a deploy that got this far would fail as "unreachable".
      client: () => createControlClient({ url: 'http://127.0.0.1:9', token: 'not-a-real-token', timeoutMs: 1000 }),
      appUrl: (name) => `http://127.0.0.1:9/apps/${name}/`,
      previewUrl: (id) => `http://127.0.0.1:9/preview/${id}/`,
    },
  };
}
