/**
 * The one way the node replaces a file: write a temporary file beside it, fsync it, rename it
 * over the target (or link it, for a file that must not be replaced), fsync the directory. A
 * crash or power loss at any step leaves the old file or the new one whole, never a torn or empty
 * one; without the fsyncs a rename can reach the disk before the data it points at. Directories
 * the write creates are fsynced into their parents too, so the new file's path survives as well.
 * A failed write removes its temporary file.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { joinBytes } from '@/runtime/protocol/bytes';

export interface TDurableWriteOptions {
  /** File mode of a new file (the temporary one is created with it, so it is never wider). */
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing file (like the `wx` flag). */
  exclusive?: boolean;
}

/** Temporary files end in `.tmp`: stores that list files by extension (`.data`) never see them. */
export function temporaryPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** What is written: text, bytes, or chunks of bytes (a block the blockstore receives in parts). */
export type TDurableData = string | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export async function writeFileDurably(file: string, data: TDurableData, options: TDurableWriteOptions = {}): Promise<void> {
  const directory = dirname(file);
  await makeDirectoryDurably(directory);
  const temporary = temporaryPathFor(file);
  try {
    const handle = await open(temporary, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(await whole(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      await link(temporary, file);
      await unlink(temporary);
    } else {
      await rename(temporary, file);
    }
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function whole(data: TDurableData): Promise<string | Uint8Array> {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  const chunks: Uint8Array[] = [];
  for await (const chunk of data) chunks.push(chunk);
  return joinBytes(chunks);
}

/** `mkdir -p`, with each directory it created fsynced into its parent. */
async function makeDirectoryDurably(directory: string): Promise<void> {
  const first = await mkdir(directory, { recursive: true });
  if (first === undefined) return;
  // Created: `first` down to `directory`. Each one's entry lives in its parent.
  const created: string[] = [];
  for (let at = directory; at.length >= first.length; at = dirname(at)) created.push(at);
  for (const made of created.reverse()) await syncDirectory(dirname(made));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
