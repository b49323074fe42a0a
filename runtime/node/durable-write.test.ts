import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Key } from 'interface-datastore';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileDurably } from './durable-write';
import { NodeBlockstore, NodeDatastore } from './p2p';

/**
 * Every file-system call the helper makes is recorded (`<step> <path>`, a temporary file shown
 * as TEMP) and any step can be made to fail, as a full disk or an I/O error would.
 */
const fs = vi.hoisted(() => ({ root: '', calls: [] as string[], failAt: undefined as string | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const show = (path: unknown) => {
    const relative = String(path).startsWith(fs.root) ? String(path).slice(fs.root.length) || '/' : String(path);
    return relative.replace(/\.[^/]*\.[0-9a-f]{12}\.tmp$/, 'TEMP');
  };
  const step = (name: string, path: unknown) => {
    fs.calls.push(`${name} ${show(path)}`);
    if (fs.failAt === name) throw Object.assign(new Error(`injected failure at ${name}`), { code: 'EIO' });
  };
  const open: typeof real.open = async (path, flags, mode) => {
    step(`open(${String(flags)})`, path);
    const handle = await real.open(path, flags, mode);
    return new Proxy(handle, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'writeFile' || property === 'sync' || property === 'close') {
          return async (...args: unknown[]) => {
            if (property !== 'close') step(property, path);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  };
  return {
    ...real,
    open,
    rename: async (from: string, to: string) => {
      step('rename', `${show(from)} -> ${show(to)}`);
      return real.rename(from, to);
    },
    link: async (from: string, to: string) => {
      step('link', `${show(from)} -> ${show(to)}`);
      return real.link(from, to);
    },
    unlink: async (path: string) => {
      step('unlink', path);
      return real.unlink(path);
    },
  };
});

beforeEach(() => {
  fs.root = mkdtempSync(join(tmpdir(), 'poseidon-durable-'));
  fs.calls = [];
  fs.failAt = undefined;
});
afterEach(() => rmSync(fs.root, { recursive: true, force: true }));

const at = (path: string) => join(fs.root, path);

describe('writeFileDurably', () => {
  it('fsyncs the new file before the rename and the directory after it', async () => {
    writeFileSync(at('names.json'), 'old');
    fs.calls = [];
    await writeFileDurably(at('names.json'), 'new', { mode: 0o600 });
    expect(fs.calls).toEqual(['open(wx) /TEMP', 'writeFile /TEMP', 'sync /TEMP', 'rename /TEMP -> /names.json', 'open(r) /', 'sync /']);
    expect(readFileSync(at('names.json'), 'utf8')).toBe('new');
    expect(statSync(at('names.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(fs.root)).toEqual(['names.json']);
  });

  it('fsyncs each directory it creates into its parent, outermost first', async () => {
    await writeFileDurably(at('a/b/file.data'), 'x');
    expect(fs.calls.filter((c) => c.startsWith('sync'))).toEqual(['sync /', 'sync /a', 'sync /a/b/TEMP', 'sync /a/b']);
    expect(readFileSync(at('a/b/file.data'), 'utf8')).toBe('x');
  });

  it.each(['open(wx)', 'writeFile', 'sync', 'rename'])(
    'keeps the old file whole and leaves no temporary file when %s fails',
    async (step) => {
      writeFileSync(at('app-secrets.json'), '{"version":1,"apps":{}}');
      fs.failAt = step;
      await expect(writeFileDurably(at('app-secrets.json'), '{"version":1,"apps":{"shop":{}}}')).rejects.toThrow(
        `injected failure at ${step}`,
      );
      expect(readFileSync(at('app-secrets.json'), 'utf8')).toBe('{"version":1,"apps":{}}');
      expect(readdirSync(fs.root)).toEqual(['app-secrets.json']);
    },
  );

  it('has the new file whole when only the directory fsync after the rename fails', async () => {
    writeFileSync(at('previews.json'), '{}');
    fs.calls = [];
    fs.failAt = 'open(r)';
    await expect(writeFileDurably(at('previews.json'), '{"p":"cid"}')).rejects.toThrow('injected failure');
    expect(readFileSync(at('previews.json'), 'utf8')).toBe('{"p":"cid"}');
    expect(readdirSync(fs.root)).toEqual(['previews.json']);
  });

  it('never replaces an existing file when exclusive, and cleans up after itself', async () => {
    writeFileSync(at('control-token'), 'first\n');
    await expect(writeFileDurably(at('control-token'), 'second\n', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(at('control-token'), 'utf8')).toBe('first\n');
    expect(readdirSync(fs.root)).toEqual(['control-token']);

    fs.calls = [];
    await writeFileDurably(at('secrets-key'), 'key', { exclusive: true, mode: 0o600 });
    expect(fs.calls).toEqual([
      'open(wx) /TEMP',
      'writeFile /TEMP',
      'sync /TEMP',
      'link /TEMP -> /secrets-key',
      'unlink /TEMP',
      'open(r) /',
      'sync /',
    ]);
    expect(readdirSync(fs.root).sort()).toEqual(['control-token', 'secrets-key']);
  });
});

describe("the node's stores write durably", () => {
  it('datastore: a name record is fsynced, read back, and no temporary file is ever listed', async () => {
    const datastore = new NodeDatastore(at('datastore'));
    await datastore.open();
    await datastore.put(new Key('/daios/names/shop'), new TextEncoder().encode('{"seq":1}'));
    expect(fs.calls).toContain('sync /datastore/daios/names/TEMP');
    expect(fs.calls.at(-1)).toBe('sync /datastore/daios/names');
    fs.failAt = 'rename';
    await expect(datastore.put(new Key('/daios/names/shop'), new TextEncoder().encode('{"seq":2}'))).rejects.toThrow();
    fs.failAt = undefined;
    const listed = [];
    for await (const { key, value } of datastore.query({ prefix: '/daios/names' }))
      listed.push([key.toString(), new TextDecoder().decode(value)]);
    expect(listed).toEqual([['/daios/names/shop', '{"seq":1}']]);
    expect(readdirSync(at('datastore/daios/names'))).toEqual(['shop.data']);
  });

  it("blockstore: a bundle's block is fsynced and read back", async () => {
    const blockstore = new NodeBlockstore(at('blocks'));
    await blockstore.open();
    const bytes = new TextEncoder().encode('<h1>shop</h1>');
    const cid = CID.createV1(raw.code, await sha256.digest(bytes));
    await blockstore.put(cid, bytes);
    expect(fs.calls.some((c) => /^sync \/blocks\/[A-Z0-9]{2}\/TEMP$/.test(c))).toBe(true);
    const chunks: Uint8Array[] = [];
    for await (const chunk of blockstore.get(cid)) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('<h1>shop</h1>');
  });
});
