/**
 * The Bot Framework adapter. Credentials empty → local mode (Emulator, local Web Chat);
 * set → every request must carry a valid Bot Framework token.
 */
import { randomBytes } from 'node:crypto';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Config } from './config';
import { StrictBotFrameworkAuthentication, StrictCloudAdapter } from './http/strictAuthentication';
import type { Logger } from './log';
import { turnErrorFields } from './turns/turnErrorLog';
import { turnLogger } from './turns/turnLogger';

const TEXT = {
  fout: (code: string) =>
    `Sorry, er ging iets mis aan mijn kant. Wat u al had ingevuld is bewaard; probeer het nog eens. Blijft het misgaan, geef dan deze foutcode door aan de beheerder: ${code}.`,
};

/** Short code the user can read out to IT, and IT can find in the log. */
export const newErrorCode = (): string => randomBytes(3).toString('hex').toUpperCase();

export interface TurnErrorHooks {
  /**
   * Runs after the error is logged; decides what happens to the conversation state and
   * returns the text to send instead of the standard apology, if another one fits.
   */
  afterError?(context: TurnContext, error: Error, code: string, logger: Logger): Promise<string | undefined>;
}

export function createAdapter(config: Config, logger: Logger, hooks: TurnErrorHooks = {}): CloudAdapter {
  // Strict: a token that cannot be validated is a 401, never a 500, logged once (src/http/strictAuthentication.ts).
  const auth = new StrictBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    },
    logger,
  );
  const adapter = new StrictCloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const code = newErrorCode();
    const log = turnLogger(context, logger);
    // Not the error object itself: it carries the dialog's values (names, contacts, files).
    log.error(
      { ...turnErrorFields(error, context), errorCode: code, conversationId: context.activity.conversation?.id, activityId: context.activity.id },
      'turn error',
    );
    // The conversation state is kept on purpose (unlike the samples): a dossier in progress
    // must survive a failed turn. Only a state that cannot be read is reset (afterError).
    let text = TEXT.fout(code);
    try {
      text = (await hooks.afterError?.(context, error, code, log)) ?? text;
    } catch (hookError) {
      log.error({ ...turnErrorFields(hookError, context), errorCode: code }, 'checking the conversation state after the error failed');
    }
    try {
      await context.sendActivity(text);
    } catch (sendError) {
      log.error({ ...turnErrorFields(sendError, context), errorCode: code }, 'could not send the error message');
    }
  };
  return adapter;
}
