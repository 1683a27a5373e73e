/**
 * The main dialog: the menu, routing a message to the conversation it starts, the role check
 * before a conversation starts, and the interruptions ("annuleren", "help", "terug") that
 * work at every question of every conversation.
 */
import { ActivityTypes, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { BotServices } from '../src/app/services';
import { mag, ROLES, type Role } from '../src/domain/users';
import { choicesForChannel, isCardSubmit, questionIdOfSubmit } from './shared/cards';
import { currentUser } from './shared/currentUser';
import { TEXT as SCHOOL_TEXT } from './shared/schoolKeuze';
import { INTERRUPTION_EVENTS, interruptionIn } from './shared/interruptions';
import { escapeMarkdown as md } from './shared/markdown';
import { quoteInput } from '../src/domain/text/quoteInput';

/** A conversation that a message can start, shown as a menu button. */
export interface ConversationCommand {
  /** Button title, also accepted as typed text. */
  title: string;
  /** What a user may type to start it; the rest of the message is passed on as `text`. */
  triggers: RegExp;
  /** Who may start it. */
  rol: Role;
  /** Dialog to begin; it receives `{ text }` (the words after the trigger) as options. */
  dialog: Dialog;
}

export interface StartOptions {
  text: string;
  /** The first beheerder's first contact: "beheer" walks through setting up the school. */
  eersteStart?: boolean;
}

const TEXT = {
  welkom: (school: string | undefined) =>
    `Welkom bij de OSO-overstapbot${school ? ` van ${md(school)}` : ''}. Ik help u stap voor stap om het overstapdossier van een leerling vanuit Esis klaar te zetten en het in LDOS op te halen.`,
  demo: 'Dit is een demo: er zijn voorbeeldleerlingen geladen, en wie lokaal voor het eerst met de bot praat krijgt alle rollen (medewerker, directie en beheerder).',
  menu: 'Wat wilt u doen? Kies hieronder, of typ het.',
  tijdensVraag: 'Tijdens elke vraag kunt u "help" (uitleg), "terug" (vorige vraag) of "annuleren" typen.',
  nietBegrepen: (text: string) => `"${md(quoteInput(text))}" begrijp ik niet.`,
  geenRecht: (title: string, rol: Role) =>
    `"${title}" is alleen voor ${rolNaam(rol)}. Vraag de beheerder van uw school als u dit nodig heeft.`,
  rolIngetrokken: (title: string, rol: Role) =>
    `U heeft de rol niet meer die "${title}" vraagt (alleen voor ${rolNaam(rol)}), dus ik heb dit gesprek gestopt. Vraag de beheerder van uw school als u dit nodig heeft.`,
  geannuleerd: 'Geannuleerd. U kunt opnieuw beginnen wanneer u wilt.',
  verder: 'Wat wilt u nu doen? Kies hieronder, of typ het.',
  nietsTeAnnuleren: 'Er loopt nu niets om te annuleren.',
  nietOpgeslagen: 'Door de storing is uw vorige antwoord niet opgeslagen. Daarom stel ik die vraag opnieuw (uw laatste bericht heb ik niet gebruikt):',
  geenTerug: 'Terug kan hier niet: dit is de eerste vraag. Typ "annuleren" om te stoppen.',
  niemandKanIets: 'U heeft nog geen rol gekregen. Vraag de beheerder van uw school om u een rol te geven.',
  oudeKnop: 'Die knop hoort bij een eerdere vraag; ik heb hem niet gebruikt. Dit is de vraag die nu openstaat:',
  oudeKnopGeenVraag: 'Die knop hoort bij een vraag die niet meer openstaat; ik heb hem niet gebruikt.',
};

const rolNaam = (rol: Role): string => (rol === 'directie' ? 'de directie' : rol === 'beheerder' ? 'de beheerder' : 'medewerkers');

const ROUTER = 'main.router';
/**
 * What a conversation of several questions ends with (dossier gereed, concept bewaard…) so
 * that the menu is offered again; a one-message answer ("status") ends without it.
 */
export const ENDED_OFFER_MENU = 'main.endedOfferMenu';
/** The command whose dialog sets up a new school (beheerDialog.ts). */
const FIRST_SETUP_COMMAND = 'beheer';

export class MainDialog extends ComponentDialog {
  constructor(
    private readonly services: BotServices,
    private readonly commands: readonly ConversationCommand[],
  ) {
    super('main');
    for (const command of commands) this.addDialog(command.dialog);
    this.addDialog(new WaterfallDialog(ROUTER, [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = ROUTER;
  }

  /** Runs one turn: continues the conversation in progress or routes the new message. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Asks the question the conversation is at again, with a word on why; false when none is open. */
  async askAgain(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<boolean> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    if (!dc.activeDialog) return false;
    await context.sendActivity(TEXT.nietOpgeslagen);
    await dc.repromptDialog();
    return true;
  }

  /** The first beheerder's first contact (FIRST_BEHEERDER): straight into setting up the school. */
  async startFirstSetup(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    await dc.cancelAllDialogs();
    const start: StartOptions = { text: FIRST_SETUP_COMMAND, eersteStart: true };
    await dc.beginDialog(this.id, start);
  }

  async sendWelcome(context: TurnContext): Promise<void> {
    const school = await this.services.repos.school.get();
    await context.sendActivity(TEXT.welkom(school?.naam));
    // Only to whoever demo mode gave every role: a registered user (say, a medewerker on
    // Teams) would otherwise read that everyone gets all roles.
    const user = currentUser(context);
    if (this.services.demoMode && ROLES.every((rol) => mag(user, rol))) await context.sendActivity(TEXT.demo);
    await this.sendMenu(context, TEXT.menu);
  }

  /** The menu, after a sentence of the caller's ("U werkt nu voor …"). */
  async sendMenuAfter(context: TurnContext, lead: string): Promise<void> {
    await this.sendMenu(context, `${lead} ${TEXT.menu}`);
  }

  /** The menu: a button for each conversation this user may start. */
  async sendMenu(context: TurnContext, intro: string): Promise<void> {
    const user = currentUser(context);
    const allowed = this.commands.filter((c) => mag(user, c.rol)).map((c) => c.title);
    if (allowed.length === 0) {
      await context.sendActivity(TEXT.niemandKanIets);
      return;
    }
    // Someone of several schools sees which one they act for, and how to change it.
    const school = user.school ? `\n\n${SCHOOL_TEXT.school(user.school)} (typ "andere school" om te wisselen)` : '';
    await context.sendActivity(choicesForChannel(context, MessageFactory.suggestedActions([...allowed, 'help'], `${intro}${school}\n\n${TEXT.tijdensVraag}`)));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    // The role is checked on every turn, not only at the start: a role taken away while the
    // conversation runs ends it before this turn's answer is used.
    const running = this.runningCommand(innerDc);
    if (running && !mag(currentUser(innerDc.context), running.rol)) {
      await innerDc.cancelAllDialogs(false);
      await innerDc.context.sendActivity(TEXT.rolIngetrokken(running.title, running.rol));
      return { status: DialogTurnStatus.complete };
    }
    // A card's button answers only the asking of the question it was sent with: an old card
    // scrolled back to must not answer (or cancel) whatever question is open now.
    const { value } = innerDc.context.activity;
    if (isCardSubmit(value) && questionIdOfSubmit(value) !== openQuestionId(innerDc)) {
      await innerDc.context.sendActivity(TEXT.oudeKnop);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    const interruption = interruptionIn(innerDc.context.activity.text);
    const inConversation = innerDc.stack.length > 1;
    if (interruption && inConversation) {
      switch (interruption) {
        case 'annuleren':
          await innerDc.cancelAllDialogs(false);
          await this.sendMenu(innerDc.context, `${TEXT.geannuleerd} ${TEXT.verder}`);
          return { status: DialogTurnStatus.complete };
        case 'help':
          if (!(await innerDc.emitEvent(INTERRUPTION_EVENTS.help, undefined, true, true))) {
            await this.sendMenu(innerDc.context, TEXT.tijdensVraag);
          }
          return Dialog.EndOfTurn;
        case 'terug':
          if (!(await innerDc.emitEvent(INTERRUPTION_EVENTS.terug, undefined, true, true))) {
            await innerDc.context.sendActivity(TEXT.geenTerug);
            await innerDc.repromptDialog();
          }
          return Dialog.EndOfTurn;
      }
    }
    return super.onContinueDialog(innerDc);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    if (questionIdOfSubmit(context.activity.value) !== undefined) {
      await this.sendMenu(context, `${TEXT.oudeKnopGeenVraag} ${TEXT.menu}`);
      return step.endDialog();
    }
    const given = step.options as StartOptions | undefined;
    const typed = context.activity.type === ActivityTypes.Message ? context.activity.text ?? '' : '';
    const text = (given?.text ?? typed).trim();
    const interruption = interruptionIn(text);
    if (interruption === 'annuleren') {
      await context.sendActivity(TEXT.nietsTeAnnuleren);
      return step.endDialog();
    }
    const match = this.findCommand(text);
    if (!match) {
      await this.sendMenu(context, text && interruption !== 'help' ? `${TEXT.nietBegrepen(text)} ${TEXT.menu}` : TEXT.menu);
      return step.endDialog();
    }
    const { command, rest } = match;
    if (!mag(currentUser(context), command.rol)) {
      await context.sendActivity(TEXT.geenRecht(command.title, command.rol));
      return step.endDialog();
    }
    const options: StartOptions = { text: rest, ...(given?.eersteStart ? { eersteStart: true } : {}) };
    return step.beginDialog(command.dialog.id, options);
  }

  /** The one place a conversation that has ended offers the menu again (see ENDED_OFFER_MENU). */
  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === ENDED_OFFER_MENU) await this.sendMenu(step.context, TEXT.verder);
    return step.endDialog(step.result);
  }

  /** The conversation this dialog runs (the dialog above the router on the stack: top is last). */
  private runningCommand(innerDc: DialogContext): ConversationCommand | undefined {
    const id = innerDc.stack[1]?.id;
    return id === undefined ? undefined : this.commands.find((c) => c.dialog.id === id);
  }

  private findCommand(text: string): { command: ConversationCommand; rest: string } | undefined {
    const lower = text.toLowerCase();
    for (const command of this.commands) {
      if (lower === command.title.toLowerCase()) return { command, rest: '' };
      const m = command.triggers.exec(lower);
      if (m && m.index === 0) return { command, rest: text.slice(m[0].length).trim() };
    }
    return undefined;
  }
}

/** The id of the question the conversation waits for: the innermost dialog's prompt options. */
function openQuestionId(dc: DialogContext): string | undefined {
  let inner = dc;
  while (inner.child) inner = inner.child;
  const options = (inner.activeDialog?.state as { options?: { validations?: { vraagId?: unknown } } } | undefined)?.options;
  const id = options?.validations?.vraagId;
  return typeof id === 'string' ? id : undefined;
}
