/**
 * LDOS: "toon dossier <naam of BSN>" (directie, issue 19): shows a received overstapdossier
 * readably — pupil, school of origin, soort overstap, a line per category, parents,
 * schoolloopbaan, advice — as a card on Teams, and sends the OSO XML itself as a file. The
 * BSN is only ever shown masked. A pupil LDOS does not hold gets the same answer whether it
 * exists elsewhere or not.
 */
import type { Attachment } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotServices } from '../src/app/services';
import { CATEGORIES, type CategoryCode } from '../src/domain/categories';
import { formatDutchDate, formatDutchMoment } from '../src/domain/dates';
import * as leerlingnummer from '../src/domain/identifiers/leerlingnummer';
import type { LdosLeerling } from '../src/domain/ldos';
import { readOsoDocument, type OsoDossierFeiten } from '../src/domain/oso/readOsoDocument';
import { displayName, searchableName, searchForm, type Pupil } from '../src/domain/pupil';
import { fail, ok, type Result } from '../src/domain/result';
import { SOORT_OVERSTAP_UITLEG, type SoortOverstap } from '../src/domain/soortOverstap';
import { parseXml } from '../src/oso/parseXml';
import type { Repositories } from '../src/repositories';
import type { StartOptions } from './mainDialog';
import { quoteInput } from '../src/domain/text/quoteInput';
import { textOrCard } from './shared/cards';
import { currentUser } from './shared/currentUser';
import { offerDossierFile } from '../src/teams/dossierFile';
import { ConversationDialog, isGoBack } from './shared/conversationDialog';
import { escapeMarkdown as md } from './shared/markdown';
import { question, QuestionPrompt } from './shared/questionPrompt';
import { withSchool } from './shared/schoolKeuze';

export const TOON_DOSSIER = 'toonDossier';
const STEPS = 'toonDossier.stappen';
const VRAAG = 'toonDossier.vraag';

