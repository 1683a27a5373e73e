/** A local HTTP server playing the Bot Framework channel: accepts the bot's activities and remembers them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Posted {
  conversationId: string;
  replyToId?: string;
  text: string;
}

/** Plays the channel: accepts the bot's activities and remembers them. */
export async function startChannel(status = 200): Promise<{ url: string; posted: Posted[]; close(): Promise<void> }> {
  const posted: Posted[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.statusCode = 404;
        res.end();
        return;
      }
      const activity = JSON.parse(body) as { text?: string };
      posted.push({
        conversationId: decodeURIComponent(m[1]!),
        ...(m[2] ? { replyToId: decodeURIComponent(m[2]) } : {}),
        text: activity.text ?? '',
      });
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `act-${++n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

