/**
 * A Bot Framework channel in miniature, for the load tool and the reliability tests: a
 * loopback HTTP listener that plays the channel's `serviceUrl` (it receives the bot's
 * replies), and users that post activities to the bot's /api/messages the way the Emulator
 * does. Local mode only (no tokens).
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  type: string;
  text?: string;
  replyToId?: string;
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
  attachments?: unknown[];
  [key: string]: unknown;
}

/** Receives the bot's replies, grouped per conversation. */
export class ChannelListener {
  private readonly server: http.Server;
  private readonly byConversation = new Map<string, ReceivedActivity[]>();
  url = '';

  constructor() {
    this.server = http.createServer((req, res) => this.receive(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Everything the bot sent to this conversation so far. */
  received(conversationId: string): ReceivedActivity[] {
    return this.byConversation.get(conversationId) ?? [];
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // POST /v3/conversations/{conversationId}/activities[/{replyToId}]
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.statusCode = 404;
        res.end();
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      let activity: ReceivedActivity;
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedActivity;
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      if (match[2] && !activity.replyToId) activity.replyToId = decodeURIComponent(match[2]);
      const list = this.byConversation.get(conversationId) ?? [];
      list.push(activity);
      this.byConversation.set(conversationId, list);
      // Not writeHead(…).end(…): restify, when loaded in the same process, patches ServerResponse.
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  }
}

export interface TurnResult {
  status: number;
  /** Replies of this turn (activities the bot posted in reply to it). */
  replies: ReceivedActivity[];
  ms: number;
}

/** One user in one conversation, talking to the bot over HTTP. */
export class SimulatedUser {
  readonly conversationId: string;
  private counter = 0;

  constructor(
    private readonly botUrl: string,
    private readonly channel: ChannelListener,
    readonly userId: string,
    readonly name: string,
    options: { conversationId?: string; channelId?: string } = {},
  ) {
    this.conversationId = options.conversationId ?? `${randomUUID()}|livechat`;
    this.channelId = options.channelId ?? 'emulator';
  }

  private readonly channelId: string;

  /** The activity a message of this user would be, without sending it. */
  activity(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: `${this.userId}-${++this.counter}-${randomUUID().slice(0, 8)}`,
      timestamp: new Date().toISOString(),
      channelId: this.channelId,
      serviceUrl: this.channel.url,
      from: { id: this.userId, name: this.name, role: 'user' },
      recipient: { id: 'oso-overstapbot', name: 'OSO-overstapbot', role: 'bot' },
      conversation: { id: this.conversationId },
      locale: 'nl-NL',
      text,
      ...extra,
    };
  }

  /** The Emulator's "conversation started" activity (brings the welcome). */
  joinActivity(): Record<string, unknown> {
    return this.activity('', {
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: this.userId, name: this.name }, { id: 'oso-overstapbot' }],
    });
  }

  async say(text: string): Promise<TurnResult> {
    return this.send(this.activity(text));
  }

  /** Posts an activity; by the time the bot answers, its replies have reached the channel. */
  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TurnResult> {
    const started = performance.now();
    const response = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    const replies = this.channel.received(this.conversationId).filter((a) => a.replyToId === activity.id);
    return { status: response.status, replies, ms };
  }
}

/** Text of a reply plus its buttons, for matching in tests and the load tool. */
export function describeReply(a: ReceivedActivity): string {
  const buttons = a.suggestedActions?.actions.map((x) => x.title ?? String(x.value)).join(' | ');
  return `${a.text ?? ''}${buttons ? ` [${buttons}]` : ''}`;
}
