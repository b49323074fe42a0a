#!/usr/bin/env node
// Serves the built IDE (what `next start` does) with one addition: each request runs inside an
// AsyncLocalStorage holding the address of the connection it came on, which a Next.js route
// handler cannot otherwise see (Next fills X-Forwarded-For from the socket only when the client
// sent none). The sign-in limits count by it: server/client-address.ts reads the same store.
// Usage: node scripts/serve-ide.mjs [--dev] [-p PORT] [-H HOST]
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const dev = args.includes('--dev');
// What `next start` and `next dev` set themselves, before Next (and React) are loaded.
process.env.NODE_ENV ??= dev ? 'development' : 'production';
const { default: next } = await import('next');
const port = Number(option('-p') ?? process.env.PORT ?? 3000);
const hostname = option('-H');

const PEER_STORE_KEY = Symbol.for('poseidon.peerAddress');
globalThis[PEER_STORE_KEY] ??= new AsyncLocalStorage();
const peerStore = globalThis[PEER_STORE_KEY];

process.env.PORT = String(port);
const app = next({ dev, dir: root, port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  peerStore.run(req.socket.remoteAddress, () => {
    handle(req, res).catch((error) => {
      console.error('[poseidon] request failed:', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
});
// Upgrades (the dev server's hot reload socket) go to Next as well.
server.on('upgrade', (req, socket, head) => app.getUpgradeHandler()(req, socket, head));
server.listen(port, hostname, () => console.log(`[poseidon] IDE ready on http://${hostname ?? 'localhost'}:${port}`));

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stop);
