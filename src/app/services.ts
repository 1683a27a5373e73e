import type { Logger } from '../log';
import type { Repositories } from '../repositories';
import type { Board } from './board';
import type { AttachmentSources } from './attachmentContent';
import type { Clock } from './clock';

/** Checks an OSO-gegevensset document; each list holds what is wrong (empty when valid). */
export interface OsoDocumentValidator {
  validate(xml: string): { xsdErrors: string[]; ruleErrors: string[] };
}

/** Sends a message to a user in their own chat, outside the current conversation. */
export interface Notifier {
  notify(userId: string, text: string): Promise<boolean>;
}

/** What dialogs and the bot are given: data, time, logging. No botbuilder types here. */
export interface BotServices {
  /** The data of the school this turn acts for (the bot gives each school its own services). */
  repos: Repositories;
  /** The board's schools and people; the bot derives it from `repos` when not given. */
  board?: Board;
  clock: Clock;
  logger: Logger;
  /** True while demo mode is active: every local user gets all roles. */
  demoMode: boolean;
  /** The official XSD and business-rule validator, when OSO_VALIDATOR_DIR is set. */
  osoValidator?: OsoDocumentValidator;
  notifier?: Notifier;
  /** Teams tenants that may use the bot (MicrosoftAppTenantId and TEAMS_TENANT_IDS); empty: any. */
  allowedTenants?: readonly string[];
  /** Where files sent in the chat may be read from (default: data: URLs and SharePoint). */
  attachmentSources?: AttachmentSources;
  /** FIRST_BEHEERDER: who becomes beheerder on first contact while the school has none. */
  firstBeheerder?: string;
  /** Puts a file in the user's OneDrive at the upload URL Teams gave (default: an HTTPS PUT). */
  teamsUpload?: (url: URL, body: Buffer) => Promise<void>;
}
