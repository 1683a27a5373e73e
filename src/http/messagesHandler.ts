/**
 * POST /api/messages after the gates: one child logger per request (request id,
 * conversation id), turns of one conversation in order, a line per request with its status
 * and duration. Authentication, the turn and the reply are CloudAdapter's.
 *
 * Order within this process comes from the ConversationQueue; with a shared store the turn
 * also holds the conversation's lease (src/turns/conversationLease.ts) so that instances
 * take turns too. The lease wraps the whole of adapter.process, so the ConversationState
 * write at the end of the turn (and onTurnError's state recovery) is done before release.
 */
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../log';
import { newErrorCode } from '../adapter';
import { LeaseStoreError, LeaseTimeoutError, type TurnLease } from '../turns/conversationLease';
import { storeDownMessage } from '../turns/stateRecovery';
import { ConversationQueue, QueueFullError } from '../turns/conversationQueue';
import { withRequestLogger } from '../turns/turnLogger';
import { incomingActivityOf, requestIdOf } from './requestGates';

export function createMessagesHandler(deps: {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  queue?: ConversationQueue;
  /** Cross-instance ordering; only with a store that several instances share. */
  lease?: TurnLease;
}): (req: Request, res: Response) => Promise<void> {
  const { adapter, bot, logger } = deps;
  const queue = deps.queue ?? new ConversationQueue();
  const lease = deps.lease;

  return async function handleMessages(req: Request, res: Response): Promise<void> {
    const started = process.hrtime.bigint();
    const activity = incomingActivityOf(req);
    const log = logger.child({
      reqId: requestIdOf(req),
      ...(activity ? { conversationId: activity.conversationId, activityId: activity.id, activityType: activity.type } : {}),
    });
    // At trace level, what the user typed (redacted like every line: no BSN, phone or e-mail).
    if (log.isLevelEnabled('trace')) log.trace({ text: String((req.body as { text?: unknown })?.text ?? '').slice(0, 500) }, 'activity received');
    try {
      const turn = () => adapter.process(req, res, (context) => bot.run(context));
      // Without a conversation id the gate has already refused the request; this is a guard.
      if (activity) {
        const { conversationId } = activity;
        // The turn's middleware picks the request logger up by conversation id (one turn at a time).
        const logged = () => withRequestLogger(conversationId, log, turn);
        await queue.run(conversationId, lease ? () => lease.run(conversationId, logged) : logged);
      } else await turn();
    } catch (err) {
      if (err instanceof QueueFullError) {
        log.warn({ waiting: err.waiting }, 'too many turns waiting for this conversation');
        if (!res.headersSent) {
          res.setHeader('Retry-After', '5');
          res.send(429, { error: 'too_many_requests', message: err.message });
        }
        return;
      }
      if (err instanceof LeaseTimeoutError) {
        // Refused rather than run unordered: a turn racing another instance's would lose state.
        log.warn({ waitedMs: err.waitedMs }, 'turn lock of this conversation not free in time');
        if (!res.headersSent) {
          res.setHeader('Retry-After', '2');
          res.send(503, { error: 'conversation_busy', message: err.message });
        }
        return;
      }
      if (err instanceof LeaseStoreError && !res.headersSent) {
        // The store is down before the turn began: say so through the channel, touching no state.
        const errorCode = newErrorCode();
        log.error({ err: err.cause, errorCode }, 'store unavailable: the turn lock could not be taken');
        await adapter.process(req, res, async (context) => {
          await context.sendActivity(storeDownMessage(errorCode));
        });
        return;
      }
      log.error({ err }, 'request failed');
      if (!res.headersSent) res.send(500);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}
