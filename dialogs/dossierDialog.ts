/**
 * "Nieuw dossier": the manual's steps 1–19 (PRODUCT.md §5) as one waterfall, read top to
 * bottom in the manual's order. Each step stores the answer to the question before it and asks
 * its own (see ConversationDialog); "help", "terug" and "annuleren" are handled once, outside
 * the steps. Everything a step needs lives in `step.values` (plain JSON), so a conversation
 * continues at the same question after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import {
  DialogReason,
  WaterfallDialog,
  type DialogInstance,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DOWNLOAD_DEADLINE_MS, MAX_BIJLAGEN, MAX_DOSSIER_BIJLAGEN_BYTES, receiveFile, type IncomingFile } from '../src/app/attachments';
import { safeFileName } from '../src/domain/text/fileName';
import {
  makeDossierReady,
  saveConcept,
  storeAttachment,
  versionOf,
  type ConceptChoice,
  type DossierAnswers,
  type PupilChoice,
} from '../src/app/dossierService';
import { todayIn } from '../src/app/clock';
import type { BotServices } from '../src/app/services';
import { category, optionalCategories, requiredCategories, type Category, type CategoryCode } from '../src/domain/categories';
import { schoolYearStart, type IsoDate } from '../src/domain/dates';
import type { Akkoord, Contactpersoon, Dossier } from '../src/domain/dossier';
import * as brin from '../src/domain/identifiers/brin';
import * as leerlingnummer from '../src/domain/identifiers/leerlingnummer';
import { isVoAdviesCode } from '../src/domain/oso/osoCodes';
import { gekozenZonderGegevens, heeftGegevens, heeftGegevensDieNietMeeKunnen } from '../src/domain/oso/selection';
import type { Pupil } from '../src/domain/pupil';
import { adviesInWoorden, parseSchooladvies, VO_ADVIEZEN } from '../src/domain/oso/schooladvies';
import type { Result } from '../src/domain/result';
import { coveredSchoolYearStarts, MAX_SCHOOLJAREN, parseAantalSchooljaren, type AantalSchooljaren } from '../src/domain/schooljaren';
import type { SchoolSoort } from '../src/domain/school';
import { DEFAULT_SOORT_OVERSTAP, parseSoortOverstap, soortenOverstapVoor, standaardSoortOverstap, type SoortOverstap } from '../src/domain/soortOverstap';
import {
  formatContactpersoon,
  parseAkkoord,
  parseBijlagen,
  parseCategorieen,
  parseContactpersoon,
  type BijlagenAntwoord,
} from './dossierAnswers';
import { TEXT, type GereedTekst } from './dossierDialog.texts';
import { ENDED_OFFER_MENU, type StartOptions } from './mainDialog';
import { ConversationDialog, isGoBack } from './shared/conversationDialog';
import { actorOf, currentUser } from './shared/currentUser';
import { trefferLabel, zoekLeerlingen, type ZoekDeel } from './shared/leerlingZoeken';
import { commonParsers, PARSER, type DatumArgs, type KeuzeArgs, type TekstArgs } from './shared/parsers';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { answerButton, checkboxCard, showsCards, textCard } from './shared/cards';
import { showTyping } from './shared/typing';
import { askAgain, askAgainResult, isAskAgain, skipStep } from './shared/steps';
import { escapeMarkdown } from './shared/markdown';
import { conversationStateKey, rememberStoredAttachment } from './shared/turnAttachments';
import { withSchool } from './shared/schoolKeuze';

export const DOSSIER_DIALOG = 'nieuwDossier';
const STEPS = 'nieuwDossier.stappen';
const VRAAG = 'nieuwDossier.vraag';

const P = {
  ...PARSER,
  soort: 'soortOverstap',
  categorieen: 'categorieen',
  schooljaren: 'schooljaren',
  contactpersoon: 'contactpersoon',
  bijlagen: 'bijlagen',
  akkoord: 'akkoord',
  schooladvies: 'schooladvies',
} as const;

/** What the conversation keeps between questions (the waterfall's `values`, plain JSON). */
interface DossierValues {
  /** The pupil search, with the choice made for each ambiguous part. */
  zoek?: ZoekDeel[];
  /** The pupils that get a dossier. */
  leerlingen?: PupilChoice[];
  /** Pupils that already have a concept dossier: leerlingnummer → dossier id. */
  concepten?: Record<string, string>;
  /** Who made each of those concepts, as the user reads it. */
  makers?: Record<string, string>;
  /** Set once the user chose: the concepts being continued (empty when replaced). */
  verdergaan?: Record<string, string>;
  /** The version of each continued concept as this conversation last saw or saved it. */
  versies?: Record<string, number>;
  /** The id a new dossier for each pupil gets (see ConceptChoice.newId). */
  nieuweIds?: Record<string, string>;
  /** How the user ended the questions: make ready, keep a concept, or concept for lack of inzage. */
  afronden?: 'gereed' | 'concept' | 'inzageNee';
  /** A BRIN other than the own one, waiting for confirmation. */
  brinKandidaat?: string;
  /** POVO: the advice given here per pupil (leerlingnummer → DUO code), for pupils whose source has none. */
  adviezen?: Record<string, string>;
  /** The pupil the open advice question is about. */
  adviesVoor?: string;
  /** The answers so far; the same for every pupil (the advice excepted, see adviezen). */
  a: Partial<DossierAnswers>;
}

const valuesOf = (step: WaterfallStepContext): DossierValues => {
  const v = step.values as DossierValues;
  v.a ??= {};
  return v;
};

/** The answer to the previous question; undefined when going back or asking again. */
function antwoord<T>(step: WaterfallStepContext): T | undefined {
  return isGoBack(step.result) || isAskAgain(step.result) ? undefined : (step.result as T | undefined);
}

const jaNee = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : b ? 'ja' : 'nee');
const JA_NEE = ['ja', 'nee'];

export class DossierDialog extends ConversationDialog {
  /** Where "inzage: nee" jumps to (rondAf). */
  private readonly rondAfIndex: number;

