/**
 * The per-request child logger (request id, conversation id), kept on the turn so that
 * whatever logs during the turn — the error handler above all — logs with those ids.
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';

const TURN_LOGGER = Symbol('oso.turnLogger');

export function setTurnLogger(context: TurnContext, logger: Logger): void {
  context.turnState.set(TURN_LOGGER, logger);
}

export function turnLogger(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(TURN_LOGGER) as Logger | undefined) ?? fallback;
}
