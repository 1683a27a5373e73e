/**
 * The machine's floor for the HTTP figures: the same protocol as the echo bot (one reply posted
 * to the activity's serviceUrl, then 200) on Node's own http module, with no SDK at all. What
 * its latency tail shows is this machine and the bench's channel, not any bot.
 * `PORT=… node bareServer.js`; prints "listening" when ready.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

interface Incoming {
  id?: string;
  text?: string;
  serviceUrl: string;
  conversation: { id: string };
  from: unknown;
  recipient: unknown;
}

function postReply(activity: Incoming): Promise<number> {
  const body = JSON.stringify({
    type: 'message',
    text: `echo: ${activity.text ?? ''}`,
    conversation: activity.conversation,
    from: activity.recipient,
    recipient: activity.from,
    replyToId: activity.id,
  });
  const url = `${activity.serviceUrl.replace(/\/$/, '')}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities/${encodeURIComponent(activity.id ?? '')}`;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let activity: Incoming;
    try {
      activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Incoming;
    } catch {
      res.writeHead(400).end();
      return;
    }
    postReply(activity).then(
      (status) => res.writeHead(status < 300 ? 200 : 502).end(),
      () => res.writeHead(502).end(),
    );
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