const TEXT = {
  vraag: {
    term: 'Dossier in LDOS',
    vraag: 'Van welke leerling wilt u het ontvangen dossier zien? Typ (een deel van) de naam of het BSN.',
    help: 'Typ een deel van de naam ("daan") of het BSN van een leerling waarvan LDOS het dossier heeft ontvangen. Ik laat het dossier zien en stuur het OSO-bestand (XML) mee.',
  },
  nietGevonden: (invoer: string) =>
    `Ik vind geen ontvangen dossier bij "${quoteInput(invoer)}" in LDOS. Controleer de naam of het BSN; is het dossier nog niet opgehaald, gebruik dan eerst "aanvraag overdracht".`,
  meerdere: (namen: string[]) => `Er passen meerdere leerlingen: ${namen.join('; ')}. Typ meer van de naam of het BSN.`,
  leeg: 'Typ (een deel van) de naam of het BSN van de leerling.',
  titel: (naam: string) => `**Overstapdossier van ${md(naam)}**`,
  leerling: (p: Pupil) => `- Leerling: ${md(displayName(p))}, geboren ${formatDutchDate(p.geboortedatum)}, ${nummerLabel(p.leerlingnummer)}, groep ${md(p.groep)}`,
  herkomst: (naam: string | undefined, brin: string | undefined) => `- School van herkomst: ${[naam, brin ? `BRIN ${brin}` : undefined].filter(Boolean).map((t) => md(t!)).join(', ') || 'onbekend'}`,
  soort: (soort: string) => `- Soort overstap: ${soort}${soort in SOORT_OVERSTAP_UITLEG ? ` (${SOORT_OVERSTAP_UITLEG[soort as SoortOverstap]})` : ''}`,
  ontvangen: (at: string, door: string) => `- Ontvangen: ${formatDutchMoment(at)}, door ${md(door)}`,
  klas: (klas: string | undefined) => `- Klas: ${klas !== undefined ? md(klas) : 'nog geen (kies er een met "klas plaatsen")'}`,
  inzage: (i: OsoDossierFeiten['inzage']) =>
    `- Ouderinzage: ${i.inzage ? `ingezien${i.datum ? ` op ${formatDutchDate(i.datum)}` : ''}` : 'niet ingezien'}; akkoord: ${i.akkoord ?? 'onbekend'}${i.redenNietAkkoord ? ` (${md(i.redenNietAkkoord)})` : ''}${i.voorlopig ? '; voorlopig dossier' : ''}`,
  categorieenKop: '**Categorieën**',
  categorie: (naam: string, regel: string) => `- ${naam}: ${regel}`,
  verzorgersKop: '**Ouders/verzorgers**',
  verzorger: (naam: string, relatie: string, wettig: boolean) => `- ${md(naam)}: ${md(relatie)}, ${wettig ? 'wettelijk vertegenwoordiger' : 'geen wettelijk vertegenwoordiger'}`,
  geenVerzorgers: 'Geen ouders/verzorgers in het dossier.',
  loopbaanKop: '**Schoolloopbaan**',
  loopbaan: (s: Pupil['schoolloopbaan'][number]) => `- ${s.schooljaar}: groep ${md(s.groep)} (${formatDutchDate(s.begindatum)}${s.einddatum ? ` – ${formatDutchDate(s.einddatum)}` : ''})`,
  geenLoopbaan: 'Geen schoolloopbaan in het dossier.',
  adviesKop: '**Overstapadvies**',
  advies: (a: NonNullable<Pupil['overstapadvies']>) =>
    [
      a.advies ? `- Advies: ${md(a.advies)}` : '- Advies: geen',
      a.wensOuders ? `- Wens ouders: ${md(a.wensOuders)}` : undefined,
      a.wensLeerling ? `- Wens leerling: ${md(a.wensLeerling)}` : undefined,
      a.argumentatie ? `- Argumentatie: ${md(a.argumentatie)}` : undefined,
      a.aandachtspunten ? `- Aandachtspunten: ${md(a.aandachtspunten)}` : undefined,
    ].filter((l): l is string => l !== undefined),
  geenAdvies: 'Geen overstapadvies in het dossier.',
  bestand: 'Het OSO-bestand (XML) van dit dossier staat hierbij, voor uw leerlingadministratie.',
  bestandTeams: 'Het OSO-bestand (XML) van dit dossier zet ik in uw OneDrive als u dat toestaat:',
  geenBestand: 'Van dit dossier is geen OSO-bestand (XML) bewaard.',
  // Per category: what the dossier holds, in one line.
  uitlevering: { VERPLICHT: 'meegeleverd (verplicht)', OPTIONEEL: 'meegeleverd', 'OPT-UIT': 'niet meegeleverd (ouders/school kozen dit niet)', VERBODEN: 'hoort niet bij deze overstap' } as Record<string, string>,
  inhoud: {
    verzorgers: (n: number) => `${n} ${n === 1 ? 'ouder/verzorger' : 'ouders/verzorgers'}`,
    loopbaan: (n: number) => `${n} ${n === 1 ? 'schooljaar' : 'schooljaren'}`,
    toetsen: (n: number) => `${n} ${n === 1 ? 'toets' : 'toetsen'}`,
    documenten: (n: number) => `${n} ${n === 1 ? 'document' : 'documenten'}`,
    eindtoets: (e: NonNullable<Pupil['eindtoets']>) => md([e.naam, e.score ? `score ${e.score}` : undefined, e.advies ? `advies ${e.advies}` : undefined].filter(Boolean).join(', ')),
    verzuim: (v: Pupil['verzuim'][number]) => `${v.schooljaar}: ${v.geoorloofdUren} geoorloofd, ${v.ongeoorloofdUren} ongeoorloofd (${v.eenheid ?? 'uren'})`,
    ondersteuning: (n: number) => `${n} ${n === 1 ? 'plan' : 'plannen'} (handelingsplan/OPP)`,
  },
};

const nummerLabel = (nummer: string): string => {
  const v = leerlingnummer.validate(nummer);
  return `${v.ok && v.value.soort === 'onderwijsnummer' ? 'onderwijsnummer' : 'BSN'} ${leerlingnummer.mask(nummer)}`;
};

