/**
 * Turn middleware that keeps what the dialogs cannot use away from them: activity types the
 * Bot Framework does not define (ignored, no reply) and messages too long to be an answer
 * (a polite answer instead).
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';

/** Longest message the dialogs get; a long explanation fits, a pasted document does not. */
export const MAX_MESSAGE_CHARS = 10_000;

const TEXT = {
  teLang: (length: number) =>
    `Uw bericht is te lang (${length.toLocaleString('nl-NL')} tekens); ik kan berichten tot ${MAX_MESSAGE_CHARS.toLocaleString('nl-NL')} tekens lezen. ` +
    'Stuur een korter antwoord. Een lang document kunt u als bijlage toevoegen bij de vraag "Bijlagen".',
};

const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

export const ignoreUnknownActivityTypes: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (KNOWN_TYPES.has(context.activity.type)) await next();
  },
};

export const refuseOverlongMessages: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, text } = context.activity;
    if (type === ActivityTypes.Message && typeof text === 'string' && text.length > MAX_MESSAGE_CHARS) {
      await context.sendActivity(TEXT.teLang(text.length));
      return;
    }
    await next();
  },
};
