/**
 * "status <naam of BSN>" (PRODUCT.md §7): the status and history of a pupil's dossier.
 */
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotServices } from '../src/app/services';
import type { Dossier } from '../src/domain/dossier';
import * as leerlingnummer from '../src/domain/identifiers/leerlingnummer';
import { displayName } from '../src/domain/pupil';
import { fail, ok, type Result } from '../src/domain/result';
import type { Repositories } from '../src/repositories';
import type { StartOptions } from './mainDialog';
import { textOrCard } from './shared/cards';
import { ConversationDialog, isGoBack } from './shared/conversationDialog';
import { dossierStatusTekst } from './shared/dossierWeergave';
import { zoekLeerlingen } from './shared/leerlingZoeken';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { escapeMarkdown } from './shared/markdown';
import { withSchool } from './shared/schoolKeuze';

export const STATUS_DIALOG = 'status';
const STEPS = 'status.stappen';
const VRAAG = 'status.vraag';

const TEXT = {
  leerling: {
    term: 'Status',
    vraag: 'Van welke leerling wilt u de status zien? Typ (een deel van) de naam of het BSN.',
    help: 'Typ een deel van de naam ("zoe") of het BSN. Ik laat de status van het dossier zien (concept, gereed of verstrekt) en wie wat wanneer deed.',
  },
  geenDossier: (naam: string) => `Voor ${escapeMarkdown(naam)} is nog geen dossier. Maak er een met "nieuw dossier ${escapeMarkdown(naam)}".`,
  geenDossierNummer: (nummer: string) => `Voor ${leerlingnummer.mask(nummer)} is geen dossier en geen leerling bekend.`,
  nieuwConcept: 'Daarnaast is er een nieuw dossier in de maak; het vervangt het verstrekte pas als het gereed is:',
};

/** One pupil found for a status question: the dossier (if any) and the name to show. */
interface Gevonden {
  leerlingnummer: string;
  naam: string;
}

async function zoekVoorStatus(repos: Repositories, text: string): Promise<Result<Gevonden[]>> {
  if (leerlingnummer.looksLikeNumber(text)) {
    const nr = leerlingnummer.validate(text);
    if (!nr.ok) return nr;
    // A dossier may outlive the pupil's place in the roster: look it up directly.
    const dossier = await repos.dossiers.get(nr.value.nummer);
    const pupil = await repos.pupils.get(nr.value.nummer);
    if (!dossier && !pupil) return fail('onbekend', TEXT.geenDossierNummer(nr.value.nummer));
    return ok([{ leerlingnummer: nr.value.nummer, naam: pupil ? displayName(pupil) : dossier!.leerlingNaam }]);
  }
  const found = await zoekLeerlingen(repos, text);
  if (!found.ok) return found;
  const all = found.value.flatMap((d) => d.treffers);
  return ok([...new Map(all.map((t) => [t.leerlingnummer, { leerlingnummer: t.leerlingnummer, naam: t.naam }])).values()]);
}

export class StatusDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(STATUS_DIALOG);
    this.addDialog(new QuestionPrompt(VRAAG, { leerling: ({ text }) => zoekVoorStatus(services.repos, text) }));
    this.addDialog(new WaterfallDialog(STEPS, [this.vraagLeerling.bind(this), this.toonStatus.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async vraagLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const named = (step.options as StartOptions | undefined)?.text?.trim();
    if (named && !isGoBack(step.result)) {
      const found = await zoekVoorStatus(this.services.repos, named);
      if (found.ok) return step.next(found.value);
      await step.context.sendActivity(escapeMarkdown(found.problem.message));
    }
    return step.prompt(VRAAG, question({ ...TEXT.leerling, parser: 'leerling' }));
  }

  private async toonStatus(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const found = step.result as Gevonden[];
    const parts: string[] = [];
    for (const g of found) {
      const dossier: Dossier | undefined = await this.services.repos.dossiers.get(g.leerlingnummer);
      parts.push(dossier ? dossierStatusTekst(dossier) : TEXT.geenDossier(g.naam));
      const nieuw = dossier?.status === 'verstrekt' ? await this.services.repos.dossiers.getDraft(g.leerlingnummer) : undefined;
      if (nieuw) parts.push(`${TEXT.nieuwConcept}\n${dossierStatusTekst(nieuw)}`);
    }
    // Teams: the status and its history as a card.
    await step.context.sendActivity(textOrCard(step.context, withSchool(step.context, parts.join('\n\n'))));
    return step.endDialog();
  }
}
