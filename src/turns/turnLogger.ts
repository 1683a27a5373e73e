/**
 * The per-request child logger (request id, conversation id), kept on the turn so that
 * whatever logs during the turn — middleware, dialogs, the error handler — logs with those
 * ids. CloudAdapter builds the TurnContext itself, so the request hands its logger over by
 * conversation id; the turn queue guarantees one running turn per conversation, and the
 * entry lives only while that request runs.
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../log';

const TURN_LOGGER = Symbol('oso.turnLogger');
const requestLoggers = new Map<string, Logger>();

/** Runs `handle` with `logger` as the logger of the turn it starts for this conversation. */
export async function withRequestLogger<T>(conversationId: string, logger: Logger, handle: () => Promise<T>): Promise<T> {
  requestLoggers.set(conversationId, logger);
  try {
    return await handle();
  } finally {
    if (requestLoggers.get(conversationId) === logger) requestLoggers.delete(conversationId);
  }
}

/** First middleware: puts the request's logger on the turn. */
export const attachRequestLogger: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const logger = requestLoggers.get(context.activity.conversation?.id ?? '');
    if (logger) setTurnLogger(context, logger);
    await next();
  },
};

export function setTurnLogger(context: TurnContext, logger: Logger): void {
  context.turnState.set(TURN_LOGGER, logger);
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(TURN_LOGGER) as Logger | undefined) ?? fallback;
}
