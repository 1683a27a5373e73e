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
import { currentUser, setCurrentUser } from '../dialogs/shared/currentUser';
import { escapeMarkdown } from '../dialogs/shared/markdown';
import { attachmentsStoredThisTurn } from '../dialogs/shared/turnAttachments';
import type { MainDialog } from '../dialogs/mainDialog';
import { chosenSchool, isSchoolSwitch, schoolQuestion, TEXT as SCHOOL_TEXT } from '../dialogs/shared/schoolKeuze';
import { Board, schoolLabel, type SchoolChoice } from './app/board';
import type { BotServices } from './app/services';
import { cleanText } from './domain/text/cleanText';
import { FIRST_SCHOOL_ID, isMemberOf, rolesAt, ROLES, userAt, type Person } from './domain/users';
import type { Repositories, SchoolEntry } from './repositories';
import { rootOf } from './repositories/schoolStore';
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

/** The dialogs of one school: built once per school, over that school's services. */
export type SchoolDialogs = (services: BotServices) => MainDialog;

/** What a turn acts through: one school's services and dialogs (set by the bot, per turn). */
interface SchoolScope {
  entry: SchoolEntry;
  services: BotServices;
  dialog: MainDialog;
}

const ACTING = Symbol('oso.actingSchool');

/** The repositories of the school this turn acts for (undefined before the bot chose one). */
export const actingRepos = (context: TurnContext): Repositories | undefined => (context.turnState.get(ACTING) as SchoolScope | undefined)?.services.repos;

