/**
 * restify `pre` handlers that turn bad requests away before any routing, body parsing or
 * turn: local mode from another machine (403), a body over the limit (413), malformed JSON
 * or an activity without the fields a turn needs (400). Each answers with a short JSON
 * error and lets the server go on serving.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../log';
import { checkActivity, type IncomingActivity } from './checkActivity';
import { isLoopbackAddress } from './loopback';
import { readJsonBody } from './readJsonBody';

export const MESSAGES_PATH = '/api/messages';
/** How long the rest of a refused oversized body may keep arriving (and be thrown away). */
const LINGER_MS = 5_000;

const validated = new WeakMap<IncomingMessage, IncomingActivity>();
const requestIds = new WeakMap<IncomingMessage, string>();

/** One id per request, for every log line about it: the caller's own (from a proxy) or a new one. */
export function requestIdOf(req: IncomingMessage): string {
  let id = requestIds.get(req);
  if (!id) {
    const header = req.headers['x-request-id'] ?? req.headers['request-id'];
    const given = Array.isArray(header) ? header[0] : header;
    id = given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
    requestIds.set(req, id);
  }
  return id;
}

/** The checked activity of a POST /api/messages request (set by `messagesBodyGate`). */
export function incomingActivityOf(req: IncomingMessage): IncomingActivity | undefined {
  return validated.get(req);
}

const pathOf = (req: Request): string => (req.url ?? '/').split('?')[0] ?? '/';

/**
 * Without credentials nobody is authenticated, so only this machine may talk to the bot,
 * unless ALLOW_REMOTE_LOCAL_MODE says otherwise. /healthz stays open for probes.
 */
export function localModeGate(options: { localMode: boolean; allowRemote: boolean; logger: Logger }): RequestHandler {
  return function localModeGateHandler(req: Request, res: Response, next: Next) {
    if (!options.localMode || options.allowRemote || pathOf(req) === '/healthz') return next();
    const remote = req.socket?.remoteAddress;
    if (isLoopbackAddress(remote)) return next();
    options.logger.warn({ reqId: requestIdOf(req), remote, path: pathOf(req) }, 'refused: local mode answers loopback only');
    res.send(403, {
      error: 'forbidden',
      message:
        'This bot runs in local mode (no MicrosoftAppId/MicrosoftAppPassword) and answers only requests from this machine. ' +
        'Set the Bot Framework credentials, or set ALLOW_REMOTE_LOCAL_MODE=true to allow unauthenticated remote access.',
    });
    return next(false);
  };
}

/**
 * Reads and checks the body of POST /api/messages itself (restify's bodyParser reads a body
 * to the end before it looks at its size). Marks the body as read and parsed so the
 * bodyParser in `use` leaves it alone.
 */
export function messagesBodyGate(options: { maxBodyBytes: number; logger: Logger }): RequestHandler {
  return function messagesBodyGateHandler(req: Request, res: Response, next: Next) {
    if (req.method !== 'POST' || pathOf(req) !== MESSAGES_PATH) return next();
    readJsonBody(req, options.maxBodyBytes).then(
      (body) => {
        if (!body.ok) return refuse(req, res, next, body.status, body.message, options.logger);
        const check = checkActivity(body.value);
        if (!check.ok) return refuse(req, res, next, 400, check.message, options.logger);
        validated.set(req, check.activity);
        const marked = req as Request & { _readBody?: boolean; _parsedBody?: boolean };
        marked.body = body.value;
        marked._readBody = true;
        marked._parsedBody = true;
        return next();
      },
      (err: unknown) => {
        options.logger.error({ err }, 'reading the request body failed');
        refuse(req, res, next, 400, 'The request body could not be read.', options.logger);
      },
    );
  };
}

function refuse(req: Request, res: Response, next: Next, status: number, message: string, logger: Logger): void {
  logger.warn({ reqId: requestIdOf(req), status, reason: message, contentLength: req.headers['content-length'] }, 'request refused');
  if (status === 413) {
    // The answer goes out at once. Node then discards (never stores) the rest of the body, so
    // the client can read the 413 instead of getting a reset mid-upload; a client that keeps
    // sending for longer than a few seconds is cut off.
    res.once('finish', () => {
      if (req.complete) return;
      const cutOff = setTimeout(() => req.socket?.destroy(), LINGER_MS);
      cutOff.unref();
      req.once('close', () => clearTimeout(cutOff));
    });
  }
  res.send(status, { error: status === 413 ? 'payload_too_large' : 'bad_request', message });
  next(false);
}
