/**
 * LDOS: place a received pupil in a class (manual: "Maak in LDOS de juiste gebruikers en
 * klassen aan"). Started right after a successful "aanvraag overdracht" for that pupil, or
 * on its own ("klas plaatsen") for pupils received earlier.
 *
 * 1. Leerling — a pupil LDOS received (skipped when the pupil is given).
 * 2. Klas — one of the LDOS classes, or "later".
 */
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotServices } from '../src/app/services';
import * as leerlingnummer from '../src/domain/identifiers/leerlingnummer';
import { parseKeuze, type Keuze } from './shared/answers';
import { answerOf, ConversationDialog, isGoBack } from './shared/conversationDialog';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { escapeMarkdown as md } from './shared/markdown';

export const KLAS_PLAATSEN = 'klasPlaatsen';

export interface KlasPlaatsenOptions {
  /** Set when the pupil was just received: the first question is skipped. */
  leerlingnummer?: string;
}

const LATER = '__later__';

const TEXT = {
  geenLeerlingen: 'Er staan nog geen leerlingen in LDOS. Haal eerst een dossier op met "aanvraag overdracht".',
  geenKlassen: (naam: string) =>
    `Er zijn in LDOS nog geen klassen, dus ${md(naam)} staat voorlopig zonder klas. De beheerder maakt klassen aan via "beheer"; daarna kunt u de leerling plaatsen met "klas plaatsen".`,
  leerlingTerm: 'Leerling in LDOS',
  leerlingUitleg: 'De leerlingen waarvan u het dossier in LDOS heeft opgehaald.',
  leerlingVraag: 'Welke leerling wilt u in een klas plaatsen?',
  leerlingHelp: 'Kies de leerling met de knop of typ het nummer uit de lijst. Staat de leerling er niet bij? Dan is het dossier nog niet opgehaald: gebruik eerst "aanvraag overdracht".',
  leerlingLabel: (naam: string, nummer: string, klas?: string) => `${naam} (${leerlingnummer.mask(nummer)})${klas ? ` – ${klas}` : ''}`,
  klasTerm: 'Klas in LDOS',
  klasUitleg: (naam: string, klas?: string) =>
    `Plaats ${md(naam)} in een LDOS-klas, zodat de leerling bij de juiste groep te vinden is${klas ? ` (nu: ${md(klas)})` : ''}.`,
  klasVraag: (naam: string) => `In welke klas plaatst u ${md(naam)}? Of kies "later".`,
  klasHelp: 'Kies de klas met de knop of typ de naam of het nummer. Met "later" blijft de leerling zonder klas; u kunt dat altijd nog doen met "klas plaatsen". Ontbreekt de klas? De beheerder maakt klassen aan via "beheer".',
  geplaatst: (naam: string, klas: string) => `${md(naam)} staat nu in LDOS in klas ${md(klas)}.`,
  later: (naam: string) => `Goed, ${md(naam)} staat in LDOS zonder klas. Een klas kiezen kan later met "klas plaatsen".`,
  nietMeerTerug: 'Het dossier is al opgehaald; terug naar de aanvraag kan niet meer. Kies een klas of "later".',
  verdwenen: 'Deze leerling staat niet (meer) in LDOS.',
};

const PROMPT = 'klasPlaatsen.vraag';
const STEPS = 'klasPlaatsen.stappen';

interface Values {
  leerlingnummer?: string;
}

export class KlasPlaatsenDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(KLAS_PLAATSEN);
    this.addDialog(new QuestionPrompt(PROMPT, { keuze: ({ text }, keuzes: Keuze[]) => parseKeuze(text, keuzes) }));
    this.addDialog(new WaterfallDialog(STEPS, [this.askLeerling.bind(this), this.askKlas.bind(this), this.place.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async askLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const given = (step.options as KlasPlaatsenOptions | undefined)?.leerlingnummer;
    if (given) {
      if (isGoBack(step.result)) await step.context.sendActivity(TEXT.nietMeerTerug);
      return step.next(given);
    }
    const ontvangen = await this.services.repos.ldos.list();
    if (ontvangen.length === 0) {
      await step.context.sendActivity(TEXT.geenLeerlingen);
      return step.endDialog();
    }
    const keuzes: Keuze[] = ontvangen.map((l) => ({ titel: TEXT.leerlingLabel(l.naam, l.leerlingnummer, l.klas), waarde: l.leerlingnummer }));
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.leerlingTerm,
        uitleg: TEXT.leerlingUitleg,
        vraag: TEXT.leerlingVraag,
        knoppen: keuzes.map((k) => k.titel),
        help: TEXT.leerlingHelp,
        parser: 'keuze',
        args: keuzes,
      }),
    );
  }

  private async askKlas(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const answer = answerOf<string>(step);
    if (answer !== undefined) values.leerlingnummer = answer;
    const leerling = values.leerlingnummer ? await this.services.repos.ldos.get(values.leerlingnummer) : undefined;
    if (!leerling) {
      await step.context.sendActivity(TEXT.verdwenen);
      return step.endDialog();
    }
    const klassen = await this.services.repos.ldos.classes();
    if (klassen.length === 0) {
      await step.context.sendActivity(TEXT.geenKlassen(leerling.naam));
      return step.endDialog();
    }
    const keuzes: Keuze[] = [...klassen.map((k) => ({ titel: k, waarde: k })), { titel: 'later', waarde: LATER }];
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.klasTerm,
        uitleg: TEXT.klasUitleg(leerling.naam, leerling.klas),
        vraag: TEXT.klasVraag(leerling.naam),
        knoppen: keuzes.map((k) => k.titel),
        help: TEXT.klasHelp,
        parser: 'keuze',
        args: keuzes,
      }),
    );
  }

  private async place(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const nummer = (step.values as Values).leerlingnummer!;
    const klas = step.result as string;
    if (klas === LATER) {
      const leerling = await this.services.repos.ldos.get(nummer);
      await step.context.sendActivity(TEXT.later(leerling?.naam ?? ''));
      return step.endDialog();
    }
    const placed = await this.services.repos.ldos.placeInClass(nummer, klas);
    await step.context.sendActivity(placed ? TEXT.geplaatst(placed.naam, klas) : TEXT.verdwenen);
    return step.endDialog();
  }
}
