/**
 * Private previews: an IDE shows the draft of a project under /preview/<id>/, where <id> is an
 * unguessable id the IDE chose. A preview points at a verified bundle stored on this node; it is
 * never announced, listed or reachable by name. Kept in one small JSON file in the data folder.
 *
 * Bounded: a preview not updated for `ttlMs` expires, and each owner (the bundle's publisher) has
 * at most `perOwner` (setting one more drops the owner's least recently updated). Every change
 * answers the bundles no preview points at any more, for the node to remove unless something
 * else uses them (see node.ts), so replaced drafts do not pile up on disk.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './durable-write';

export const ZPreviewId = z.string().regex(/^[a-z0-9]{16,64}$/, 'must be 16-64 lowercase letters or digits');

export { PREVIEW_SCOPE_PREFIX, previewScope } from '@/runtime/apps/scope';

export interface TPreviewLimits {
  /** A preview not updated for this long is gone (its bundle removed). */
  ttlMs: number;
  /** Previews one owner (publisher address) may have. */
  perOwner: number;
}

export const DEFAULT_PREVIEW_LIMITS: Readonly<TPreviewLimits> = Object.freeze({ ttlMs: 7 * 24 * 3600_000, perOwner: 20 });

export interface TPreviewRegistry {
  /** Points `id` at `cid`; answers the CIDs no preview points at any more (replaced, dropped or expired). */
  set(id: string, cid: string, owner: string): Promise<string[]>;
  get(id: string): string | undefined;
  /** Whether a preview points at `cid`. */
  uses(cid: string): boolean;
  /** Drops the expired previews; answers the CIDs no preview points at any more. */
  sweep(): Promise<string[]>;
}

const ZEntry = z.object({ cid: z.string(), owner: z.string(), updatedAt: z.number() });
type TEntry = z.infer<typeof ZEntry>;

/** Entries as stored; the first version kept only the CID (no owner: never dropped for one, expires from now). */
function readEntries(text: string, now: number): Map<string, TEntry> {
  const entries = new Map<string, TEntry>();
  for (const [id, value] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
    if (typeof value === 'string') entries.set(id, { cid: value, owner: '', updatedAt: now });
    else {
      const parsed = ZEntry.safeParse(value);
      if (parsed.success) entries.set(id, parsed.data);
    }
  }
  return entries;
}

export async function openPreviewRegistry(
  dataDir: string,
  limits: TPreviewLimits = DEFAULT_PREVIEW_LIMITS,
  now: () => number = Date.now,
): Promise<TPreviewRegistry> {
  const file = path.join(dataDir, 'previews.json');
  const previews = existsSync(file) ? readEntries(await readFile(file, 'utf8'), now()) : new Map<string, TEntry>();
  let writing = Promise.resolve();

  const save = async () => {
    const text = JSON.stringify(Object.fromEntries(previews));
    // Replaced whole and durably: a crash never leaves half a file.
    writing = writing.then(() => writeFileDurably(file, text, { mode: 0o600 }));
    await writing;
  };
  const expired = (entry: TEntry) => entry.updatedAt + limits.ttlMs <= now();
  const uses = (cid: string) => [...previews.values()].some((entry) => entry.cid === cid && !expired(entry));
  /** Removes the previews `drop` picks; answers their CIDs that no preview uses any more. */
  const remove = (drop: (entry: TEntry, id: string) => boolean): string[] => {
    const freed = new Set<string>();
    for (const [id, entry] of previews) {
      if (!drop(entry, id)) continue;
      previews.delete(id);
      freed.add(entry.cid);
    }
    return [...freed].filter((cid) => !uses(cid));
  };

  return {
    async set(id, cid, owner) {
      const previous = previews.get(id);
      // Re-inserted, so the Map's order is the order of updates (oldest first).
      previews.delete(id);
      previews.set(id, { cid, owner, updatedAt: now() });
      const freed = new Set(remove(expired));
      if (previous && previous.cid !== cid && !uses(previous.cid)) freed.add(previous.cid);
      const owned = [...previews].filter(([, entry]) => entry.owner === owner);
      const over = new Set(owned.slice(0, Math.max(0, owned.length - limits.perOwner)).map(([key]) => key));
      for (const cidFreed of remove((_entry, key) => over.has(key))) freed.add(cidFreed);
      await save();
      return [...freed];
    },
    get(id) {
      const entry = previews.get(id);
      return entry && !expired(entry) ? entry.cid : undefined;
    },
    uses,
    async sweep() {
      const before = previews.size;
      const freed = remove(expired);
      if (previews.size !== before) await save();
      return freed;
    },
  };
}
