/**
 * "OSO – aanvraag overdracht" (PRODUCT.md §6, the LDOS part of the manual), for the directie:
 *
 * 1. BSN — of the pupil (or onderwijsnummer).
 * 2. BRIN-nummer — of your OWN school, proposed (the dossier was addressed to it in Esis).
 * 3. "Aanvragen overdracht" — the outcome in plain Dutch, the OSO code after it.
 * 4. After success: place the pupil in an LDOS class, or "later".
 */
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { OverdrachtService, type OverdrachtUitkomst, type Verstrekking } from '../src/app/overdrachtService';
import type { BotServices } from '../src/app/services';
import { formatDutchMoment } from '../src/domain/dates';
import * as brinId from '../src/domain/identifiers/brin';
import * as leerlingnummer from '../src/domain/identifiers/leerlingnummer';
import { displayName } from '../src/domain/pupil';
import { fail, ok, type Result } from '../src/domain/result';
import type { StartOptions } from './mainDialog';
import { KLAS_PLAATSEN, KlasPlaatsenDialog, type KlasPlaatsenOptions } from './klasPlaatsenDialog';
import { parseJaNee, plain } from './shared/answers';
import { textOrCard } from './shared/cards';
import { answerOf, ConversationDialog, isGoBack } from './shared/conversationDialog';
import { actorOf, currentUser } from './shared/currentUser';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { quoteInput } from '../src/domain/text/quoteInput';
import { escapeMarkdown as md } from './shared/markdown';
import { withSchool } from './shared/schoolKeuze';

export const AANVRAAG_OVERDRACHT = 'aanvraagOverdracht';
const AANVRAGEN = 'Aanvragen overdracht';

const tijdstip = formatDutchMoment;

export const TEXT = {
  bsnTerm: 'BSN',
  bsnUitleg: 'Het burgerservicenummer van de leerling (9 cijfers). Heeft de leerling geen BSN, typ dan het onderwijsnummer.',
  bsnVraag: 'Wat is het BSN van de leerling?',
  bsnHelp: 'Het BSN staat in Esis bij de leerlinggegevens en op het dossier dat de medewerker gereed heeft gemaakt. Typ de 9 cijfers, bijvoorbeeld 123456782; punten of spaties mogen. Zonder BSN: het onderwijsnummer (begint met 10).',
  brinTerm: 'BRIN-nummer',
  brinUitleg: 'Het BRIN-nummer van uw EIGEN school: het dossier is in Esis aan uw eigen school gericht, omdat u het in uw eigen LDOS ophaalt.',
  brinVraag: 'Wat is het BRIN-nummer van uw eigen school?',
  brinHelp: 'Vul het BRIN-nummer van uw eigen school in (2 cijfers en 2 letters, bijvoorbeeld 12AB), niet dat van een andere school. Typ "ok" voor het voorgestelde nummer.',
  nietEigenBrin: (eigen: string) =>
    `Let op: in LDOS haalt u het dossier op met het BRIN-nummer van uw eigen school (${eigen}), niet dat van een andere school. Het dossier is in Esis ook aan uw eigen school gericht.`,
  bevestigTerm: 'Aanvragen overdracht',
  samenvatting: (leerling: string, brin: string) => `Leerling: ${md(leerling)}\n\nBRIN-nummer: ${md(brin)}`,
  bevestigVraag: `Klik op "${AANVRAGEN}" om het dossier op te halen in LDOS.`,
  bevestigHelp: `Met "${AANVRAGEN}" haalt u het dossier op: de leerling komt in LDOS en in Esis komt het dossier op "verstrekt" te staan. Typ "terug" om het BRIN-nummer te wijzigen, of "annuleren" om te stoppen.`,
  bevestigNiet: (input: string) => `"${quoteInput(input)}" begrijp ik niet. Klik op "${AANVRAGEN}", of typ "annuleren" om te stoppen.`,
  nietAangevraagd: 'De overdracht is niet aangevraagd. Er is niets veranderd.',
  verstrekt: (naam: string, v: Verstrekking) =>
    `Gelukt: het dossier van ${md(naam)} staat nu in LDOS. In Esis staat het dossier op "verstrekt" (${tijdstip(v.at)}, door ${md(v.door.naam)}). (OSO: overdracht gelukt, status verstrekt)`,
  makerBericht: (maker: string) => `${md(maker)}, die het dossier gereed heeft gemaakt, heeft hiervan een bericht gekregen in de eigen chat met de bot.`,
  makerNietBereikt: (maker: string) =>
    `${md(maker)}, die het dossier gereed heeft gemaakt, kon ik geen bericht sturen (nog nooit een persoonlijke chat met de bot gehad, of Teams weigerde het). Laat het ${md(maker)} zelf weten.`,
  nietBeschikbaar: (nummer: string, brin: string) =>
    `Er staat voor leerling ${leerlingnummer.mask(nummer)} geen dossier klaar voor BRIN ${brin}. Vraag de medewerker om het dossier in Esis gereed te maken, met als BRIN-nummer dat van uw eigen school, en vraag het daarna opnieuw aan. (OSO: LeerlinginfoNietBeschikbaar)`,
  nietOpvraagbaar:
    'Het dossier kan nog niet worden opgehaald: de ouders hebben het nog niet ingezien. Vraag de medewerker om de ouders het dossier te laten inzien, dat in Esis in te vullen en het dossier daarna gereed te maken. (OSO: LeerlinginfoNietOpvraagbaar)',
  alVerstrekt: (naam: string, v: Verstrekking) =>
    `Het dossier van ${md(naam)} is al eerder verstrekt: op ${tijdstip(v.at)} door ${md(v.door.naam)}, aan LDOS (BRIN ${v.brin}). Er is niets opnieuw ingelezen. (OSO: dossier al verstrekt)`,
};

