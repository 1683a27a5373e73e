/**
 * The bot: who is talking (PRODUCT.md §2), the welcome, and handing each message to the main
 * dialog. Conversation state is saved once at the end of every turn. A Teams activity is first
 * made to look like any other (src/teams/incoming.ts), so the dialogs need no Teams cases.
 */
import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type ConversationReference,
  type FileConsentCardResponse,
  type ConversationState,
  type StatePropertyAccessor,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { setCurrentUser } from '../dialogs/shared/currentUser';
import { escapeMarkdown } from '../dialogs/shared/markdown';
import { attachmentsStoredThisTurn } from '../dialogs/shared/turnAttachments';
import type { MainDialog } from '../dialogs/mainDialog';
import type { BotServices } from './app/services';
import { cleanText } from './domain/text/cleanText';
import { ROLES, type User } from './domain/users';
import { AttachmentRegister } from './repositories/attachmentRegister';
import { keys } from './repositories/keys';
import { normalizeIncoming } from './teams/incoming';
import { acceptDossierFile, declineDossierFile, putToOneDrive } from './teams/dossierFile';
import { DEFAULT_ATTACHMENT_HOSTS } from './app/attachmentPolicy';
import type { TeamsHome } from './proactive';
import { isAllowedTenant, isPersonalConversation, personalChatLink, tenantOf } from './teams/scope';
import { claimFirstBeheerder } from './teams/firstBeheerder';
import { isTeams, linkTeamsUserByEmail } from './teams/teamsIdentity';
import { conversationKeyOf, type UnsavedTurns } from './turns/unsavedTurns';

const TEXT = {
  onbekend: (beheerders: string[], id: string) =>
    `U bent nog niet geregistreerd bij de OSO-overstapbot. Vraag ${
      beheerders.length ? beheerders.map(escapeMarkdown).join(' of ') + ' (beheerder)' : 'de beheerder van uw school'
    } om u toe te voegen; noem daarbij uw gebruikers-id: ${escapeMarkdown(id)}`,
  demoNaam: 'Demo-gebruiker',
  alleenPersoonlijk: (link: string | undefined) =>
    `Ik werk met leerlinggegevens en daarom alleen in een persoonlijke chat, niet in een groepschat of kanaal. ${
      link ? `Open de chat met mij: [OSO-overstapbot](${link})` : 'Begin een persoonlijke chat met de OSO-overstapbot.'
    }`,
  andereTenant: 'Deze bot is alleen beschikbaar voor de school (organisatie) die hem heeft geïnstalleerd.',
  nietUwGesprek: 'Dit gesprek is van een andere gebruiker. Begin een eigen chat met de OSO-overstapbot.',
  bewerkt: 'Een bewerkt bericht lees ik niet. Typ uw antwoord opnieuw als nieuw bericht.',
};

/**
 * Channel identity: on Teams the stable Entra object id; on other channels `from.id` (an
 * `aadObjectId` there is just a field the client filled in, not a proof of who it is).
 */
export function userIdOf(context: TurnContext): string {
  const from = context.activity.from;
  if (context.activity.channelId === 'msteams') return from?.aadObjectId || '';
  return from?.id || '';
}