/** Exactly one LDOS pupil for the answer, else a Dutch reason; never says whether the pupil exists elsewhere. */
export async function zoekInLdos(repos: Repositories, input: string): Promise<Result<string>> {
  const invoer = input.trim();
  if (invoer === '') return fail('leeg', TEXT.leeg);
  if (leerlingnummer.looksLikeNumber(invoer)) {
    const nr = leerlingnummer.validate(invoer);
    const found = nr.ok ? await repos.ldos.get(nr.value.nummer) : undefined;
    return found ? ok(found.leerlingnummer) : fail('onbekend', TEXT.nietGevonden(nr.ok ? leerlingnummer.mask(nr.value.nummer) : invoer));
  }
  const zoek = searchForm(invoer);
  const treffers = (await repos.ldos.list()).filter((l) => searchableName(l.leerling).includes(zoek) || searchForm(l.naam).includes(zoek));
  if (treffers.length === 0) return fail('onbekend', TEXT.nietGevonden(invoer));
  if (treffers.length > 1) return fail('meerdere', TEXT.meerdere(treffers.map((t) => `${t.naam} (${leerlingnummer.mask(t.leerlingnummer)})`)));
  return ok(treffers[0]!.leerlingnummer);
}

/** The readable dossier: read from the OSO document when LDOS has it, else from the stored pupil. */
export async function dossierTekst(l: LdosLeerling): Promise<string> {
  let pupil = l.leerling;
  let feiten: OsoDossierFeiten | undefined;
  if (l.dossier.osoDocument) {
    const xml = await parseXml(l.dossier.osoDocument);
    const read = xml.ok ? readOsoDocument(xml.root) : undefined;
    if (read?.ok) {
      pupil = read.pupil;
      feiten = read.dossier;
    }
  }
  const herkomst = l.dossier.herkomst ?? { naam: feiten?.school.naam, brin: feiten?.school.brin };
  const lines = [
    TEXT.titel(displayName(pupil)),
    TEXT.leerling(pupil),
    TEXT.herkomst(herkomst.naam, herkomst.brin),
    TEXT.soort(feiten?.overstap ?? l.dossier.soortOverstap),
    TEXT.ontvangen(l.ontvangen.at, l.ontvangen.door.naam),
    TEXT.klas(l.klas),
    ...(feiten ? [TEXT.inzage(feiten.inzage)] : []),
    '',
    TEXT.categorieenKop,
    ...CATEGORIES.filter((c) => !['metadata', 'school'].includes(c.code)).map((c) => TEXT.categorie(c.naam, categorieRegel(c.code, pupil, l, feiten))),
    '',
    TEXT.verzorgersKop,
    ...(pupil.verzorgers.length > 0
      ? pupil.verzorgers.map((v) => TEXT.verzorger([...v.voornamen.slice(0, 1), v.voorvoegsel, v.achternaam].filter(Boolean).join(' '), v.relatie, v.wettigVertegenwoordiger))
      : [TEXT.geenVerzorgers]),
    '',
    TEXT.loopbaanKop,
    ...(pupil.schoolloopbaan.length > 0 ? pupil.schoolloopbaan.map(TEXT.loopbaan) : [TEXT.geenLoopbaan]),
    '',
    TEXT.adviesKop,
    ...(pupil.overstapadvies ? TEXT.advies(pupil.overstapadvies) : [TEXT.geenAdvies]),
  ];
  return lines.join('\n');
}

