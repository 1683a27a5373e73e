/**
 * Bot Framework authentication where every failure to validate a token is a 401, logged once.
 * CloudAdapter answers 401 only for its own AuthenticationError; a token it cannot check (the
 * signing keys cannot be fetched, a malformed but JWT-shaped token) ends as a 500, which says
 * "server broken" instead of "not authenticated" and invites retries. And it prints every
 * refusal with its stack trace to stderr (console.error), next to our own log line.
 */
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from '../log';

/** A refused token, already logged by StrictBotFrameworkAuthentication. */
class NotAuthenticatedError extends AuthenticationError {}

export class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    configuration: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly logger: Logger,
  ) {
    super(configuration);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      if (err instanceof AuthenticationError) {
        this.logger.warn({ reason: err.message }, 'request refused: not authenticated');
        throw new NotAuthenticatedError(err.message, StatusCodes.UNAUTHORIZED);
      }
      // Logged in full: if the signing keys cannot be fetched, genuine requests fail too.
      this.logger.error({ err }, 'request refused: the token could not be validated');
      throw new NotAuthenticatedError('Unauthorized: the token could not be validated.', StatusCodes.UNAUTHORIZED);
    }
  }
}

/** Answers a refused token with 401 itself, so CloudAdapter does not print it a second time. */
export class StrictCloudAdapter extends CloudAdapter {
  protected override async processActivity(
    authorization: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    try {
      return typeof authorization === 'string'
        ? await super.processActivity(authorization, activity, logic)
        : await super.processActivity(authorization, activity, logic);
    } catch (err) {
      if (err instanceof NotAuthenticatedError) return { status: StatusCodes.UNAUTHORIZED, body: { error: 'unauthorized', message: err.message } };
      throw err;
    }
  }
}
