// When a build is stale: its output is missing or older than any of its sources. Shared by
// `npm start` (the IDE's `next build`) and scripts/build-node.mjs (the node's bundle).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The latest modification time under `entry` (a file or a folder, relative to `root`); 0 when missing. */
export function newestMtime(root, entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) newest = Math.max(newest, newestMtime(root, path.join(entry, child)));
  return newest;
}

/** When `output` was built (0 when it is missing), and whether some source is newer. */
export function buildState(root, output, sources) {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sourcesAt = Math.max(...sources.map((entry) => newestMtime(root, entry)));
  return { builtAt, stale: builtAt < sourcesAt };
}
