/**
 * "mijn dossiers" (PRODUCT.md §7): the dossiers this user made — open ones first, then the
 * most recently delivered.
 */
import { MessageFactory } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotServices } from '../src/app/services';
import { choicesForChannel } from './shared/cards';
import { ConversationDialog } from './shared/conversationDialog';
import { currentUser } from './shared/currentUser';
import { dossierRegel } from './shared/dossierWeergave';
import { withSchool } from './shared/schoolKeuze';

export const MIJN_DOSSIERS_DIALOG = 'mijnDossiers';
const STEPS = 'mijnDossiers.stappen';
/** Delivered dossiers are history; show only the last few. */
const RECENT_VERSTREKT = 5;

const TEXT = {
  geen: 'U heeft nog geen dossiers gemaakt. Begin met "nieuw dossier".',
  open: (n: number) => `**Open dossiers (${n})**`,
  verstrekt: '**Onlangs verstrekt**',
  geenOpen: 'U heeft geen open dossiers (concept of gereed).',
  meer: 'Typ "status" met de naam van een leerling voor de historie.',
};

export class MijnDossiersDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(MIJN_DOSSIERS_DIALOG);
    this.addDialog(new WaterfallDialog(STEPS, [this.toonLijst.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async toonLijst(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const user = currentUser(step.context);
    const dossiers = await this.services.repos.dossiers.listMadeBy(user.id);
    if (dossiers.length === 0) {
      await step.context.sendActivity(TEXT.geen);
      return step.endDialog();
    }
    const open = dossiers.filter((d) => d.status !== 'verstrekt');
    const verstrekt = dossiers.filter((d) => d.status === 'verstrekt').slice(0, RECENT_VERSTREKT);
    const lines = [TEXT.open(open.length), ...(open.length ? open.map((d) => `- ${dossierRegel(d)}`) : [TEXT.geenOpen])];
    if (verstrekt.length) lines.push('', TEXT.verstrekt, ...verstrekt.map((d) => `- ${dossierRegel(d)}`));
    lines.push('', TEXT.meer);
    const buttons = open.slice(0, 5).map((d) => `status ${d.leerlingNaam}`);
    await step.context.sendActivity(buttons.length ? choicesForChannel(step.context, MessageFactory.suggestedActions(buttons, withSchool(step.context, lines.join('\n')))) : withSchool(step.context, lines.join('\n')));
    return step.endDialog();
  }
}
