/**
 * "intrekken" (PRODUCT.md §7): a dossier with status "gereed" goes back to "concept", so it
 * can be changed; LDOS can no longer request it until it is made ready again.
 */
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { withdrawDossier } from '../src/app/dossierService';
import type { BotServices } from '../src/app/services';
import type { Dossier } from '../src/domain/dossier';
import type { StartOptions } from './mainDialog';
import { ConversationDialog, isGoBack } from './shared/conversationDialog';
import { actorOf, currentUser } from './shared/currentUser';
import { leerlingLabel } from './shared/dossierWeergave';
import { zoekLeerlingen, type ZoekDeel } from './shared/leerlingZoeken';
import { commonParsers, PARSER, type KeuzeArgs } from './shared/parsers';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { skipStep } from './shared/steps';
import { escapeMarkdown as md } from './shared/markdown';

export const INTREKKEN_DIALOG = 'intrekken';
const STEPS = 'intrekken.stappen';
const VRAAG = 'intrekken.vraag';

const TEXT = {
  leerling: {
    term: 'Intrekken',
    uitleg: 'een dossier met status "gereed" terugzetten naar "concept", zodat u het kunt wijzigen.',
    vraag: 'Van welke leerling wilt u het dossier intrekken? Typ (een deel van) de naam of het BSN.',
    help: 'Intrekken kan alleen bij een dossier met status "gereed" dat nog niet in LDOS is opgevraagd. Typ een deel van de naam ("zoe") of het BSN.',
  },
  welke: {
    vraag: 'Van welke leerling wilt u het dossier intrekken?',
    help: 'Kies de leerling met de knop of typ het nummer uit de lijst.',
  },
  nietGereed: (d: Dossier) =>
    d.status === 'concept'
      ? `Het dossier van ${md(leerlingLabel(d))} is nog een concept; intrekken is niet nodig. Wijzig het met "nieuw dossier ${md(d.leerlingNaam)}" en kies "verdergaan".`
      : `Het dossier van ${md(leerlingLabel(d))} is al verstrekt aan LDOS en kan niet meer worden ingetrokken.`,
  geenDossier: (namen: string[]) => `Er is geen dossier met status "gereed" voor ${namen.map(md).join(', ')}.`,
  bevestig: {
    vraag: (label: string) =>
      `Dossier van ${md(label)} intrekken? Het krijgt weer status "concept" en kan dan niet in LDOS worden opgevraagd tot u het opnieuw gereedmaakt.`,
    help: '"ja": het dossier gaat terug naar concept. "nee": er verandert niets.',
  },
  ingetrokken: (label: string, naam: string) =>
    `Het dossier van ${md(label)} is ingetrokken en heeft weer status "concept". Pas het aan met "nieuw dossier ${md(naam)}" (kies "verdergaan") en maak het opnieuw gereed.`,
  nietsGedaan: 'Goed, er is niets veranderd.',
};

interface IntrekkenValues {
  gereed?: { leerlingnummer: string; label: string; naam: string }[];
  gekozen?: string;
}

export class IntrekkenDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(INTREKKEN_DIALOG);
    this.addDialog(new QuestionPrompt(VRAAG, commonParsers(services.repos)));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        this.vraagLeerling.bind(this),
        this.vraagWelke.bind(this),
        this.vraagBevestiging.bind(this),
        this.trekIn.bind(this),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async vraagLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const named = (step.options as StartOptions | undefined)?.text?.trim();
    if (named && !isGoBack(step.result)) {
      const found = await zoekLeerlingen(this.services.repos, named);
      if (found.ok) return step.next(found.value);
      await step.context.sendActivity(md(found.problem.message));
    }
    return step.prompt(VRAAG, question({ ...TEXT.leerling, parser: PARSER.leerlingen }));
  }

  private async vraagWelke(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = step.values as IntrekkenValues;
    if (isGoBack(step.result)) {
      if ((v.gereed?.length ?? 0) > 1) return this.askWhich(step, v);
      return skipStep(step);
    }
    const delen = step.result as ZoekDeel[];
    const treffers = [...new Map(delen.flatMap((d) => d.treffers).map((t) => [t.leerlingnummer, t])).values()];
    const gereed: NonNullable<IntrekkenValues['gereed']> = [];
    const meldingen: string[] = [];
    for (const t of treffers) {
      const d = await this.services.repos.dossiers.get(t.leerlingnummer);
      if (d?.status === 'gereed') gereed.push({ leerlingnummer: t.leerlingnummer, label: leerlingLabel(d), naam: d.leerlingNaam });
      else if (d && treffers.length === 1) meldingen.push(TEXT.nietGereed(d));
    }
    if (gereed.length === 0) {
      await step.context.sendActivity(meldingen.length ? meldingen.join('\n\n') : TEXT.geenDossier(treffers.map((t) => t.naam)));
      return step.endDialog();
    }
    v.gereed = gereed;
    if (gereed.length === 1) return step.next(gereed[0]!.leerlingnummer);
    return this.askWhich(step, v);
  }

  private askWhich(step: WaterfallStepContext, v: IntrekkenValues): Promise<DialogTurnResult> {
    const args: KeuzeArgs = { keuzes: (v.gereed ?? []).map((g) => ({ titel: g.label, waarde: g.leerlingnummer })) };
    return step.prompt(
      VRAAG,
      question({ ...TEXT.welke, knoppen: args.keuzes.map((k) => k.titel), parser: PARSER.keuze, args }),
    );
  }

  private async vraagBevestiging(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = step.values as IntrekkenValues;
    if (!isGoBack(step.result)) v.gekozen = step.result as string;
    const gekozen = v.gereed?.find((g) => g.leerlingnummer === v.gekozen);
    if (!gekozen) return step.endDialog();
    // Explicit "ja": no "ok" default for taking a dossier back.
    return step.prompt(
      VRAAG,
      question({ vraag: TEXT.bevestig.vraag(gekozen.label), help: TEXT.bevestig.help, knoppen: ['ja', 'nee'], parser: PARSER.jaNee }),
    );
  }

  private async trekIn(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = step.values as IntrekkenValues;
    const gekozen = v.gereed?.find((g) => g.leerlingnummer === v.gekozen);
    if (step.result !== true || !gekozen) {
      await step.context.sendActivity(TEXT.nietsGedaan);
      return step.endDialog();
    }
    const result = await withdrawDossier(this.services, gekozen.leerlingnummer, actorOf(currentUser(step.context)));
    await step.context.sendActivity(result.ok ? TEXT.ingetrokken(gekozen.label, gekozen.naam) : md(result.problem.message));
    return step.endDialog();
  }
}
