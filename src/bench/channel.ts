/**
 * The channel side of the HTTP figure: the shared loopback listener as the activities'
 * serviceUrl (it receives the bot's replies, as the Emulator does) and a lean client that
 * posts user messages to /api/messages over kept-alive sockets. By the time /api/messages answers, the turn's replies
 * have arrived here (bot-framework-facts.md), so a turn's latency is the POST's duration.
 */
import http from 'node:http';
import { ChannelListener } from '../channel/localChannel';

export class BenchChannel {
  private readonly listener = new ChannelListener({ keepAliveTimeoutMs: 60_000 });
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private nextId = 1;
  url = '';

  async start(): Promise<this> {
    await this.listener.start();
    this.url = this.listener.url;
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await this.listener.stop();
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
    const texts = this.listener.take(conversationId).map((a) => a.text ?? '');
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

}