const PROMPT = 'aanvraagOverdracht.vraag';
const STEPS = 'aanvraagOverdracht.stappen';

interface Values {
  nummer?: string;
  brin?: string;
}

/** Accepts the button, "aanvragen", ja → true; nee → false. */
function parseAanvragen(input: string): Result<boolean> {
  const t = plain(input);
  if (t === plain(AANVRAGEN) || t === 'aanvragen' || t === 'aanvraag' || t === 'ok') return ok(true);
  const jaNee = parseJaNee(input);
  return jaNee.ok ? jaNee : fail('aanvragen', TEXT.bevestigNiet(input));
}

/** A valid BRIN, and (when the school's BRIN is known) one of the own school. */
function parseEigenBrin(input: string, eigen: string | undefined): Result<string> {
  const parsed = brinId.validate(input);
  if (!parsed.ok) return parsed;
  const own = eigen ? brinId.validate(eigen) : undefined;
  if (own?.ok && !brinId.sameSchool(parsed.value, own.value)) return fail('niet-eigen', TEXT.nietEigenBrin(eigen!));
  return ok(brinId.format(parsed.value));
}

export class AanvraagOverdrachtDialog extends ConversationDialog {
  private readonly overdracht: OverdrachtService;

  constructor(private readonly services: BotServices) {
    super(AANVRAAG_OVERDRACHT);
    this.overdracht = new OverdrachtService(services);
    this.addDialog(
      new QuestionPrompt(PROMPT, {
        leerlingnummer: ({ text }) => {
          const r = leerlingnummer.validate(text);
          return r.ok ? ok(r.value.nummer) : r;
        },
        brin: ({ text }, eigen: string | undefined) => parseEigenBrin(text, eigen),
        aanvragen: ({ text }) => parseAanvragen(text),
      }),
    );
    this.addDialog(new KlasPlaatsenDialog(services));
    this.addDialog(
      new WaterfallDialog(STEPS, [this.askBsn.bind(this), this.askBrin.bind(this), this.askConfirm.bind(this), this.request.bind(this)]),
    );
    this.initialDialogId = STEPS;
  }

  private async askBsn(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // "aanvraag overdracht 123456782" already names the pupil.
    const typed = (step.options as StartOptions | undefined)?.text ?? '';
    const prefilled = typed ? leerlingnummer.validate(typed) : undefined;
    if (prefilled?.ok && !isGoBack(step.result)) return step.next(prefilled.value.nummer);
    return step.prompt(
      PROMPT,
      question({ term: TEXT.bsnTerm, uitleg: TEXT.bsnUitleg, vraag: TEXT.bsnVraag, help: TEXT.bsnHelp, parser: 'leerlingnummer' }),
    );
  }

  private async askBrin(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const answer = answerOf<string>(step);
    if (answer !== undefined) values.nummer = answer;
    const eigen = (await this.services.repos.school.get())?.brin;
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.brinTerm,
        uitleg: TEXT.brinUitleg,
        vraag: TEXT.brinVraag,
        ...(eigen ? { knoppen: [eigen], standaard: eigen } : {}),
        help: TEXT.brinHelp,
        parser: 'brin',
        args: eigen,
      }),
    );
  }

  private async askConfirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const answer = answerOf<string>(step);
    if (answer !== undefined) values.brin = answer;
    const nummer = values.nummer!;
    const pupil = await this.services.repos.pupils.get(nummer);
    const leerling = `${pupil ? `${displayName(pupil)}, ` : ''}${leerlingnummer.mask(nummer)}`;
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.bevestigTerm,
        uitleg: withSchool(step.context, TEXT.samenvatting(leerling, values.brin!)),
        vraag: TEXT.bevestigVraag,
        knoppen: [AANVRAGEN, 'annuleren'],
        help: TEXT.bevestigHelp,
        parser: 'aanvragen',
      }),
    );
  }

  private async request(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (step.result !== true) {
      await step.context.sendActivity(TEXT.nietAangevraagd);
      return step.endDialog();
    }
    const user = currentUser(step.context);
    const uitkomst = await this.overdracht.requestTransfer({ leerlingnummer: values.nummer!, brin: values.brin!, by: actorOf(user) });
    // Teams: the result as a card, green when the dossier was delivered.
    const geslaagd = uitkomst.soort === 'verstrekt';
    await step.context.sendActivity(textOrCard(step.context, this.describe(uitkomst, values), [], geslaagd ? 'good' : 'attention'));
    if (uitkomst.soort !== 'verstrekt') return step.endDialog(uitkomst.soort);
    // The request is done: the class question replaces this conversation, so "terug" cannot
    // lead back to a second request.
    const options: KlasPlaatsenOptions = { leerlingnummer: uitkomst.leerling.leerlingnummer };
    return step.replaceDialog(KLAS_PLAATSEN, options);
  }

  private describe(uitkomst: OverdrachtUitkomst, values: Values): string {
    switch (uitkomst.soort) {
      case 'verstrekt': {
        const text = TEXT.verstrekt(uitkomst.leerling.naam, uitkomst.verstrekt);
        if (uitkomst.makerBericht === 'zelf') return text;
        const maker = uitkomst.gemaaktDoor.naam;
        return `${text}\n\n${uitkomst.makerBericht === 'bezorgd' ? TEXT.makerBericht(maker) : TEXT.makerNietBereikt(maker)}`;
      }
      case 'alVerstrekt':
        return TEXT.alVerstrekt(uitkomst.naam, uitkomst.verstrekt);
      case 'LeerlinginfoNietOpvraagbaar':
        return TEXT.nietOpvraagbaar;
      case 'LeerlinginfoNietBeschikbaar':
        return TEXT.nietBeschikbaar(values.nummer!, values.brin!);
    }
  }
}
