/**
 * restify `pre` handlers that turn bad requests away before any routing, body parsing or
 * turn: local mode from anyone but the person at this machine (403), no Bearer token when
 * credentials are set (401, from the headers alone), a body over the limit (413), no JSON
 * content type (415), malformed JSON or an activity without the fields a turn needs (400),
 * in local mode a serviceUrl off this machine (403). Each answers with a short JSON error and
 * a warn line without personal data, and lets the server go on serving.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../log';
import { checkActivity, type IncomingActivity } from './checkActivity';
import { isLocalServiceUrl, LOCAL_PROBLEM_TEXT, localRequestProblem } from './localOnly';
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

/**
 * The path of the route restify will run for a request, asked of its router: a string compare
 * on the raw URL misses `/api/%6Dessages`, `/api/messages;x` and `http://host/api/messages`,
 * which the router sends to the same handler.
 */
export type RouteOf = (req: Request, res: Response) => string | undefined;

export const HEALTH_PATH = '/healthz';

const isMessagesRequest = (req: Request, res: Response, routeOf: RouteOf): boolean =>
  req.method === 'POST' && routeOf(req, res) === MESSAGES_PATH;

/**
 * Without credentials nobody is authenticated, so only the person at this machine may talk to
 * the bot (src/http/localOnly.ts), unless ALLOW_REMOTE_LOCAL_MODE says otherwise. Guards every
 * route (the Web Chat page, Direct Line, the connector routes, /api/messages) except /healthz,
 * which stays open for probes and holds no personal data.
 */
export function localModeGate(options: { localMode: boolean; allowRemote: boolean; logger: Logger; routeOf: RouteOf }): RequestHandler {
  return function localModeGateHandler(req: Request, res: Response, next: Next) {
    if (!options.localMode || options.allowRemote) return next();
    const route = options.routeOf(req, res);
    if (route === HEALTH_PATH) return next();
    const problem = localRequestProblem(req);
    if (!problem) return next();
    // The route's pattern, not the URL, and neither the address nor the header values: the
    // reason is enough to act on, and nothing the caller chose reaches the log.
    options.logger.warn({ reqId: requestIdOf(req), method: req.method, route: route ?? 'none', reason: problem }, 'refused: local mode answers this machine only');
    refuseLocal(req, res, next, problem);
  };
}

function refuseLocal(req: Request, res: Response, next: Next, problem: keyof typeof LOCAL_PROBLEM_TEXT): void {
  lingerAfterRefusal(req, res);
  res.send(403, {
    error: 'forbidden',
    message:
      'This bot runs in local mode (no MicrosoftAppId/MicrosoftAppPassword) and answers only the person at this machine; ' +
      `this request was refused because ${LOCAL_PROBLEM_TEXT[problem]}. ` +
      'Set the Bot Framework credentials, or set ALLOW_REMOTE_LOCAL_MODE=true to allow unauthenticated remote access.',
  });
  next(false);
}

/** A JWS in compact form (header.payload.signature): what a Bot Framework token always is. */
const BEARER_TOKEN = /^Bearer +[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/i;

/**
 * With credentials, POST /api/messages without a Bearer token is refused from its headers
 * alone: the body (which may be large) is never read for an anonymous caller. A token that
 * looks right is checked by the adapter after the (small) body is read, since the check
 * needs the activity's serviceUrl and channel.
 */
export function bearerTokenGate(options: { required: boolean; logger: Logger; routeOf: RouteOf }): RequestHandler {
  return function bearerTokenGateHandler(req: Request, res: Response, next: Next) {
    if (!options.required || !isMessagesRequest(req, res, options.routeOf)) return next();
    const header = req.headers.authorization;
    if (header !== undefined && BEARER_TOKEN.test(header.trim())) return next();
    options.logger.warn(
      { reqId: requestIdOf(req), reason: header === undefined ? 'no Authorization header' : 'no Bearer token' },
      'request refused: not authenticated',
    );
    lingerAfterRefusal(req, res);
    res.send(401, { error: 'unauthorized', message: 'A Bot Framework Bearer token is required.' });
    next(false);
  };
}

/**
 * Reads and checks the body of POST /api/messages itself (restify's bodyParser reads a body
 * to the end before it looks at its size). Marks the body as read and parsed so the
 * bodyParser in `use` leaves it alone. In local mode the activity's serviceUrl must be on
 * this machine, or the replies (pupil names, dossier lists) would go elsewhere.
 */
export function messagesBodyGate(options: { maxBodyBytes: number; logger: Logger; routeOf: RouteOf; localServiceUrlOnly: boolean }): RequestHandler {
  return function messagesBodyGateHandler(req: Request, res: Response, next: Next) {
    if (!isMessagesRequest(req, res, options.routeOf)) return next();
    readJsonBody(req, options.maxBodyBytes).then(
      (body) => {
        if (!body.ok) return refuse(req, res, next, body.status, body.message, options.logger);
        const check = checkActivity(body.value);
        if (!check.ok) return refuse(req, res, next, 400, check.message, options.logger);
        if (options.localServiceUrlOnly && !isLocalServiceUrl(check.activity.serviceUrl)) {
          options.logger.warn({ reqId: requestIdOf(req), reason: 'foreign-service-url' }, 'refused: local mode answers this machine only');
          return refuseLocal(req, res, next, 'foreign-service-url');
        }
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
  lingerAfterRefusal(req, res);
  res.send(status, { error: status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request', message });
  next(false);
}

/**
 * A refusal goes out before the body was read (or all of it). Node then discards (never
 * stores) the rest of the body, so the client can read the answer instead of getting a reset
 * mid-upload; a client that keeps sending for longer than a few seconds is cut off.
 */
function lingerAfterRefusal(req: Request, res: Response): void {
  res.once('finish', () => {
    if (req.complete) return;
    const cutOff = setTimeout(() => req.socket?.destroy(), LINGER_MS);
    cutOff.unref();
    req.once('close', () => clearTimeout(cutOff));
  });
}