export class OsoBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly referenceSaved: StatePropertyAccessor<string[]>;
  /** The one person this conversation's dialog belongs to. */
  private readonly owner: StatePropertyAccessor<string | undefined>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly mainDialog: MainDialog,
    private readonly services: BotServices,
    private readonly unsavedTurns?: UnsavedTurns,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.referenceSaved = conversationState.createProperty<string[]>('referenceSavedFor');
    this.owner = conversationState.createProperty<string | undefined>('eigenaar');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const added = context.activity.membersAdded ?? [];
      const joined = added.filter((m) => m.id !== botId);
      if (!isPersonalConversation(context.activity)) {
        if (added.some((m) => m.id === botId)) await context.sendActivity(TEXT.alleenPersoonlijk(personalChatLink(context.activity)));
      } else if (isTeams(context)) {
        // Teams: greet once, when the app is installed (the bot itself is the member added).
        if (added.some((m) => m.id === botId)) await this.welcomeOnInstall(context);
      } else if (joined.length > 0) {
        const resolved = await this.resolveUser(context);
        if (resolved) await this.welcome(context, resolved);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      // Before anything is looked up: in a shared chat every member would see the answers.
      if (!isPersonalConversation(context.activity)) {
        await context.sendActivity(TEXT.alleenPersoonlijk(personalChatLink(context.activity)));
        return next();
      }
      const resolved = await this.resolveUser(context);
      if (!resolved) {
        await context.sendActivity(TEXT.onbekend(await this.beheerderNames(), userIdOf(context)));
        return next();
      }
      const { user } = resolved;
      const owner = await this.owner.get(context);
      if (owner !== undefined && owner !== user.id) {
        await context.sendActivity(TEXT.nietUwGesprek);
        return next();
      }
      if (owner === undefined) await this.owner.set(context, user.id);
      setCurrentUser(context, user);
      await this.rememberConversation(context, user);
      if (resolved.eersteBeheerder) {
        await this.mainDialog.startFirstSetup(context, this.dialogState);
        return next();
      }
      // The last turn answered but was not saved: this message answers a question the stored
      // conversation is not at, so ask the one it is at instead of reading this as its answer.
      const unsaved = this.unsavedTurns?.take(conversationKeyOf(context.activity));
      // The last turn was an "annuleren" that could not be saved: the user was told it stopped.
      if (unsaved === 'cancelled') await this.dialogState.delete(context);
      const askAgain = unsaved === 'answered';
      if (!askAgain || !(await this.mainDialog.askAgain(context, this.dialogState))) {
        await this.mainDialog.run(context, this.dialogState);
      }
      await next();
    });
  }

  /** Teams: the directie accepted the file consent card of "toon dossier" (src/teams/dossierFile.ts). */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const user = isPersonalConversation(context.activity) ? (await this.resolveUser(context))?.user : undefined;
    if (!user) {
      await context.sendActivity(TEXT.onbekend(await this.beheerderNames(), userIdOf(context)));
      return;
    }
    await acceptDossierFile(context, response, user, {
      repos: this.services.repos,
      logger: this.services.logger,
      upload: this.services.teamsUpload ?? putToOneDrive,
      allowedHosts: this.services.attachmentSources?.allowedHosts ?? DEFAULT_ATTACHMENT_HOSTS,
      now: this.services.clock.now(),
    });
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await declineDossierFile(context, response, this.services.repos);
  }

  override async run(context: TurnContext): Promise<void> {
    if (!isAllowedTenant(context.activity, this.services.allowedTenants)) {
      this.services.logger.warn({ channelId: context.activity.channelId }, 'refused: activity from a tenant that is not configured');
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity(TEXT.andereTenant);
      return;
    }
    if (context.activity.type === ActivityTypes.MessageUpdate && isPersonalConversation(context.activity)) {
      // Teams lets a user edit a sent message; the edit arrives as its own activity, and the
      // answer it changes has already been used, so say so rather than stay silent.
      await context.sendActivity(TEXT.bewerkt);
      return;
    }
    try {
      normalizeIncoming(context.activity);
      await super.run(context);
      await this.conversationState.saveChanges(context, false);
    } catch (err) {
      await this.discardTurnAttachments(context);
      throw err;
    }
  }

  /** A failed turn is not saved, so nothing would refer to the files it stored: remove them. */
  private async discardTurnAttachments(context: TurnContext): Promise<void> {
    const ids = attachmentsStoredThisTurn(context);
    if (ids.length === 0) return;
    try {
      await new AttachmentRegister(this.services.repos.store).remove(ids);
    } catch (err) {
      // The start-up sweep removes them later.
      this.services.logger.warn({ err, count: ids.length }, 'could not remove the attachments of a failed turn');
    }
  }

  /**
   * The registered user; else the first beheerder FIRST_BEHEERDER names (`eersteBeheerder`),
   * or in demo mode a new user with every role.
   */
  private async resolveUser(context: TurnContext): Promise<{ user: User; eersteBeheerder?: true } | undefined> {
    const id = userIdOf(context);
    if (!id) return undefined;
    const known =
      (await this.services.repos.users.get(id)) ??
      (await linkTeamsUserByEmail(context, this.services.repos.users, this.services.logger));
    if (known) return { user: known };
    const eerste = await claimFirstBeheerder(context, id, this.services);
    if (eerste) return { user: eerste, eersteBeheerder: true };
    if (!this.services.demoMode) return undefined;
    const name: unknown = context.activity.from?.name;
    const naam = (typeof name === 'string' ? cleanText(name).trim() : '') || TEXT.demoNaam;
    const user: User = { id, naam, rollen: [...ROLES] };
    await this.services.repos.users.save(user);
    return { user };
  }

  /** The welcome; for the first beheerder, the start of setting up the school. */
  private async welcome(context: TurnContext, resolved: { user: User; eersteBeheerder?: true }): Promise<void> {
    setCurrentUser(context, resolved.user);
    if (resolved.eersteBeheerder) await this.mainDialog.startFirstSetup(context, this.dialogState);
    else await this.mainDialog.sendWelcome(context);
  }

  /** Personal chat: the welcome (or who to ask). */
  private async welcomeOnInstall(context: TurnContext): Promise<void> {
    const resolved = await this.resolveUser(context);
    if (!resolved) {
      await context.sendActivity(TEXT.onbekend(await this.beheerderNames(), userIdOf(context)));
      return;
    }
    await this.welcome(context, resolved);
  }

  /**
   * Stores where to reach this user later (proactive notices), once per conversation. Only
   * personal conversations get here (see onMessage), so a notice never lands in a shared chat.
   */
  private async rememberConversation(context: TurnContext, user: User): Promise<void> {
    if (context.activity.type !== ActivityTypes.Message) return;
    const savedFor = await this.referenceSaved.get(context, []);
    if (savedFor.includes(user.id)) return;
    const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
    await this.services.repos.store.set(keys.conversationReference(user.id), reference);
    // Where this school's Teams is reached: lets a notice open the personal chat of a colleague
    // who never opened it (src/proactive.ts).
    const { serviceUrl, recipient } = context.activity;
    const tenantId = tenantOf(context.activity);
    if (isTeams(context) && serviceUrl && tenantId && recipient?.id) {
      const home: TeamsHome = { serviceUrl, tenantId, botId: recipient.id };
      await this.services.repos.store.set(keys.teamsHome(), home);
    }
    await this.referenceSaved.set(context, [...savedFor, user.id]);
  }

  private async beheerderNames(): Promise<string[]> {
    const users = await this.services.repos.users.list();
    return users.filter((u) => u.rollen.includes('beheerder')).map((u) => u.naam);
  }
}
