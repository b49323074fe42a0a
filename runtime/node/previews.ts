/**
 * Private previews: an IDE shows the draft of a project under /preview/<id>/, where <id> is an
 * unguessable id the IDE chose. A preview points at a verified bundle stored on this node; it is
 * never announced, listed or reachable by name. Kept in one small JSON file in the data folder.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './durable-write';

export const ZPreviewId = z.string().regex(/^[a-z0-9]{16,64}$/, 'must be 16-64 lowercase letters or digits');

export { PREVIEW_SCOPE_PREFIX, previewScope } from '@/runtime/apps/scope';

export interface TPreviewRegistry {
  set(id: string, cid: string): Promise<void>;
  get(id: string): string | undefined;
}

export async function openPreviewRegistry(dataDir: string): Promise<TPreviewRegistry> {
  const file = path.join(dataDir, 'previews.json');
  const previews = new Map<string, string>(
    existsSync(file) ? Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, string>) : [],
  );
  let writing = Promise.resolve();
  return {
    async set(id, cid) {
      previews.set(id, cid);
      const text = JSON.stringify(Object.fromEntries(previews));
      // Replaced whole and durably: a crash never leaves half a file.
      writing = writing.then(() => writeFileDurably(file, text, { mode: 0o600 }));
      await writing;
    },
    get: (id) => previews.get(id),
  };
}