  constructor(private readonly services: BotServices) {
    super(DOSSIER_DIALOG);
    this.addDialog(
      new QuestionPrompt(VRAAG, {
        ...commonParsers(services.repos),
        [P.soort]: ({ text }, args: { school: SchoolSoort }) => parseSoortOverstap(text, args.school),
        [P.categorieen]: ({ text, context }, args: { soort: SoortOverstap }) => parseCategorieen(context.activity, text, args.soort),
        [P.schooljaren]: ({ text }) => parseAantalSchooljaren(text),
        [P.contactpersoon]: ({ text }, args: { standaard: Contactpersoon }) => parseContactpersoon(text, args.standaard),
        [P.bijlagen]: ({ text, context }) => parseBijlagen(context.activity, text),
        [P.akkoord]: ({ text }) => parseAkkoord(text),
        [P.schooladvies]: ({ text }) => parseSchooladvies(text),
      }),
    );
    const steps = [
      this.vraagLeerling.bind(this), //                  manual step 4
      this.vraagWelkeLeerling.bind(this), //             step 4: several matches
      this.vraagBestaandDossier.bind(this), //           a concept already exists
      this.vraagSoortOverstap.bind(this), //             step 5
      this.vraagSchooladvies.bind(this), //              step 5: POVO without an advice
      this.vraagToestemming.bind(this), //               step 5: VOVO consent
      this.vraagCategorieen.bind(this), //               step 6
      this.vraagAantalSchooljaren.bind(this), //         step 7
      this.vraagContactpersoon.bind(this), //            step 8
      this.vraagBijlagen.bind(this), //                  step 10
      this.vraagVoorlopig.bind(this), //                 step 12
      this.vraagContactGewenst.bind(this), //            step 13
      this.vraagTelefoon.bind(this), //                  step 13: phone for contact
      this.vraagBrin.bind(this), //                      step 14
      this.vraagAndereBrinBevestigen.bind(this), //      step 14: another BRIN
      this.vraagInzage.bind(this), //                    step 15
      this.vraagInzageDatum.bind(this), //               step 15: date
      this.vraagInzageMedewerker.bind(this), //          step 15: staff member
      this.vraagAkkoord.bind(this), //                   step 16
      this.vraagRedenNietAkkoord.bind(this), //          step 16: reason
      this.vraagGereedmaken.bind(this), //               steps 17–18
      this.rondAf.bind(this), //                         steps 19–20
      this.naAnderConcept.bind(this), //                 someone else saved a concept meanwhile
    ];
    this.rondAfIndex = steps.length - 2;
    this.addDialog(new WaterfallDialog(STEPS, steps));
    this.initialDialogId = STEPS;
  }

  // ── Leerling (manual step 4) ───────────────────────────────────────────────

