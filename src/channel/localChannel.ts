/**
 * The channel side of the Bot Framework protocol, the way the Emulator plays it: a loopback
 * HTTP listener that is the activities' `serviceUrl` (the bot posts its replies and proactive
 * messages there and gets `{ id }` back), and clients that post the user's activities to the
 * bot's `/api/messages`. One implementation for `npm run chat`, the load tool, the benchmark
 * and the tests (end-to-end, reliability, scale-out, overdracht, Teams).
 *
 * Local mode only: no tokens are sent or checked.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity as the bot posted it (only the fields a client looks at are typed). */
export interface ChannelActivity {
  type: string;
  id?: string;
  text?: string;
  replyToId?: string;
  inputHint?: string;
  from?: { id: string; name?: string; role?: string };
  conversation?: { id: string };
  suggestedActions?: { actions: { type?: string; title?: string; value?: unknown }[] };
  attachments?: { contentType?: string; name?: string; contentUrl?: string; content?: unknown }[];
  [key: string]: unknown;
}

/** Replies bigger than this are refused; the bot never sends anything near it. */
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** `replyToId` is the id in the URL (`…/activities/{replyToId}`): absent for a new message. */
type Listener = (conversationId: string, activity: ChannelActivity, replyToId: string | undefined) => void;

export interface ChannelListenerOptions {
  /**
   * How long an idle kept-alive connection from the bot stays open. Longer than Node's 5 s
   * default, so the bot's connection pool does not reuse a socket the listener is closing.
   */
  keepAliveTimeoutMs?: number;
  /** The HTTP status every activity is answered with (a refusing channel: 403, 500 …). */
  status?: number;
  /**
   * Routes other than the activities endpoint (e.g. the Teams roster): called first for every
   * request; returns true when it answered the request.
   */
  route?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

/** The `serviceUrl` listener: records every activity the bot sends, per conversation. */
export class ChannelListener {
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly byConversation = new Map<string, ChannelActivity[]>();
  private readonly listeners = new Set<Listener>();
  private nextId = 1;
  /** Requests the listener did not understand (method and path), for diagnostics. */
  readonly unexpected: string[] = [];
  url = '';

  constructor(private readonly options: ChannelListenerOptions = {}) {
    this.server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 30_000;
  }

