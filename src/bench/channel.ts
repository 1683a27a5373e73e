/**
 * The channel side of the HTTP figure: a loopback listener that is the activities'
 * serviceUrl (it receives the bot's replies, as the Emulator does) and a client that posts
 * user messages to /api/messages. By the time /api/messages answers, the turn's replies
 * have arrived here (bot-framework-facts.md), so a turn's latency is the POST's duration.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class BenchChannel {
  private readonly server = http.createServer((req, res) => this.receive(req, res));
  private readonly replies = new Map<string, string[]>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private nextId = 1;
  url = '';

  async start(): Promise<this> {
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Posts one user message and returns the texts the bot sent in that turn. */
  async say(botUrl: string, conversationId: string, userId: string, text: string): Promise<string[]> {
    const body = JSON.stringify({
      type: 'message',
      id: `m${this.nextId++}`,
      timestamp: new Date().toISOString(),
      channelId: 'emulator',
      serviceUrl: this.url,
      locale: 'nl-NL',
      from: { id: userId, name: userId },
      recipient: { id: 'oso-bot', name: 'OSO-overstapbot' },
      conversation: { id: conversationId },
      text,
    });
    const status = await this.post(botUrl, body).catch((err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as it was reused: send again (same activity
      // id, so the bot's repeated-activity guard would catch a duplicate).
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return this.post(botUrl, body);
      throw err;
    });
    const texts = this.replies.get(conversationId) ?? [];
    this.replies.delete(conversationId);
    if (status !== 200 && status !== 201) throw new Error(`POST /api/messages answered ${status}`);
    return texts;
  }

  private post(botUrl: string, body: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${botUrl}/api/messages`,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method === 'POST' && match) {
        const id = decodeURIComponent(match[1]!);
        const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string };
        let list = this.replies.get(id);
        if (!list) this.replies.set(id, (list = []));
        list.push(activity.text ?? '');
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `r${this.nextId++}` }));
    });
  }
}