  private async vraagLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    if (!isGoBack(step.result) && !v.zoek) {
      await step.context.sendActivity(TEXT.start);
      // "nieuw dossier zoe": the pupil was already named with the command.
      const named = (step.options as StartOptions | undefined)?.text?.trim();
      if (named) {
        const found = await zoekLeerlingen(this.services.repos, named);
        if (found.ok) return step.next(found.value);
        await step.context.sendActivity(escapeMarkdown(found.problem.message));
      }
    }
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.leerling,
        parser: P.leerlingen,
        standaard: v.zoek?.map((d) => d.invoer).join(', '),
      }),
    );
  }

  private async vraagWelkeLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const zoek = antwoord<ZoekDeel[]>(step);
    if (zoek) {
      // A new search: what was decided for the previous pupils no longer applies.
      v.zoek = zoek;
      delete v.leerlingen;
      delete v.concepten;
      delete v.verdergaan;
    }
    if (isGoBack(step.result)) for (const d of v.zoek ?? []) if (d.treffers.length > 1) delete d.gekozen;
    const open = v.zoek?.find((d) => !d.gekozen);
    if (!open) return skipStep(step);
    const args: KeuzeArgs = { keuzes: open.treffers.map((t) => ({ titel: trefferLabel(t), waarde: t.leerlingnummer })) };
    return step.prompt(
      VRAAG,
      question({
        vraag: TEXT.welke.vraag(open.invoer),
        tekst: args.keuzes.map((k, i) => `${i + 1}. ${escapeMarkdown(k.titel)}`).join('\n'),
        knoppen: args.keuzes.map((k) => k.titel),
        help: TEXT.welke.help,
        parser: P.keuze,
        args,
      }),
    );
  }

  private async vraagBestaandDossier(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const gekozen = antwoord<string>(step);
    if (gekozen !== undefined) {
      const open = v.zoek?.find((d) => !d.gekozen);
      if (open) open.gekozen = gekozen;
      if (v.zoek?.some((d) => !d.gekozen)) return askAgain(step, 1);
    }
    if (isGoBack(step.result)) {
      return Object.keys(v.concepten ?? {}).length ? this.askContinueOrReplace(step, v) : skipStep(step);
    }
    const { context } = step;
    const unique = new Map<string, PupilChoice>();
    for (const d of v.zoek ?? []) {
      const t = d.treffers.find((x) => x.leerlingnummer === d.gekozen);
      if (t) unique.set(t.leerlingnummer, { leerlingnummer: t.leerlingnummer, naam: t.naam });
    }
    const leerlingen: PupilChoice[] = [];
    const concepten: Record<string, string> = {};
    const makers: Record<string, string> = {};
    const meldingen: string[] = [];
    const me = currentUser(context);
    for (const pupil of unique.values()) {
      const existing = await this.services.repos.dossiers.get(pupil.leerlingnummer);
      if (existing?.status === 'gereed') {
        meldingen.push(TEXT.alGereed(pupil.naam));
        continue;
      }
      if (existing?.status === 'verstrekt') meldingen.push(TEXT.alVerstrekt(pupil.naam));
      // The concept staff work on: the current dossier, or a new one beside a delivered one.
      const concept = await this.services.repos.dossiers.getConcept(pupil.leerlingnummer);
      if (concept) {
        concepten[pupil.leerlingnummer] = concept.id;
        makers[pupil.leerlingnummer] = TEXT.bestaand.maker(concept.aangemaaktDoor.naam, concept.aangemaaktDoor.userId === me.id);
      }
      leerlingen.push(pupil);
    }
    v.leerlingen = leerlingen;
    v.concepten = concepten;
    v.makers = makers;
    v.nieuweIds = Object.fromEntries(leerlingen.map((p) => [p.leerlingnummer, randomUUID()]));
    delete v.verdergaan;
    if (leerlingen.length === 0) {
      await context.sendActivity([...meldingen, TEXT.geenLeerlingOver].join('\n\n'));
      return step.endDialog(ENDED_OFFER_MENU);
    }
    const found = (v.zoek ?? []).flatMap((d) => d.treffers.filter((t) => t.leerlingnummer === d.gekozen));
    await context.sendActivity([TEXT.gevonden([...new Set(found.map(trefferLabel))]), ...meldingen].join('\n\n'));
    if (Object.keys(concepten).length) return this.askContinueOrReplace(step, v);
    return step.next(undefined);
  }

  private askContinueOrReplace(step: WaterfallStepContext, v: DossierValues): Promise<DialogTurnResult> {
    const concepten = (v.leerlingen ?? [])
      .filter((p) => v.concepten?.[p.leerlingnummer])
      .map((p) => ({ naam: p.naam, maker: v.makers?.[p.leerlingnummer] ?? '?' }));
    const args: KeuzeArgs = {
      keuzes: [
        { titel: TEXT.bestaand.verdergaan, waarde: 'verdergaan' },
        { titel: TEXT.bestaand.vervangen, waarde: 'vervangen' },
        { titel: TEXT.bestaand.laten, waarde: 'laten' },
      ],
    };
    return step.prompt(
      VRAAG,
      question({
        vraag: TEXT.bestaand.vraag(concepten),
        knoppen: [TEXT.bestaand.verdergaan, TEXT.bestaand.vervangen, TEXT.bestaand.laten],
        standaard: TEXT.bestaand.verdergaan,
        help: TEXT.bestaand.help,
        parser: P.keuze,
        args,
      }),
    );
  }

  // ── Soort overstap (step 5) ─────────────────────────────────────────────────

  private async vraagSoortOverstap(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const besluit = antwoord<'verdergaan' | 'vervangen' | 'laten'>(step);
    if (besluit === 'laten') {
      v.leerlingen = [];
      await step.context.sendActivity(TEXT.bestaand.gestopt);
      return step.endDialog(ENDED_OFFER_MENU);
    }
    if (besluit === 'verdergaan') {
      v.verdergaan = { ...v.concepten };
      v.versies = {};
      for (const [nr, id] of Object.entries(v.verdergaan)) {
        const concept = await this.services.repos.dossiers.getConcept(nr);
        if (concept?.id !== id) continue;
        v.versies[nr] = versionOf(concept);
        if (concept.schooladvies) (v.adviezen ??= {})[nr] = concept.schooladvies;
        // The answers of the first concept are proposed (the same answers go to every pupil).
        if (Object.keys(v.versies).length === 1) v.a = answersOf(concept);
      }
    } else if (besluit === 'vervangen') {
      v.verdergaan = {};
    }
    // The own school's soort decides what it can send (a continued concept may say otherwise).
    const school = (await this.services.repos.school.get())?.soort ?? 'BAO';
    const soorten = soortenOverstapVoor(school);
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.soort,
        vraag: soorten.includes('POPO') ? TEXT.soort.vraag : TEXT.soort.vraagVo,
        help: TEXT.soort.helpVoor(soorten),
        knoppen: [...soorten],
        standaard: standaardSoortOverstap(school, v.a.soortOverstap),
        parser: P.soort,
        args: { school },
      }),
    );
  }

  // ── Schooladvies (POVO) and toestemming (VOVO), after step 5 ────────────────

  /** POVO needs the advice for VO as a DUO code: asked for each pupil whose source has none. */
  private async vraagSchooladvies(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const soort = antwoord<SoortOverstap>(step);
    if (soort) v.a.soortOverstap = soort;
    if (isGoBack(step.result)) delete v.adviezen;
    delete v.adviesVoor;
    const school = await this.services.repos.school.get();
    // OSO asks no advice of an SO school (the validator exempts it).
    if (v.a.soortOverstap !== 'POVO' || school?.soort === 'SO') {
      delete v.adviezen;
      return skipStep(step);
    }
    for (const keuze of v.leerlingen ?? []) {
      if (v.adviezen?.[keuze.leerlingnummer]) continue;
      const pupil = await this.services.repos.pupils.get(keuze.leerlingnummer);
      if (!pupil || isVoAdviesCode(pupil.overstapadvies?.advies)) continue;
      v.adviesVoor = keuze.leerlingnummer;
      return step.prompt(
        VRAAG,
        question({
          ...TEXT.schooladvies,
          tekst: TEXT.schooladvies.tekst(VO_ADVIEZEN),
          vraag: TEXT.schooladvies.vraag(keuze.naam),
          knoppen: VO_ADVIEZEN.map((a) => a.kort),
          parser: P.schooladvies,
        }),
      );
    }
    return skipStep(step);
  }

  /** VOVO: the parents' consent for the transfer (OSO `toestemming`). */
  private async vraagToestemming(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const advies = antwoord<string>(step);
    if (advies && v.adviesVoor) {
      (v.adviezen ??= {})[v.adviesVoor] = advies;
      // The next pupil without an advice, if any.
      return askAgain(step, 1);
    }
    if (v.a.soortOverstap !== 'VOVO') {
      delete v.a.toestemming;
      return skipStep(step);
    }
    return step.prompt(
      VRAAG,
      question({ ...TEXT.toestemming, knoppen: ['Ja', 'Nee', 'Onbekend'], standaard: v.a.toestemming, parser: P.akkoord }),
    );
  }

  // ── Informatiecategorieën (step 6) ──────────────────────────────────────────

  private async vraagCategorieen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const toestemming = antwoord<Akkoord>(step);
    if (toestemming) v.a.toestemming = toestemming;
    const current = v.a.soortOverstap ?? DEFAULT_SOORT_OVERSTAP;
    const offered = optionalCategories(current);
    // A category chosen for another soort overstap may be forbidden for this one.
    if (v.a.categorieen) v.a.categorieen = v.a.categorieen.filter((c) => offered.some((o) => o.code === c));
    const chosen = v.a.categorieen;
    const alle = chosen === undefined || (offered.length > 0 && offered.every((o) => chosen.includes(o.code)));
    const standaard = alle
      ? TEXT.categorieen.standaardAlle
      : chosen.length === 0
        ? TEXT.categorieen.standaardGeen
        : offered.flatMap((c, i) => (chosen.includes(c.code) ? [String(i + 1)] : [])).join(', ');
    const standaardTekst = alle || chosen.length === 0
      ? standaard
      : chosen.map((c) => category(c).naam).join(', ');
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.categorieen,
        tekst: `${TEXT.categorieen.verplicht(requiredCategories(current))}\n\n${TEXT.categorieen.keuze(await this.gegevensPerCategorie(v, offered.map((c) => c.code)), (v.leerlingen ?? []).map((p) => p.naam))}`,
        knoppen: [TEXT.categorieen.standaardAlle, TEXT.categorieen.standaardGeen],
        standaard,
        standaardTekst,
        parser: P.categorieen,
        args: { soort: current },
        attachments: showsCards(step.context) ? [categoryCard(current, chosen ?? offered.map((c) => c.code))] : undefined,
      }),
    );
  }

  // ── Aantal schooljaren (step 7) ─────────────────────────────────────────────

  private async vraagAantalSchooljaren(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const categorieen = antwoord<CategoryCode[]>(step);
    if (categorieen) {
      v.a.categorieen = categorieen;
      await this.dropFilesWithoutBijlagedocs(step.context, v);
    }
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.schooljaren,
        knoppen: ['1', '2', '3'],
        standaard: String(v.a.aantalSchooljaren ?? MAX_SCHOOLJAREN),
        parser: P.schooljaren,
      }),
    );
  }

  // ── Gegevens contactpersoon (step 8) ───────────────────────────────────────

  private async vraagContactpersoon(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const jaren = antwoord<AantalSchooljaren>(step);
    if (jaren) v.a.aantalSchooljaren = jaren;
    const standaard = v.a.contactpersoon ?? ownContact(step.context);
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.contactpersoon,
        standaard: formatContactpersoon(standaard),
        parser: P.contactpersoon,
        args: { standaard },
      }),
    );
  }

  // ── Bijlagen (step 10) ─────────────────────────────────────────────────────

  private async vraagBijlagen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const contact = antwoord<Contactpersoon>(step);
    if (contact) v.a.contactpersoon = contact;
    const aantal = v.a.bijlagen?.length ?? 0;
    const meer = isAskAgain(step.result) || aantal > 0;
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.bijlagen,
        ...(meer ? { term: undefined, uitleg: undefined, vraag: TEXT.bijlagen.meer(aantal) } : {}),
        knoppen: [meer ? TEXT.bijlagen.klaarKnop : TEXT.bijlagen.geenKnop],
        standaard: meer ? TEXT.bijlagen.klaarKnop : TEXT.bijlagen.geenKnop,
        parser: P.bijlagen,
      }),
    );
  }

  // ── Voorlopig (step 12) ────────────────────────────────────────────────────

  private async vraagVoorlopig(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const bijlagen = antwoord<BijlagenAntwoord>(step);
    if (bijlagen?.soort === 'bestanden') {
      await this.receiveFiles(step.context, v, bijlagen.bestanden);
      return askAgain(step, 1);
    }
    if (bijlagen?.soort === 'klaar') v.a.bijlagen ??= [];
    return step.prompt(
      VRAAG,
      question({ ...TEXT.voorlopig, knoppen: JA_NEE, standaard: jaNee(v.a.voorlopig) ?? 'nee', parser: P.jaNee }),
    );
  }

  // ── Contact gewenst (step 13) ──────────────────────────────────────────────

  private async vraagContactGewenst(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const voorlopig = antwoord<boolean>(step);
    if (voorlopig !== undefined) v.a.voorlopig = voorlopig;
    return step.prompt(
      VRAAG,
      question({ ...TEXT.contactGewenst, knoppen: JA_NEE, standaard: jaNee(v.a.contactGewenst) ?? 'nee', parser: P.jaNee }),
    );
  }

  private async vraagTelefoon(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const gewenst = antwoord<boolean>(step);
    if (gewenst !== undefined) v.a.contactGewenst = gewenst;
    const contact = v.a.contactpersoon ?? ownContact(step.context);
    if (!v.a.contactGewenst || contact.telefoon.trim()) return skipStep(step);
    return step.prompt(
      VRAAG,
      question({ ...TEXT.telefoon, vraag: TEXT.telefoon.vraag(contact.naam), parser: P.telefoon }),
    );
  }

  // ── BRIN-nummer (step 14) ──────────────────────────────────────────────────

  private async vraagBrin(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const telefoon = antwoord<string>(step);
    if (telefoon) v.a.contactpersoon = { ...(v.a.contactpersoon ?? ownContact(step.context)), telefoon };
    if (isAskAgain(step.result)) await step.context.sendActivity(TEXT.brin.opnieuw);
    const eigen = await this.ownBrin();
    if (!eigen) await step.context.sendActivity(TEXT.brin.geenSchool);
    return step.prompt(
      VRAAG,
      question({
        term: TEXT.brin.term,
        uitleg: TEXT.brin.uitleg,
        tekst: eigen ? TEXT.brin.waarschuwing(eigen) : undefined,
        vraag: eigen ? TEXT.brin.vraag : TEXT.brin.geenSchool,
        knoppen: eigen ? [eigen] : [],
        standaard: isAskAgain(step.result) ? eigen : (v.a.ontvangendeBrin ?? eigen),
        help: TEXT.brin.help(eigen ?? '?'),
        parser: P.brin,
      }),
    );
  }

  private async vraagAndereBrinBevestigen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const gekozen = antwoord<string>(step);
    const eigen = await this.ownBrin();
    if (gekozen !== undefined) {
      if (!eigen || isSameSchool(gekozen, eigen)) {
        v.a.ontvangendeBrin = gekozen;
        delete v.brinKandidaat;
        return skipStep(step);
      }
      v.brinKandidaat = gekozen;
    } else if (isGoBack(step.result)) {
      // Back from the next question: ask again only when another school's BRIN was confirmed.
      if (!eigen || !v.a.ontvangendeBrin || isSameSchool(v.a.ontvangendeBrin, eigen)) return skipStep(step);
      v.brinKandidaat = v.a.ontvangendeBrin;
    }
    const ander = v.brinKandidaat ?? '';
    // No "ok" default: another school's BRIN needs an explicit "ja".
    return step.prompt(
      VRAAG,
      question({
        vraag: TEXT.andereBrin.vraag(ander, eigen ?? '?'),
        knoppen: JA_NEE,
        help: TEXT.andereBrin.help(eigen ?? '?'),
        parser: P.jaNee,
      }),
    );
  }

  // ── Ouders hebben inzage gehad (step 15) ───────────────────────────────────

  private async vraagInzage(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const bevestigd = antwoord<boolean>(step);
    if (bevestigd === false) {
      delete v.brinKandidaat;
      return askAgain(step, 2);
    }
    if (bevestigd === true && v.brinKandidaat) {
      v.a.ontvangendeBrin = v.brinKandidaat;
      delete v.brinKandidaat;
    }
    // Deliberately no "ok" default on a first answer: a missing inspection is the classic mistake.
    return step.prompt(
      VRAAG,
      question({ ...TEXT.inzage, knoppen: JA_NEE, standaard: jaNee(v.a.inzage?.gehad), parser: P.jaNee }),
    );
  }

  private async vraagInzageDatum(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const gehad = antwoord<boolean>(step);
    if (gehad === false) {
      // Without inspection the dossier cannot be made ready: keep it as a concept and say what to do first.
      v.a.inzage = { gehad: false };
      v.afronden = 'inzageNee';
      return this.jumpToRondAf(step);
    }
    if (gehad === true) v.a.inzage = { ...v.a.inzage, gehad: true };
    const vandaag = todayIn(this.services.clock);
    const args: DatumArgs = { vandaag };
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.inzageDatum,
        standaard: v.a.inzage?.datum ? dmy(v.a.inzage.datum) : 'vandaag',
        standaardTekst: v.a.inzage?.datum ? dmy(v.a.inzage.datum) : `vandaag (${dmy(vandaag)})`,
        knoppen: ['vandaag', 'gisteren'],
        parser: P.datumNietInToekomst,
        args,
      }),
    );
  }

  private async vraagInzageMedewerker(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const datum = antwoord<IsoDate>(step);
    if (datum) v.a.inzage = { ...v.a.inzage, gehad: true, datum };
    const args: TekstArgs = { wat: TEXT.inzageMedewerker.wat, voorbeeld: TEXT.inzageMedewerker.voorbeeld, max: 100 };
    return step.prompt(
      VRAAG,
      question({
        ...TEXT.inzageMedewerker,
        standaard: v.a.inzage?.medewerker ?? currentUser(step.context).naam,
        parser: P.tekst,
        args,
      }),
    );
  }

  // ── Ouders gaan akkoord (step 16) ──────────────────────────────────────────

  private async vraagAkkoord(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const medewerker = antwoord<string>(step);
    if (medewerker) v.a.inzage = { ...v.a.inzage, gehad: true, medewerker };
    return step.prompt(
      VRAAG,
      question({ ...TEXT.akkoord, knoppen: ['Ja', 'Nee', 'Onbekend'], standaard: v.a.akkoord ?? 'Ja', parser: P.akkoord }),
    );
  }

  private async vraagRedenNietAkkoord(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const akkoord = antwoord<Akkoord>(step);
    if (akkoord) v.a.akkoord = akkoord;
    if (v.a.akkoord !== 'Nee') {
      delete v.a.redenNietAkkoord;
      return skipStep(step);
    }
    const args: TekstArgs = { wat: TEXT.reden.wat, voorbeeld: TEXT.reden.voorbeeld, max: 1000 };
    return step.prompt(VRAAG, question({ ...TEXT.reden, standaard: v.a.redenNietAkkoord, parser: P.tekst, args }));
  }

  // ── Samenvatting en "Dossier gereedmaken?" (steps 17–18) ───────────────────

  private async vraagGereedmaken(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const reden = antwoord<string>(step);
    if (reden) v.a.redenNietAkkoord = reden;
    await this.dropFilesWithoutBijlagedocs(step.context, v);
    const samenvatting = withSchool(step.context, await this.summary(v));
    // Teams: the summary as a card with "Gereedmaken" / "Annuleren"; they answer "ja" / "annuleren".
    const kaart = showsCards(step.context)
      ? [textCard(samenvatting, [answerButton(TEXT.gereedmaken.kaartGereedmaken, 'ja', 'positive'), answerButton(TEXT.gereedmaken.kaartAnnuleren, 'annuleren', 'destructive')])]
      : undefined;
    if (!kaart) await step.context.sendActivity(samenvatting);
    return step.prompt(VRAAG, question({ ...TEXT.gereedmaken, knoppen: JA_NEE, standaard: 'ja', parser: P.jaNee, attachments: kaart }));
  }

  // ── Gereed (step 19) and what happens next (step 20) ───────────────────────

  private async rondAf(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    // "terug" at the question about another concept: back to "Dossier gereedmaken?".
    if (isGoBack(step.result)) return skipStep(step);
    if (!isAskAgain(step.result)) v.afronden = antwoord<boolean>(step) === true ? 'gereed' : 'concept';
    const { context } = step;
    // A "ja" seen again after a crash between making the dossier gereed and saving this
    // conversation: its own dossier is already gereed, so say so rather than "niet bewaard".
    const alKlaar = v.afronden === 'gereed' ? await this.alreadyReady(v) : [];
    if (alKlaar.length) await context.sendActivity(TEXT.nuAlGereed(alKlaar.map((p) => p.naam)));
    v.leerlingen = v.leerlingen?.filter((p) => !alKlaar.includes(p));
    const { bewaard, anderConcept } = await this.saveConcepts(context, v);
    if (v.afronden === 'gereed') {
      await showTyping(context);
      const actor = actorOf(currentUser(context));
      const klaar: PupilChoice[] = [];
      for (const pupil of v.leerlingen ?? []) {
        const saved = bewaard.get(pupil.leerlingnummer);
        if (!saved) continue;
        // Exactly the concept this conversation saved, not whatever is there by now.
        const ready = await makeDossierReady(this.services, pupil.leerlingnummer, actor, saved);
        if (ready.ok) klaar.push(pupil);
        else await context.sendActivity(TEXT.nietGereed(pupil.naam, ready.problem.message));
      }
      if (klaar.length) await context.sendActivity(TEXT.gereed(await this.gereedTekst(klaar, v.a.ontvangendeBrin ?? '')));
    } else if (bewaard.size) {
      const namen = (v.leerlingen ?? []).filter((p) => bewaard.has(p.leerlingnummer)).map((p) => p.naam);
      await context.sendActivity(v.afronden === 'inzageNee' ? TEXT.inzage.nee(namen) : TEXT.concept(namen));
    }
    if (anderConcept.length === 0) return step.endDialog(ENDED_OFFER_MENU);
    // Someone else saved a concept for these pupils meanwhile: never overwrite it silently.
    v.leerlingen = (v.leerlingen ?? []).filter((p) => anderConcept.some((a) => a.leerlingnummer === p.leerlingnummer));
    const kanVerdergaan = v.leerlingen.length === 1;
    const keuzes = [TEXT.anderConcept.overnemen, ...(kanVerdergaan ? [TEXT.anderConcept.verdergaan] : []), TEXT.anderConcept.laten];
    const args: KeuzeArgs = { keuzes: keuzes.map((k) => ({ titel: k, waarde: k })) };
    return step.prompt(
      VRAAG,
      question({
        vraag: TEXT.anderConcept.vraag(anderConcept.map((a) => a.melding), kanVerdergaan),
        knoppen: keuzes,
        help: TEXT.anderConcept.help,
        parser: P.keuze,
        args,
      }),
    );
  }

  private async naAnderConcept(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = valuesOf(step);
    const keuze = antwoord<string>(step);
    const leerlingen = v.leerlingen ?? [];
    if (keuze === TEXT.anderConcept.overnemen || keuze === TEXT.anderConcept.verdergaan) {
      v.concepten ??= {};
      v.verdergaan ??= {};
      for (const pupil of leerlingen) {
        const concept = await this.services.repos.dossiers.getConcept(pupil.leerlingnummer);
        delete v.concepten[pupil.leerlingnummer];
        delete v.verdergaan[pupil.leerlingnummer];
        if (!concept) continue;
        v.concepten[pupil.leerlingnummer] = concept.id;
        if (keuze === TEXT.anderConcept.verdergaan) {
          v.verdergaan[pupil.leerlingnummer] = concept.id;
          (v.versies ??= {})[pupil.leerlingnummer] = versionOf(concept);
          v.a = answersOf(concept);
        }
      }
      // Overnemen: save again, replacing exactly the concept just named. Verdergaan: show its summary.
      return askAgain(step, keuze === TEXT.anderConcept.overnemen ? 1 : 2);
    }
    await step.context.sendActivity(TEXT.anderConcept.gestopt(leerlingen.map((p) => p.naam)));
    v.leerlingen = [];
    return step.endDialog(ENDED_OFFER_MENU);
  }

  /** From "inzage: nee" straight to the end: saved as a concept, with the reason. */
  private async jumpToRondAf(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const waterfall = step.activeDialog?.state as { stepIndex: number } | undefined;
    if (!waterfall) throw new Error('jumpToRondAf: not inside a waterfall');
    // next() runs stepIndex + 1.
    waterfall.stepIndex = this.rondAfIndex - 1;
    return step.next(askAgainResult());
  }

  // ── "annuleren": keep what was entered ─────────────────────────────────────

  override async endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    if (reason === DialogReason.cancelCalled) {
      const v = waterfallValues(instance);
      if (v?.leerlingen?.length) {
        const { bewaard, anderConcept } = await this.saveConcepts(context, v);
        const namen = v.leerlingen.filter((p) => bewaard.has(p.leerlingnummer)).map((p) => p.naam);
        if (namen.length) await context.sendActivity(TEXT.geannuleerdBewaard(namen));
        for (const a of anderConcept) await context.sendActivity(TEXT.nietBewaard(a.naam, a.melding));
      }
    }
    await super.endDialog(context, instance, reason);
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /**
   * Saves the answers so far as a concept for each pupil: returns the dossiers saved, by
   * leerlingnummer, and the pupils for whom someone else's concept is there now (not
   * overwritten). A pupil whose existing concept is still waiting for "verdergaan /
   * vervangen" is left alone. A pupil saved once is continued from then on.
   */
  private async saveConcepts(
    context: TurnContext,
    v: DossierValues,
  ): Promise<{ bewaard: Map<string, Dossier>; anderConcept: { leerlingnummer: string; naam: string; melding: string }[] }> {
    const user = currentUser(context);
    const answers = completeAnswers(v.a, ownContactOf(user), (await this.ownBrin()) ?? '');
    const bewaard = new Map<string, Dossier>();
    const anderConcept: { leerlingnummer: string; naam: string; melding: string }[] = [];
    const choiceMade = v.verdergaan !== undefined;
    for (const pupil of v.leerlingen ?? []) {
      const nr = pupil.leerlingnummer;
      if (v.concepten?.[nr] && !choiceMade) continue;
      const continueId = v.verdergaan?.[nr];
      const choice: ConceptChoice = continueId
        ? { continueId, seenVersion: v.versies?.[nr] }
        : { replaceId: v.concepten?.[nr], newId: v.nieuweIds?.[nr] };
      const schooladvies = answers.soortOverstap === 'POVO' ? v.adviezen?.[nr] : undefined;
      const eigen: DossierAnswers = { ...answers, ...(schooladvies ? { schooladvies } : {}) };
      const result: Result<Dossier> = await saveConcept(this.services, pupil, eigen, actorOf(user), choice);
      if (result.ok) {
        bewaard.set(nr, result.value);
        (v.verdergaan ??= {})[nr] = result.value.id;
        (v.concepten ??= {})[nr] = result.value.id;
        (v.versies ??= {})[nr] = versionOf(result.value);
      } else if (result.problem.code === 'ander-concept') {
        anderConcept.push({ leerlingnummer: nr, naam: pupil.naam, melding: result.problem.message });
      } else {
        await context.sendActivity(TEXT.nietBewaard(pupil.naam, result.problem.message));
      }
    }
    return { bewaard, anderConcept };
  }

  /** The pupils of this conversation whose dossier is already gereed in the store. */
  private async alreadyReady(v: DossierValues): Promise<PupilChoice[]> {
    const ready: PupilChoice[] = [];
    for (const pupil of v.leerlingen ?? []) {
      const d = await this.services.repos.dossiers.get(pupil.leerlingnummer);
      // Only this conversation's own dossier (see nieuweIds); someone else's is reported by the save.
      const own = !!d && (d.id === v.nieuweIds?.[pupil.leerlingnummer] || d.id === v.verdergaan?.[pupil.leerlingnummer]);
      if (own && d.status === 'gereed') ready.push(pupil);
    }
    return ready;
  }

  private async receiveFiles(context: TurnContext, v: DossierValues, files: IncomingFile[]): Promise<void> {
    const bijlagen = (v.a.bijlagen ??= []);
    const nieuw: { naam: string; grootte: number }[] = [];
    const problemen: string[] = [];
    await showTyping(context);
    // One deadline for all files of this message, well before Teams sends it again (15 s).
    const deadline = Date.now() + DOWNLOAD_DEADLINE_MS;
    const owner = { gesprek: conversationStateKey(context), leerlingnummers: (v.leerlingen ?? []).map((p) => p.leerlingnummer) };
    for (const file of files) {
      if (bijlagen.length >= MAX_BIJLAGEN) {
        problemen.push(TEXT.bijlagen.maximum(safeFileName(file.naam)));
        continue;
      }
      const received = await receiveFile(file, { deadline, sources: this.services.attachmentSources });
      if (!received.ok) {
        // For IT: someone sent a link the bot will not fetch (no file name: it may name a pupil).
        if (received.problem.code === 'bron') this.services.logger.warn('an attachment URL outside the permitted sources was refused');
        problemen.push(escapeMarkdown(received.problem.message));
        continue;
      }
      const totaal = bijlagen.reduce((sum, b) => sum + b.grootte, 0) + received.value.inhoud.length;
      if (totaal > MAX_DOSSIER_BIJLAGEN_BYTES) {
        problemen.push(TEXT.bijlagen.samenTeGroot(received.value.naam));
        continue;
      }
      const bijlage = await storeAttachment(this.services, received.value, owner);
      rememberStoredAttachment(context, bijlage.id);
      bijlagen.push(bijlage);
      nieuw.push({ naam: bijlage.naam, grootte: bijlage.grootte });
    }
    const lines = [...(nieuw.length ? [TEXT.bijlagen.ontvangen(nieuw)] : []), ...problemen];
    // Files only travel in the category Bijlagedocs: switch it on rather than lose them silently.
    const soort = v.a.soortOverstap ?? DEFAULT_SOORT_OVERSTAP;
    const offersBijlagedocs = optionalCategories(soort).some((c) => c.code === 'bijlagedocs');
    if (bijlagen.length && offersBijlagedocs && !(v.a.categorieen ?? []).includes('bijlagedocs')) {
      v.a.categorieen = optionalCategories(soort).map((c) => c.code).filter((c) => c === 'bijlagedocs' || v.a.categorieen?.includes(c));
      lines.push(TEXT.bijlagen.bijlagedocs);
    }
    await context.sendActivity(lines.join('\n\n'));
  }

  /**
   * Files only go along in the category Bijlagedocs. When it is not chosen (switched off after
   * files were sent, or a continued concept without it), the files are taken out and the user
   * is told, so the summary shows what the document will hold.
   */
  private async dropFilesWithoutBijlagedocs(context: TurnContext, v: DossierValues): Promise<void> {
    const bijlagen = v.a.bijlagen ?? [];
    if (bijlagen.length === 0 || v.a.categorieen === undefined || v.a.categorieen.includes('bijlagedocs')) return;
    v.a.bijlagen = [];
    await context.sendActivity(TEXT.bijlagen.weggehaald(bijlagen.map((b) => b.naam)));
  }

  private async summary(v: DossierValues): Promise<string> {
    const soort = v.a.soortOverstap ?? DEFAULT_SOORT_OVERSTAP;
    const aantal = v.a.aantalSchooljaren ?? MAX_SCHOOLJAREN;
    const years = coveredSchoolYearStarts(aantal, schoolYearStart(todayIn(this.services.clock)));
    const eigen = await this.ownBrin();
    const names = new Map((v.zoek ?? []).flatMap((d) => d.treffers).map((t) => [t.leerlingnummer, trefferLabel(t)]));
    return TEXT.samenvatting({
      leerlingen: (v.leerlingen ?? []).map((p) => names.get(p.leerlingnummer) ?? p.naam),
      soort,
      verplicht: requiredCategories(soort).map((c) => c.naam),
      gekozen: (v.a.categorieen ?? []).map((c) => category(c).naam),
      zonderGegevens: await this.zonderGegevens(v, soort, aantal),
      schooljaren: TEXT.schooljarenLabel(aantal, years[0]!, years[years.length - 1]!),
      contact: v.a.contactpersoon ? formatContactpersoon(v.a.contactpersoon) : '',
      bijlagen: (v.a.bijlagen ?? []).map((b) => ({ naam: b.naam, grootte: b.grootte })),
      voorlopig: v.a.voorlopig ?? false,
      contactGewenst: v.a.contactGewenst ?? false,
      brin: v.a.ontvangendeBrin ?? '',
      eigenBrin: !!eigen && !!v.a.ontvangendeBrin && isSameSchool(v.a.ontvangendeBrin, eigen),
      inzage: { datum: v.a.inzage?.datum, medewerker: v.a.inzage?.medewerker },
      akkoord: v.a.akkoord ?? 'Onbekend',
      reden: v.a.redenNietAkkoord,
      ...(soort === 'POVO'
        ? { schooladvies: (v.leerlingen ?? []).flatMap((p) => (v.adviezen?.[p.leerlingnummer] ? [`${p.naam}: ${adviesInWoorden(v.adviezen[p.leerlingnummer]!)}`] : [])) }
        : {}),
      ...(soort === 'VOVO' ? { toestemming: v.a.toestemming ?? 'Onbekend' } : {}),
    });
  }

  /** Per optional category, which of the chosen pupils have data for it (any school year: the years come next). */
  private async gegevensPerCategorie(v: DossierValues, codes: CategoryCode[]): Promise<{ categorie: Category; metGegevens: string[]; nietMee: string[] }[]> {
    const pupils = await this.chosenPupils(v);
    return codes.map((code) => ({
      categorie: category(code),
      metGegevens: pupils.filter(({ pupil }) => heeftGegevens(pupil, code)).map(({ naam }) => naam),
      nietMee: pupils.filter(({ pupil }) => heeftGegevensDieNietMeeKunnen(pupil, code)).map(({ naam }) => naam),
    }));
  }

  /** The chosen categories that send nothing in the chosen years, per pupil. */
  private async zonderGegevens(v: DossierValues, soort: SoortOverstap, aantal: AantalSchooljaren): Promise<{ leerling?: string; categorieen: string[] }[]> {
    const pupils = await this.chosenPupils(v);
    const keuze = { soortOverstap: soort, categorieen: v.a.categorieen ?? [], aantalSchooljaren: aantal, bijlagen: v.a.bijlagen ?? [] };
    const today = todayIn(this.services.clock);
    return pupils.flatMap(({ pupil, naam }) => {
      const leeg = gekozenZonderGegevens({ dossier: keuze, pupil, today });
      return leeg.length ? [{ ...(pupils.length > 1 ? { leerling: naam } : {}), categorieen: leeg.map((c) => category(c).naam) }] : [];
    });
  }

  private async chosenPupils(v: DossierValues): Promise<{ pupil: Pupil; naam: string }[]> {
    const found = await Promise.all((v.leerlingen ?? []).map(async (p) => ({ pupil: await this.services.repos.pupils.get(p.leerlingnummer), naam: p.naam })));
    return found.flatMap(({ pupil, naam }) => (pupil ? [{ pupil, naam }] : []));
  }

  private async ownBrin(): Promise<string | undefined> {
    return (await this.services.repos.school.get())?.brin;
  }

  /** What step 20 says depends on the addressed BRIN and on BSN or onderwijsnummer. */
  private async gereedTekst(klaar: PupilChoice[], ontvangendeBrin: string): Promise<GereedTekst> {
    const eigen = await this.ownBrin();
    return {
      namen: klaar.map((p) => p.naam),
      brin: ontvangendeBrin,
      eigenBrin: !eigen || !ontvangendeBrin || isSameSchool(ontvangendeBrin, eigen),
      metOnderwijsnummer: klaar.filter((p) => isOnderwijsnummer(p.leerlingnummer)).map((p) => p.naam),
    };
  }
}

