/**
 * HTTP: POST /api/messages (Bot Framework), GET /healthz. Tracks running turns so that a
 * shutdown can let them finish.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './log';
import type { DocumentStore } from './storage/documentStore';

/** Big enough for a 10 MB attachment sent inline as a data: URL (base64 adds a third). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface BotServer {
  server: Server;
  /** Number of /api/messages requests being processed right now. */
  running(): number;
}

export function createServer(deps: { adapter: CloudAdapter; bot: ActivityHandler; store: DocumentStore; logger: Logger }): BotServer {
  const { adapter, bot, store, logger } = deps;
  const server = restify.createServer({ name: 'oso-overstapbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  let running = 0;

  server.post('/api/messages', async (req: Request, res: Response) => {
    running++;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.error({ err }, 'request failed');
      if (!res.headersSent) res.send(500);
    } finally {
      running--;
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    const storage = await store.health().catch((err: Error) => ({ ok: false, backend: 'unknown', detail: err.message }));
    res.json(storage.ok ? 200 : 503, { status: storage.ok ? 'ok' : 'degraded', storage, uptimeSeconds: Math.round(process.uptime()) });
  });

  return { server, running: () => running };
}
