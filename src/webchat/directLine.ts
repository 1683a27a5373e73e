/**
 * A small Direct Line 3.0 endpoint for the local Web Chat page, plus the connector endpoints
 * the bot posts its replies to. The browser talks Direct Line to `/v3/directline/…`; each user
 * activity is posted to this same server's `/api/messages` (like any channel would, so every
 * check on that route applies), with `serviceUrl` pointing back at this server, whose
 * `/v3/conversations/:id/activities[/:replyToId]` append the bot's replies to the conversation
 * that Web Chat polls.
 *
 * Direct Line routes used by Web Chat (botframework-directlinejs, polling mode):
 *   POST /v3/directline/tokens/generate          (the page, before Web Chat starts)
 *   POST /v3/directline/conversations            start: the bot gets conversationUpdate
 *   POST /v3/directline/tokens/refresh
 *   GET  /v3/directline/conversations/:id/activities?watermark=
 *   POST /v3/directline/conversations/:id/activities
 *   POST /v3/directline/conversations/:id/upload  multipart: "activity" + "file" parts
 *   GET  /v3/directline/attachments/:conversationId/:attachmentId  (uploaded files)
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from '../log';
import type { DocumentStore } from '../storage/documentStore';
import { DEFAULT_LIMITS, DirectLineStore, type DirectLineConversation, type StoredActivity } from './directLineStore';

export const DIRECT_LINE_PATH = '/v3/directline';
const BOT = { id: 'oso-overstapbot', name: 'OSO-overstapbot', role: 'bot' };
const CHANNEL_ID = 'webchat';
const TOKEN_SECONDS = 3600;

/** An upload may be larger than the bot accepts per file, so the bot itself can say so. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
/** Uploaded files kept per conversation (older ones are dropped; their links then 404). */
const MAX_FILES_PER_CONVERSATION = 20;

export interface UploadedFile {
  name: string;
  contentType: string;
  content: Buffer;
}

/** Uploaded files by conversation id and attachment id. */
export type UploadedFiles = Map<string, Map<string, UploadedFile>>;

export interface DirectLineOptions {
  logger: Logger;
  store?: DirectLineStore;
  /** The bot's document store: conversations and their activities survive a restart there. */
  documents?: DocumentStore;
  /** Where uploads are kept; the bot reads a file from here instead of over HTTP (src/app/attachmentContent.ts). */
  files?: UploadedFiles;
}