  /** Starts listening on a free loopback port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Everything the bot sent to this conversation so far, in arrival order. */
  received(conversationId: string): ChannelActivity[] {
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  /** What the bot sent to this conversation so far, forgotten here (keeps a long run's memory flat). */
  take(conversationId: string): ChannelActivity[] {
    const list = this.byConversation.get(conversationId) ?? [];
    this.byConversation.delete(conversationId);
    return list;
  }

  /** Calls `listener` for every activity that arrives from now on; returns an unsubscribe. */
  onActivity(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Waits until the conversation holds more than `after` activities and `predicate` holds for
   * one of the new ones (proactive messages arrive outside the turn that caused them).
   */
  async waitFor(
    conversationId: string,
    predicate: (a: ChannelActivity) => boolean,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<ChannelActivity> {
    const after = options.after ?? 0;
    const found = this.received(conversationId).slice(after).find(predicate);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching activity arrived in conversation ${conversationId} within ${options.timeoutMs ?? 5000} ms`));
      }, options.timeoutMs ?? 5000);
      const off = this.onActivity((id, activity) => {
        if (id === conversationId && predicate(activity)) {
          clearTimeout(timer);
          off();
          resolve(activity);
        }
      });
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.options.route?.(req, res, new URL(req.url ?? '/', this.url))) return;
    // POST /v3/conversations/{conversationId}/activities[/{replyToId}]; PUT/DELETE …/activities/{id}
    const match = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/.exec(req.url ?? '');
    if (!match || !['POST', 'PUT', 'DELETE'].includes(req.method ?? '')) {
      this.unexpected.push(`${req.method} ${req.url}`);
      req.resume();
      answer(res, 404, { error: 'not found' });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const pathActivityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    readBody(req, MAX_REPLY_BYTES).then(
      (body) => {
        if (req.method === 'DELETE') {
          this.record(conversationId, { type: 'deleteActivity', id: pathActivityId }, pathActivityId);
          answer(res, this.options.status ?? 200, {});
          return;
        }
        let activity: ChannelActivity;
        try {
          activity = JSON.parse(body) as ChannelActivity;
        } catch {
          answer(res, 400, { error: 'invalid JSON' });
          return;
        }
        if (req.method === 'PUT') {
          activity = { ...activity, updated: true, id: pathActivityId ?? activity.id };
        } else {
          activity = { ...activity, id: `${this.nextId++}` };
          if (pathActivityId && !activity.replyToId) activity.replyToId = pathActivityId;
        }
        this.record(conversationId, activity, req.method === 'POST' ? pathActivityId : undefined);
        answer(res, this.options.status ?? 200, { id: activity.id });
      },
      () => answer(res, 413, { error: 'too large' }),
    );
  }

  private record(conversationId: string, activity: ChannelActivity, replyToId: string | undefined): void {
    const list = this.byConversation.get(conversationId) ?? [];
    list.push(activity);
    this.byConversation.set(conversationId, list);
    for (const listener of this.listeners) listener(conversationId, activity, replyToId);
  }
}

/** A JSON answer. Not writeHead(…).end(…): restify, when loaded in the same process, patches ServerResponse. */
export function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface ChatUser {
  id: string;
  name: string;
}

export interface ConversationOptions {
  botUrl: string;
  channel: ChannelListener;
  user: ChatUser;
  /** Default `<uuid>|livechat`, the Emulator's form (the `|` must survive URL encoding). */
  conversationId?: string;
  channelId?: string;
  locale?: string;
}

/** A file to send with a message, inline as a `data:` URL (as the Emulator does for uploads). */
export interface OutgoingFile {
  name: string;
  contentType: string;
  content: Buffer;
}

export class BotHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the bot answered HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'BotHttpError';
  }
}

/** One user in one conversation with the bot. */
export class ChatConversation {
  readonly conversationId: string;
  readonly user: ChatUser;
  private readonly botUrl: string;
  private readonly channel: ChannelListener;
  private readonly channelId: string;
  private readonly locale: string;
  private counter = 0;

  constructor(options: ConversationOptions) {
    this.botUrl = options.botUrl.replace(/\/+$/, '');
    this.channel = options.channel;
    this.user = options.user;
    this.conversationId = options.conversationId ?? `${randomUUID()}|livechat`;
    this.channelId = options.channelId ?? 'emulator';
    this.locale = options.locale ?? 'nl-NL';
  }

  /** Everything the bot sent to this conversation so far. */
  received(): ChannelActivity[] {
    return this.channel.received(this.conversationId);
  }

  /** The Emulator's "conversation started": the bot answers with its welcome. */
  join(): Promise<ChannelActivity[]> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [
        { id: 'oso-overstapbot', name: 'OSO-overstapbot' },
        { id: this.user.id, name: this.user.name },
      ],
    });
  }

  say(text: string, files: OutgoingFile[] = []): Promise<ChannelActivity[]> {
    const attachments = files.map((f) => ({
      contentType: f.contentType,
      name: f.name,
      contentUrl: `data:${f.contentType};base64,${f.content.toString('base64')}`,
    }));
    return this.send({ type: 'message', text, ...(attachments.length ? { attachments } : {}) });
  }

  /**
   * Posts one activity (the envelope fields are filled in) and returns what the bot sent to
   * this conversation during the turn: by the time /api/messages answers, the replies of the
   * turn have been posted to the channel.
   */
  async send(activity: Record<string, unknown>): Promise<ChannelActivity[]> {
    const before = this.received().length;
    const response = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.envelope(activity)),
    });
    const body = await response.text();
    if (response.status >= 300) throw new BotHttpError(response.status, body);
    return this.received().slice(before);
  }

  /**
   * Posts a complete activity as it is (no envelope added, extra headers allowed) and returns
   * the HTTP status, the bot's replies to it and how long the POST took; never throws on a status.
   */
  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TurnResult> {
    const started = performance.now();
    const response = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    const replies = this.received().filter((a) => a.replyToId === activity.id);
    return { status: response.status, replies, ms };
  }

  /** The full activity the channel would post for `activity`. */
  envelope(activity: Record<string, unknown>): Record<string, unknown> {
    const now = new Date();
    return {
      id: `${this.conversationId}-${++this.counter}-${randomUUID().slice(0, 8)}`,
      timestamp: now.toISOString(),
      localTimestamp: now.toISOString(),
      channelId: this.channelId,
      serviceUrl: this.channel.url,
      from: { id: this.user.id, name: this.user.name, role: 'user' },
      recipient: { id: 'oso-overstapbot', name: 'OSO-overstapbot', role: 'bot' },
      conversation: { id: this.conversationId },
      locale: this.locale,
      ...activity,
    };
  }
}

export interface TurnResult {
  status: number;
  /** Replies of this turn (activities the bot posted in reply to it). */
  replies: ChannelActivity[];
  ms: number;
}

/**
 * One user in one conversation as the load tool and the reliability tests drive it: every
 * turn reports its HTTP status and latency instead of throwing.
 */
export class SimulatedUser {
  readonly conversationId: string;
  private readonly chat: ChatConversation;

  constructor(
    botUrl: string,
    channel: ChannelListener,
    readonly userId: string,
    readonly name: string,
    options: { conversationId?: string; channelId?: string } = {},
  ) {
    this.chat = new ChatConversation({ botUrl, channel, user: { id: userId, name }, ...options });
    this.conversationId = this.chat.conversationId;
  }

  /** The activity a message of this user would be, without sending it. */
  activity(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return this.chat.envelope({ type: 'message', text, ...extra });
  }

  /** The Emulator's "conversation started" activity (brings the welcome). */
  joinActivity(): Record<string, unknown> {
    return this.chat.envelope({
      type: 'conversationUpdate',
      membersAdded: [{ id: this.userId, name: this.name }, { id: 'oso-overstapbot' }],
    });
  }

  say(text: string): Promise<TurnResult> {
    return this.send(this.activity(text));
  }

  /** Posts an activity; by the time the bot answers, its replies have reached the channel. */
  send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<TurnResult> {
    return this.chat.post(activity, headers);
  }
}