// ── pure helpers ─────────────────────────────────────────────────────────────

function isOnderwijsnummer(nummer: string): boolean {
  const r = leerlingnummer.validate(nummer);
  return r.ok && r.value.soort === 'onderwijsnummer';
}

function isSameSchool(a: string, b: string): boolean {
  const x = brin.validate(a);
  const y = brin.validate(b);
  return x.ok && y.ok && brin.sameSchool(x.value, y.value);
}

const ownContactOf = (user: { naam: string; telefoon?: string; email?: string }): Contactpersoon => ({
  naam: user.naam,
  telefoon: user.telefoon ?? '',
  ...(user.email ? { email: user.email } : {}),
});
const ownContact = (context: TurnContext): Contactpersoon => ownContactOf(currentUser(context));

/** 2026-09-03 → 03-09-2026, the way it is typed. */
const dmy = (iso: IsoDate): string => iso.split('-').reverse().join('-');

/** The answers of an existing concept, proposed again when the user continues it. */
function answersOf(d: Dossier): Partial<DossierAnswers> {
  return {
    soortOverstap: d.soortOverstap,
    categorieen: [...d.categorieen],
    aantalSchooljaren: d.aantalSchooljaren,
    contactpersoon: { ...d.contactpersoon },
    bijlagen: [...d.bijlagen],
    voorlopig: d.voorlopig,
    contactGewenst: d.contactGewenst,
    ontvangendeBrin: d.ontvangendeBrin,
    inzage: { ...d.inzage },
    akkoord: d.akkoord,
    ...(d.redenNietAkkoord ? { redenNietAkkoord: d.redenNietAkkoord } : {}),
    ...(d.toestemming ? { toestemming: d.toestemming } : {}),
  };
}