export class OsoBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly referenceSaved: StatePropertyAccessor<string[]>;
  /** The one person this conversation's dialog belongs to. */
  private readonly owner: StatePropertyAccessor<string | undefined>;
  /** The school this conversation acts for (its id); its dialog state is that school's. */
  private readonly schoolOfConversation: StatePropertyAccessor<string | undefined>;
  /** True while the conversation waits for the answer to "which school?". */
  private readonly schoolAsked: StatePropertyAccessor<boolean | undefined>;
  private readonly board: Board;
  private readonly scopes = new Map<string, SchoolScope>();

  constructor(
    private readonly conversationState: ConversationState,
    private readonly dialogsFor: SchoolDialogs,
    private readonly services: BotServices,
    private readonly unsavedTurns?: UnsavedTurns,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.referenceSaved = conversationState.createProperty<string[]>('referenceSavedFor');
    this.owner = conversationState.createProperty<string | undefined>('eigenaar');
    this.schoolOfConversation = conversationState.createProperty<string | undefined>('school');
    this.schoolAsked = conversationState.createProperty<boolean | undefined>('schoolGevraagd');
    this.board = services.board ?? new Board(rootOf(services.repos.store), services.repos);

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
      const { person } = resolved;
      const owner = await this.owner.get(context);
      if (owner !== undefined && owner !== person.id) {
        await context.sendActivity(TEXT.nietUwGesprek);
        return next();
      }
      if (owner === undefined) await this.owner.set(context, person.id);
      await this.rememberConversation(context, person);
      const scope = await this.actFor(context, resolved);
      if (!scope) return next();
      if (resolved.eersteBeheerder) {
        await scope.dialog.startFirstSetup(context, this.dialogState);
        return next();
      }
      // The last turn answered but was not saved: this message answers a question the stored
      // conversation is not at, so ask the one it is at instead of reading this as its answer.
      const unsaved = this.unsavedTurns?.take(conversationKeyOf(context.activity));
      // The last turn was an "annuleren" that could not be saved: the user was told it stopped.
      if (unsaved === 'cancelled') await this.dialogState.delete(context);
      const askAgain = unsaved === 'answered';
      if (!askAgain || !(await scope.dialog.askAgain(context, this.dialogState))) {
        await scope.dialog.run(context, this.dialogState);
      }
      await next();
    });
  }

  /** Teams: the directie accepted the file consent card of "toon dossier" (src/teams/dossierFile.ts). */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const resolved = isPersonalConversation(context.activity) ? await this.resolveUser(context) : undefined;
    if (!resolved) {
      await context.sendActivity(TEXT.onbekend(await this.beheerderNames(), userIdOf(context)));
      return;
    }
    // The offer lies in the store of the school the conversation acts for, with the roles there.
    const scope = await this.actFor(context, resolved);
    if (!scope) return;
    await acceptDossierFile(context, response, currentUser(context), {
      repos: scope.services.repos,
      logger: this.services.logger,
      upload: this.services.teamsUpload ?? putToOneDrive,
      allowedHosts: this.services.attachmentSources?.allowedHosts ?? DEFAULT_ATTACHMENT_HOSTS,
      now: this.services.clock.now(),
    });
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const resolved = isPersonalConversation(context.activity) ? await this.resolveUser(context) : undefined;
    const scope = resolved ? await this.actFor(context, resolved) : undefined;
    if (scope) await declineDossierFile(context, response, scope.services.repos);
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
    const repos = actingRepos(context);
    if (ids.length === 0 || !repos) return;
    try {
      await new AttachmentRegister(repos.store).remove(ids);
    } catch (err) {
      // The start-up sweep removes them later.
      this.services.logger.warn({ err, count: ids.length }, 'could not remove the attachments of a failed turn');
    }
  }

  /**
   * The school this turn acts for, with the user as that school sees them (their roles
   * there) left for the dialogs. A person of one school acts for it; a person of several is
   * asked once per conversation (undefined: the question was asked, or answered, this turn).
   * When the school changes, the conversation in progress (another school's) is dropped.
   */
  private async actFor(context: TurnContext, resolved: Resolved): Promise<SchoolScope | undefined> {
    const { person } = resolved;
    let all = await this.board.schools();
    // Registered at a school this process does not know yet (just added by the CLI or another instance).
    if (Object.keys(person.scholen ?? {}).some((id) => !all.some((e) => e.id === id))) all = await this.board.schools(true);
    const own = resolved.eersteBeheerder ? all.filter((e) => e.id === FIRST_SCHOOL_ID) : all.filter((e) => isMemberOf(person, e.id));
    if (own.length === 0) {
      await context.sendActivity(SCHOOL_TEXT.geenSchool);
      return undefined;
    }
    const entry = own.length === 1 ? own[0] : await this.chosenSchool(context, person, own);
    if (!entry) return undefined;
    // A conversation begun for another school (roles changed meanwhile) does not go on here.
    // Kept also for a person of one school: given a second school, they go on where they are.
    const before = await this.schoolOfConversation.get(context);
    if (before !== undefined && before !== entry.id) await this.leaveSchool(context);
    if (before !== entry.id) await this.schoolOfConversation.set(context, entry.id);
    const scope = this.scopeFor(entry);
    const label = own.length > 1 ? schoolLabel(await this.describe(entry)) : undefined;
    setCurrentUser(context, { ...userAt(person, entry.id), ...(label ? { school: label } : {}) });
    context.turnState.set(ACTING, scope);
    return scope;
  }

  /** The school chosen in this conversation; else asks, or reads the answer to the question. */
  private async chosenSchool(context: TurnContext, person: Person, own: SchoolEntry[]): Promise<SchoolEntry | undefined> {
    const text = context.activity.type === ActivityTypes.Message ? context.activity.text ?? '' : '';
    const chosen = await this.schoolOfConversation.get(context);
    const current = own.find((e) => e.id === chosen);
    if (current && !isSchoolSwitch(text)) return current;
    const choices = await Promise.all(own.map((e) => this.describe(e)));
    if (current || !(await this.schoolAsked.get(context)) || !text.trim()) {
      await this.leaveSchool(context);
      await this.schoolAsked.set(context, true);
      // Joining (no message yet): the question comes with the welcome.
      const welkom = context.activity.type === ActivityTypes.Message ? undefined : SCHOOL_TEXT.welkom;
      await context.sendActivity(schoolQuestion(context, choices, person.laatsteSchool, welkom));
      return undefined;
    }
    const answer = chosenSchool(text, choices, person.laatsteSchool);
    if (!answer) {
      await context.sendActivity(schoolQuestion(context, choices, person.laatsteSchool, SCHOOL_TEXT.nietHerkend(text)));
      return undefined;
    }
    await this.schoolAsked.delete(context);
    await this.schoolOfConversation.set(context, answer.entry.id);
    if (person.laatsteSchool !== answer.entry.id) {
      await this.board.people.update(person.id, (p) => (p ? { ...p, laatsteSchool: answer.entry.id } : undefined));
    }
    const scope = this.scopeFor(answer.entry);
    setCurrentUser(context, { ...userAt(person, answer.entry.id), school: schoolLabel(answer) });
    context.turnState.set(ACTING, scope);
    await scope.dialog.sendMenuAfter(context, SCHOOL_TEXT.gekozen(schoolLabel(answer)));
    return undefined;
  }

  /** Drops the conversation's school and whatever conversation ran for it. */
  private async leaveSchool(context: TurnContext): Promise<void> {
    await this.schoolOfConversation.delete(context);
    await this.dialogState.delete(context);
  }

  private async describe(entry: SchoolEntry): Promise<SchoolChoice> {
    const school = await this.scopeFor(entry).services.repos.school.get();
    return { entry, ...(school ? { naam: school.naam, brin: school.brin } : {}) };
  }

  /** One school's services and dialogs, made at its first turn: every repository in them is that school's. */
  private scopeFor(entry: SchoolEntry): SchoolScope {
    let scope = this.scopes.get(entry.id);
    if (!scope) {
      const services: BotServices = { ...this.services, board: this.board, repos: this.board.repositoriesFor(entry) };
      scope = { entry, services, dialog: this.dialogsFor(services) };
      this.scopes.set(entry.id, scope);
    }
    return scope;
  }

  /**
   * The registered person; else the first beheerder FIRST_BEHEERDER names (`eersteBeheerder`),
   * or in demo mode a new user with every role.
   */
  private async resolveUser(context: TurnContext): Promise<Resolved | undefined> {
    const id = userIdOf(context);
    if (!id) return undefined;
    const { people } = this.board;
    const known = (await people.get(id)) ?? (await linkTeamsUserByEmail(context, people, this.services.logger));
    if (known) return { person: known };
    const eerste = await claimFirstBeheerder(context, id, this.services);
    if (eerste) return { person: (await people.get(eerste.id)) ?? eerste, eersteBeheerder: true };
    if (!this.services.demoMode) return undefined;
    const name: unknown = context.activity.from?.name;
    const naam = (typeof name === 'string' ? cleanText(name).trim() : '') || TEXT.demoNaam;
    await this.services.repos.users.save({ id, naam, rollen: [...ROLES] });
    const person = await people.get(id);
    return person ? { person } : undefined;
  }

  /** The welcome; for the first beheerder, the start of setting up the school. */
  private async welcome(context: TurnContext, resolved: Resolved): Promise<void> {
    const scope = await this.actFor(context, resolved);
    if (!scope) return;
    if (resolved.eersteBeheerder) await scope.dialog.startFirstSetup(context, this.dialogState);
    else await scope.dialog.sendWelcome(context);
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
  private async rememberConversation(context: TurnContext, user: Person): Promise<void> {
    if (context.activity.type !== ActivityTypes.Message) return;
    const savedFor = await this.referenceSaved.get(context, []);
    if (savedFor.includes(user.id)) return;
    const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
    await this.board.store.set(keys.conversationReference(user.id), reference);
    // Where the board's Teams is reached: lets a notice open the personal chat of a colleague
    // who never opened it (src/proactive.ts).
    const { serviceUrl, recipient } = context.activity;
    const tenantId = tenantOf(context.activity);
    if (isTeams(context) && serviceUrl && tenantId && recipient?.id) {
      const home: TeamsHome = { serviceUrl, tenantId, botId: recipient.id };
      await this.board.store.set(keys.teamsHome(), home);
    }
    await this.referenceSaved.set(context, [...savedFor, user.id]);
  }

  /**
   * Whom an unregistered person asks: the bestuursbeheerders, and with one school its
   * beheerders. Not the beheerders of a board's schools: the person belongs to none of them.
   */
  private async beheerderNames(): Promise<string[]> {
    const people = await this.board.people.list();
    const schools = await this.board.schools();
    const only = schools.length === 1 ? schools[0] : undefined;
    return people.filter((p) => p.bestuursbeheerder || (only && rolesAt(p, only.id).includes('beheerder'))).map((p) => p.naam);
  }
}

interface Resolved {
  person: Person;
  eersteBeheerder?: true;
}
