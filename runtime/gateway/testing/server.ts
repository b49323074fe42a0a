/** A real node:http server on 127.0.0.1 with the gateway mounted, for tests and benches. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TGateway } from '../gateway';

export interface TTestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** URLs the gateway does not handle get 418, so a test can tell. */
export async function startGatewayServer(gateway: TGateway): Promise<TTestServer> {
  const server = createServer((req, res) => {
    void gateway.handle(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 418;
        res.end('not the gateway');
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