/** A concept needs every field: what was not answered yet gets the manual's default. */
function completeAnswers(a: Partial<DossierAnswers>, contact: Contactpersoon, eigenBrin: string): DossierAnswers {
  return {
    soortOverstap: a.soortOverstap ?? DEFAULT_SOORT_OVERSTAP,
    // Not chosen yet: what a new dossier proposes ("alle"), so a continued concept proposes it too.
    categorieen: a.categorieen ?? optionalCategories(a.soortOverstap ?? DEFAULT_SOORT_OVERSTAP).map((c) => c.code),
    aantalSchooljaren: a.aantalSchooljaren ?? MAX_SCHOOLJAREN,
    contactpersoon: a.contactpersoon ?? contact,
    bijlagen: a.bijlagen ?? [],
    voorlopig: a.voorlopig ?? false,
    contactGewenst: a.contactGewenst ?? false,
    ontvangendeBrin: a.ontvangendeBrin ?? eigenBrin,
    inzage: a.inzage ?? { gehad: false },
    akkoord: a.akkoord ?? 'Onbekend',
    ...(a.akkoord === 'Nee' && a.redenNietAkkoord ? { redenNietAkkoord: a.redenNietAkkoord } : {}),
    ...(a.soortOverstap === 'VOVO' && a.toestemming ? { toestemming: a.toestemming } : {}),
  };
}

/** The waterfall's values inside this component's saved state (read before it is cancelled). */
function waterfallValues(instance: DialogInstance): DossierValues | undefined {
  const stack = (instance.state as { dialogs?: { dialogStack?: DialogInstance[] } }).dialogs?.dialogStack ?? [];
  const waterfall = stack.find((d) => d.id === STEPS);
  return (waterfall?.state as { values?: DossierValues } | undefined)?.values;
}

/** Teams shows the optional categories as checkboxes; a submit arrives as the text "vve, verzuim" (see shared/cards). */
function categoryCard(soort: SoortOverstap, chosen: CategoryCode[]) {
  return checkboxCard({
    titel: TEXT.categorieen.kaartTitel,
    veld: 'categorieen',
    keuzes: optionalCategories(soort).map((c) => ({ titel: c.naam, waarde: c.code })),
    gekozen: chosen,
    knop: TEXT.categorieen.kaartKnop,
    leeg: TEXT.categorieen.standaardGeen,
  });
}
