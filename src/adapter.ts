/**
 * The Bot Framework adapter. Credentials empty → local mode (Emulator, local Web Chat);
 * set → every request must carry a valid Bot Framework token.
 */
import { randomBytes } from 'node:crypto';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Config } from './config';
import type { Logger } from './log';

const TEXT = {
  fout: (code: string) =>
    `Sorry, er ging iets mis aan mijn kant. Wat u al had ingevuld is bewaard; probeer het nog eens. Blijft het misgaan, geef dan deze foutcode door aan de beheerder: ${code}.`,
};

/** Short code the user can read out to IT, and IT can find in the log. */
export const newErrorCode = (): string => randomBytes(3).toString('hex').toUpperCase();

export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const code = newErrorCode();
    logger.error(
      { err: error, errorCode: code, conversationId: context.activity.conversation?.id, activityId: context.activity.id },
      'turn error',
    );
    // The conversation state is kept on purpose (unlike the samples): a dossier in progress
    // must survive a failed turn.
    try {
      await context.sendActivity(TEXT.fout(code));
    } catch (sendError) {
      logger.error({ err: sendError, errorCode: code }, 'could not send the error message');
    }
  };
  return adapter;
}