export function registerDirectLine(server: Server, options: DirectLineOptions): DirectLineStore {
  const log = options.logger.child({ component: 'directline' });
  const store =
    options.store ??
    new DirectLineStore(DEFAULT_LIMITS, Date.now, options.documents, (err) => log.warn({ err }, 'could not read or write a Web Chat conversation in the store'));
  const files: UploadedFiles = options.files ?? new Map();

  const bearer = (req: Request): string | undefined => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

  /** Posts one activity to this server's /api/messages; resolves when the bot's turn is done. */
  async function toBot(req: IncomingMessage, conversation: DirectLineConversation, activity: StoredActivity): Promise<void> {
    const origin = ownOrigin(req);
    const run = async () => {
      const response = await fetch(`${origin}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...activity, serviceUrl: origin }),
      });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`the bot answered HTTP ${response.status}`);
    };
    const turn = conversation.queue.then(run, run);
    conversation.queue = turn.catch(() => undefined);
    await turn;
  }

  function userActivity(conversation: DirectLineConversation, body: Record<string, unknown>): StoredActivity {
    const from = (body.from ?? {}) as { name?: unknown };
    return store.append(conversation, {
      ...body,
      type: typeof body.type === 'string' ? body.type : 'message',
      channelId: CHANNEL_ID,
      from: { id: conversation.user.id, name: conversation.user.name ?? (typeof from.name === 'string' ? from.name : undefined), role: 'user' },
      recipient: BOT,
      locale: typeof body.locale === 'string' ? body.locale : 'nl-NL',
    });
  }

  async function forward(req: Request, res: Response, conversation: DirectLineConversation, activity: StoredActivity): Promise<void> {
    try {
      await toBot(req, conversation, activity);
      await store.flush(conversation); // the bot's replies are in the store before the page hears "sent"
      res.json(200, { id: activity.id });
    } catch (err) {
      log.warn({ err, conversationId: conversation.id }, 'forwarding a Web Chat activity to the bot failed');
      res.json(502, { error: { code: 'BotError', message: 'De bot gaf geen antwoord.' } });
    }
  }

  server.post(`${DIRECT_LINE_PATH}/tokens/generate`, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { user?: { id?: unknown; name?: unknown } };
    const user = {
      id: typeof body.user?.id === 'string' ? body.user.id : `webchat-${randomBytes(6).toString('hex')}`,
      name: typeof body.user?.name === 'string' ? body.user.name : undefined,
    };
    const { conversation, token } = store.create(user);
    res.json(200, { conversationId: conversation.id, token, expires_in: TOKEN_SECONDS });
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    const conversation = await store.byToken(bearer(req));
    if (!conversation) return void res.json(403, { error: { code: 'TokenExpired', message: 'Unknown token' } });
    res.json(200, { conversationId: conversation.id, token: store.tokenFor(conversation), expires_in: TOKEN_SECONDS });
  });

  server.post(`${DIRECT_LINE_PATH}/conversations`, async (req: Request, res: Response) => {
    const conversation = await store.byToken(bearer(req));
    if (!conversation) return void res.json(403, { error: { code: 'BadArgument', message: 'A token from /tokens/generate is needed' } });
    const reply = { conversationId: conversation.id, token: store.tokenFor(conversation), expires_in: TOKEN_SECONDS };
    if (conversation.started) return void res.json(200, reply);
    conversation.started = true;
    store.persist(conversation);
    // Web Chat shows nothing until the bot speaks: tell the bot who joined, so it welcomes.
    const update = store.append(conversation, {
      type: 'conversationUpdate',
      channelId: CHANNEL_ID,
      from: { id: conversation.user.id, name: conversation.user.name, role: 'user' },
      recipient: BOT,
      locale: 'nl-NL',
      membersAdded: [BOT, { id: conversation.user.id, name: conversation.user.name }],
    });
    try {
      await toBot(req, conversation, update);
    } catch (err) {
      log.warn({ err, conversationId: conversation.id }, 'the welcome turn failed');
    }
    res.json(201, reply);
  });

  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = await store.byToken(bearer(req), req.params.conversationId);
    if (!conversation) return void res.json(403, { error: { code: 'TokenExpired', message: 'Unknown token' } });
    // The server has no query parser plugin: read the watermark from the URL itself.
    const watermark = new URL(req.url ?? '/', 'http://local').searchParams.get('watermark') ?? undefined;
    // Web Chat only needs message-like activities; the conversationUpdate stays server-side.
    const { activities, watermark: next } = store.since(conversation, watermark);
    res.json(200, { activities: activities.filter((a) => a.type !== 'conversationUpdate'), watermark: next });
  });

  server.post(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const conversation = await store.byToken(bearer(req), req.params.conversationId);
    if (!conversation) return void res.json(403, { error: { code: 'TokenExpired', message: 'Unknown token' } });
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return void res.json(400, { error: { code: 'BadArgument', message: 'An activity is needed' } });
    // The page sends again what it is not sure arrived (the bot restarted meanwhile): the same
    // activity, with the same id, so the bot drops it if it already took it.
    const clientActivityID = (body.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
    const earlier = typeof clientActivityID === 'string' ? store.sentByClient(conversation, clientActivityID) : undefined;
    await forward(req, res, conversation, earlier ?? userActivity(conversation, body));
  });

  server.get(`${DIRECT_LINE_PATH}/attachments/:conversationId/:attachmentId`, async (req: Request, res: Response) => {
    const file = files.get(String(req.params.conversationId))?.get(String(req.params.attachmentId));
    if (!file || !(await store.find(String(req.params.conversationId)))) return void res.json(404, { error: { code: 'NotFound', message: 'Unknown attachment' } });
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': file.content.length,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(file.content);
  });

  // Uploads are multipart. restify's global multipart parser (formidable 1) keeps one file per
  // field name and leaves temp files behind, so this route reads its body itself, before
  // the body parser runs.
  const uploadPath = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/?]+)/upload(?:\\?.*)?$`);
  server.pre((req: Request, res: Response, next: Next) => {
    const match = req.method === 'POST' ? uploadPath.exec(req.url ?? '') : null;
    if (!match) return next();
    handleUpload(req, res, decodeURIComponent(match[1]!)).then(
      () => next(false),
      (err: Error) => {
        log.warn({ err }, 'Web Chat upload failed');
        if (!res.headersSent) res.json(400, { error: { code: 'BadArgument', message: err.message } });
        next(false);
      },
    );
  });

  async function handleUpload(req: Request, res: Response, conversationId: string): Promise<void> {
    const conversation = await store.byToken(bearer(req), conversationId);
    if (!conversation) {
      req.resume();
      return void res.json(403, { error: { code: 'TokenExpired', message: 'Unknown token' } });
    }
    const body = await readLimited(req, MAX_UPLOAD_BYTES);
    if (!body) return void res.json(413, { error: { code: 'MessageSizeTooBig', message: 'Upload too large' } });
    const form = await new Response(body, { headers: { 'Content-Type': req.headers['content-type'] ?? '' } }).formData();
    const template = form.get('activity');
    const activity = template instanceof Blob ? (JSON.parse(await template.text()) as Record<string, unknown>) : { type: 'message' };
    const described = Array.isArray(activity.attachments) ? (activity.attachments as Record<string, unknown>[]) : [];
    const origin = ownOrigin(req);
    const kept = files.get(conversation.id) ?? new Map<string, UploadedFile>();
    files.set(conversation.id, kept);
    const attachments = [];
    for (const [i, part] of form.getAll('file').entries()) {
      if (!(part instanceof Blob)) continue;
      const name = (part as File).name || (typeof described[i]?.name === 'string' ? String(described[i]!.name) : `bijlage-${i + 1}`);
      const contentType = part.type || (typeof described[i]?.contentType === 'string' ? String(described[i]!.contentType) : 'application/octet-stream');
      const id = randomBytes(16).toString('base64url');
      kept.set(id, { name, contentType, content: Buffer.from(await part.arrayBuffer()) });
      while (kept.size > MAX_FILES_PER_CONVERSATION) kept.delete(kept.keys().next().value!);
      attachments.push({ ...described[i], name, contentType, contentUrl: `${origin}${DIRECT_LINE_PATH}/attachments/${conversation.id}/${id}` });
    }
    for (const id of files.keys()) if (!store.get(id)) files.delete(id); // files of dropped conversations
    await forward(req, res, conversation, userActivity(conversation, { ...activity, type: 'message', attachments }));
  }

  registerConnector(server, store, log);
  return store;
}

/**
 * The bot's side: the Bot Connector routes it calls on `serviceUrl` (this server) to reply,
 * to message proactively, and to update an activity. They append to the conversation.
 */
function registerConnector(server: Server, store: DirectLineStore, log: Logger): void {
  const append = async (req: Request, res: Response, replace?: string) => {
    const conversationId = String(req.params.conversationId);
    const conversation = await store.find(conversationId);
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return void res.json(400, { error: { code: 'BadArgument', message: 'An activity is needed' } });
    if (!conversation) {
      // A proactive notice to a Web Chat tab from before a restart, or one long closed.
      log.info({ conversationId }, 'bot message for a Web Chat conversation that is gone; dropped');
      return void res.json(200, { id: `${conversationId}|gone` });
    }
    const { id: _id, timestamp: _ts, ...rest } = body;
    const from = (body.from as StoredActivity['from'] | undefined) ?? BOT;
    const stored = store.append(conversation, { ...rest, type: typeof body.type === 'string' ? body.type : 'message', from });
    if (replace) {
      stored.id = replace; // Web Chat replaces the activity with the same id
      store.persist(conversation);
    }
    res.json(200, { id: stored.id });
  };
  server.post('/v3/conversations/:conversationId/activities', async (req: Request, res: Response) => append(req, res));
  server.post('/v3/conversations/:conversationId/activities/:replyToId', async (req: Request, res: Response) => append(req, res));
  server.put('/v3/conversations/:conversationId/activities/:activityId', async (req: Request, res: Response) =>
    append(req, res, String(req.params.activityId)),
  );
  server.del('/v3/conversations/:conversationId/activities/:activityId', async (_req: Request, res: Response) => {
    res.json(200, {});
  });
}

/** This server as seen by the request: where the bot can reach itself. */
export function ownOrigin(req: IncomingMessage): string {
  let host = req.socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice('::ffff:'.length);
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
