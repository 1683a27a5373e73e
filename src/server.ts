/**
 * HTTP: POST /api/messages (Bot Framework), GET /healthz. Tracks running turns so that a
 * shutdown can let them finish.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Config } from './config';
import { createMessagesHandler } from './http/messagesHandler';
import { bearerTokenGate, localModeGate, messagesBodyGate, type RouteOf } from './http/requestGates';
import type { Logger } from './log';
import type { DocumentStore } from './storage/documentStore';
import { conversationLeaseFor } from './turns/conversationLease';
import type { DataErrors } from './turns/storeFaults';

/**
 * Local mode: big enough for a 10 MB attachment sent inline as a data: URL (base64 adds a third).
 * With credentials, Bot Framework channels send attachments as URLs: an activity is a few kB.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const MAX_AUTHENTICATED_BODY_BYTES = 512 * 1024;

export interface BotServer {
  server: Server;
  /** Number of /api/messages requests being processed right now. */
  running(): number;
}

export function createServer(deps: {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  store: DocumentStore;
  logger: Logger;
  config: Pick<Config, 'localMode' | 'ALLOW_REMOTE_LOCAL_MODE'>;
  /** Documents found not to be valid JSON; listed by /healthz. */
  dataErrors?: DataErrors;
}): BotServer {
  const { adapter, bot, store, logger, config, dataErrors } = deps;
  const server = restify.createServer({ name: 'oso-overstapbot', handleUncaughtExceptions: false, log: logger.child({ component: 'restify' }) as unknown as restify.ServerOptions['log'] });
  // Bad requests are turned away before routing and body parsing (src/http/requestGates.ts).
  const routeOf: RouteOf = (req, res) => (server.router.lookup(req, res) ? String(req.getRoute().path) : undefined);
  const localOnly = config.localMode && !config.ALLOW_REMOTE_LOCAL_MODE;
  const maxBodyBytes = config.localMode ? MAX_BODY_BYTES : MAX_AUTHENTICATED_BODY_BYTES;
  server.pre(localModeGate({ localMode: config.localMode, allowRemote: config.ALLOW_REMOTE_LOCAL_MODE, logger, routeOf }));
  server.pre(bearerTokenGate({ required: !config.localMode, logger, routeOf }));
  server.pre(messagesBodyGate({ maxBodyBytes, logger, routeOf, localServiceUrlOnly: localOnly }));
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));
  // Several instances on one PostgreSQL/Redis store: turns of a conversation also take turns across them.
  const handleMessages = createMessagesHandler({ adapter, bot, logger, lease: conversationLeaseFor(store, { logger }) });
  let running = 0;

  server.post('/api/messages', async (req: Request, res: Response) => {
    running++;
    try {
      await handleMessages(req, res);
    } catch (err) {
      logger.error({ err }, 'request failed');
      if (!res.headersSent) res.send(500);
    } finally {
      running--;
    }
  });

  // 503 when the store cannot be written (or, for SQLite, its file is no longer the one at its
  // path): users would be told "gereed" for data that is lost. Documents that are not valid JSON
  // are listed by kind but keep 200: the bot serves everything else, and says what is broken.
  server.get('/healthz', async (_req: Request, res: Response) => {
    const health = await store.health().catch((err: Error) => ({ ok: false, backend: 'unknown', detail: err.message }));
    const broken = dataErrors?.list() ?? [];
    const storage = broken.length > 0 ? { ...health, dataErrors: broken } : health;
    res.json(health.ok ? 200 : 503, { status: health.ok ? 'ok' : 'degraded', storage, uptimeSeconds: Math.round(process.uptime()) });
  });

  return { server, running: () => running };
}
