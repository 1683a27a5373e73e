/**
 * Bot Framework authentication where every failure to validate a token is a 401. CloudAdapter
 * answers 401 only for its own AuthenticationError; a token it cannot check (the signing
 * keys cannot be fetched, a malformed but JWT-shaped token) ends as a 500, which says
 * "server broken" instead of "not authenticated" and invites retries.
 */
import type { Activity } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from '../log';

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
        throw err;
      }
      // Logged in full: if the signing keys cannot be fetched, genuine requests fail too.
      this.logger.error({ err }, 'request refused: the token could not be validated');
      throw new AuthenticationError('Unauthorized: the token could not be validated.', StatusCodes.UNAUTHORIZED);
    }
  }
}
