import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateControlToken, readNodeConfig } from './config';

const PEER = '12D3KooWLj2Z38xbXELe716YzsuGRnLEBremPiovzgCHf7dHQuLe';

describe('node configuration from the environment', () => {
  it('has defaults', () => {
    const config = readNodeConfig({});
    expect(config).toMatchObject({
      httpPort: 4100,
      host: '127.0.0.1',
      listen: ['/ip4/127.0.0.1/tcp/0'],
      bootstrap: [],
      controlToken: undefined,
      appStorageQuota: { bytes: 64 * 1024 * 1024, rows: 200_000 },
    });
    expect(config.dataDir).toBe(join(process.cwd(), '.data/node'));
  });

  it('reads every variable, treating empty ones as unset', () => {
    const config = readNodeConfig({
      DAIOS_DATA_DIR: '/tmp/x',
      DAIOS_HTTP_PORT: '0',
      DAIOS_CONTROL_TOKEN: 'a-long-enough-token',
      DAIOS_BOOTSTRAP: ` /ip4/127.0.0.1/tcp/4001/p2p/${PEER} , `,
      DAIOS_LISTEN: '',
      DAIOS_APP_STORAGE_BYTES: '1048576',
      DAIOS_APP_STORAGE_ROWS: '',
    });
    expect(config).toMatchObject({
      dataDir: '/tmp/x',
      httpPort: 0,
      controlToken: 'a-long-enough-token',
      bootstrap: [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`],
      listen: ['/ip4/127.0.0.1/tcp/0'],
      appStorageQuota: { bytes: 1048576, rows: 200_000 },
    });
  });

  it('lets only the IDE frame previews: its origin, from DAIOS_IDE_ORIGIN, POSEIDON_PUBLIC_URL or PORT', () => {
    expect(readNodeConfig({}).ideOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    expect(readNodeConfig({ PORT: '3300' }).ideOrigins).toEqual(['http://localhost:3300', 'http://127.0.0.1:3300']);
    expect(readNodeConfig({ POSEIDON_PUBLIC_URL: 'https://ide.example/app', PORT: '3300' }).ideOrigins).toEqual(['https://ide.example']);
    expect(readNodeConfig({ DAIOS_IDE_ORIGIN: 'https://studio.example', POSEIDON_PUBLIC_URL: 'https://ide.example' }).ideOrigins).toEqual([
      'https://studio.example',
    ]);
    expect(() => readNodeConfig({ DAIOS_IDE_ORIGIN: 'not a url' })).toThrow(/DAIOS_IDE_ORIGIN/);
  });

  it('names every mistake in one message', () => {
    expect(() =>
      readNodeConfig({
        DAIOS_HTTP_PORT: '70000',
        DAIOS_CONTROL_TOKEN: 'short',
        DAIOS_BOOTSTRAP: '/ip4/127.0.0.1/tcp/1,nonsense',
        DAIOS_APP_STORAGE_BYTES: '0',
        DAIOS_APP_STORAGE_ROWS: 'lots',
      }),
    ).toThrow(
      /DAIOS_HTTP_PORT: must be 0-65535[\s\S]*DAIOS_BOOTSTRAP: "\/ip4\/127.0.0.1\/tcp\/1" must end in \/p2p[\s\S]*DAIOS_CONTROL_TOKEN: must be at least 16[\s\S]*DAIOS_APP_STORAGE_BYTES: must be at least 1[\s\S]*DAIOS_APP_STORAGE_ROWS: must be a number/,
    );
  });

  it('creates a control token once, mode 0600, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'daios-config-'));
    try {
      const first = await loadOrCreateControlToken(dir);
      expect(first.created).toBe(true);
      expect(first.token.length).toBeGreaterThanOrEqual(40);
      expect((await stat(first.path)).mode & 0o777).toBe(0o600);
      expect((await readFile(first.path, 'utf8')).trim()).toBe(first.token);
      const second = await loadOrCreateControlToken(dir);
      expect(second).toMatchObject({ token: first.token, created: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