function categorieRegel(code: CategoryCode, p: Pupil, l: LdosLeerling, feiten: OsoDossierFeiten | undefined): string {
  const status = feiten?.uitlevering[code] ?? (l.dossier.categorieen.includes(code) ? 'OPTIONEEL' : undefined);
  const inhoud = ((): string | undefined => {
    switch (code) {
      case 'leerling': return md(displayName(p));
      case 'ouderinzage': return feiten?.inzage.akkoord ? `akkoord: ${md(feiten.inzage.akkoord)}` : `akkoord: ${l.dossier.akkoord}`;
      case 'oudersverzorgers': return TEXT.inhoud.verzorgers(p.verzorgers.length);
      case 'schoolloopbaan': return TEXT.inhoud.loopbaan(p.schoolloopbaan.length);
      case 'overstapadvies': return p.overstapadvies?.advies ? `advies ${md(p.overstapadvies.advies)}` : undefined;
      case 'verzuim': return p.verzuim.length > 0 ? p.verzuim.map(TEXT.inhoud.verzuim).join('; ') : undefined;
      case 'eindtoetsbo': return p.eindtoets ? TEXT.inhoud.eindtoets(p.eindtoets) : undefined;
      case 'toetsresultaten': return p.toetsresultaten.length > 0 ? TEXT.inhoud.toetsen(p.toetsresultaten.length) : undefined;
      case 'onderwijsondersteuning':
      case 'handelingsplannen': return p.ondersteuning.length > 0 ? TEXT.inhoud.ondersteuning(p.ondersteuning.length) : undefined;
      case 'bijlagedocs': {
        const n = p.documenten?.filter((d) => d.categorie === 'bijlagedocs').length ?? 0;
        return n > 0 ? TEXT.inhoud.documenten(n) : undefined;
      }
      default: return undefined;
    }
  })();
  const wat = status ? (TEXT.uitlevering[status] ?? status) : 'niet meegeleverd';
  return inhoud && status !== 'OPT-UIT' && status !== 'VERBODEN' ? `${wat}, ${inhoud}` : wat;
}

/** The OSO XML as a file in the chat: `<achternaam>-overstapdossier.xml`. */
export function xmlBijlage(l: LdosLeerling): Attachment | undefined {
  if (!l.dossier.osoDocument) return undefined;
  const naam = searchForm(l.leerling.achternaam).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'leerling';
  return {
    contentType: 'application/xml',
    contentUrl: `data:application/xml;base64,${Buffer.from(l.dossier.osoDocument, 'utf8').toString('base64')}`,
    name: `${naam}-overstapdossier.xml`,
  };
}

export class ToonDossierDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(TOON_DOSSIER);
    this.addDialog(new QuestionPrompt(VRAAG, { ldosLeerling: ({ text }) => zoekInLdos(services.repos, text) }));
    this.addDialog(new WaterfallDialog(STEPS, [this.vraagLeerling.bind(this), this.toon.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async vraagLeerling(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const named = (step.options as StartOptions | undefined)?.text?.trim();
    if (named && !isGoBack(step.result)) {
      const found = await zoekInLdos(this.services.repos, named);
      if (found.ok) return step.next(found.value);
      await step.context.sendActivity(md(found.problem.message));
    }
    return step.prompt(VRAAG, question({ ...TEXT.vraag, parser: 'ldosLeerling' }));
  }

  private async toon(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const leerling = await this.services.repos.ldos.get(step.result as string);
    if (!leerling) {
      await step.context.sendActivity(TEXT.nietGevonden(leerlingnummer.mask(step.result as string)));
      return step.endDialog();
    }
    await step.context.sendActivity(textOrCard(step.context, withSchool(step.context, await dossierTekst(leerling))));
    const bijlage = xmlBijlage(leerling);
    if (!bijlage) {
      await step.context.sendActivity(TEXT.geenBestand);
    } else if (step.context.activity.channelId === 'msteams') {
      // Teams takes no file as a data: URL: ask to put it in the user's OneDrive (src/teams/dossierFile.ts).
      const kaart = await offerDossierFile(this.services.repos, currentUser(step.context), leerling.leerlingnummer, bijlage.name!, leerling.dossier.osoDocument!, this.services.clock.now());
      await step.context.sendActivity({ type: 'message', text: TEXT.bestandTeams, attachments: [kaart] });
    } else {
      await step.context.sendActivity({ type: 'message', text: TEXT.bestand, attachments: [bijlage] });
    }
    return step.endDialog();
  }
}
