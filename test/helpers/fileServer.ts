import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that serves fixed files, as the Emulator serves attachments by contentUrl. */
export async function serveFiles(files: Record<string, Buffer>): Promise<{ url: (name: string) => string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const body = files[decodeURIComponent((req.url ?? '/').slice(1))];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
