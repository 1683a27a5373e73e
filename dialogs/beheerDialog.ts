/**
 * "beheer" (PRODUCT.md §7), for the beheerder: users and their roles, the LDOS classes (the
 * manual's "Maak in LDOS de juiste gebruikers en klassen aan"), the school's settings and the
 * pupil roster (the Esis export sent as a file). A menu of tasks; each task is a few
 * questions, after which the menu comes back until the beheerder chooses "klaar". The first
 * beheerder (FIRST_BEHEERDER) is first walked through the school, the roster and the users.
 */
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { todayIn } from '../src/app/clock';
import { importRosterUpload } from '../src/app/rosterUpload';
import type { IncomingFile } from '../src/app/attachments';
import type { BotServices } from '../src/app/services';
import { schoolLabel, type Board } from '../src/app/board';
import { ADRES_VOORBEELD, formatAdres, parseAdres } from '../src/domain/adres';
import { listSchoolGaps } from '../src/domain/oso/checkOsoRules';
import { fail, ok, type Result } from '../src/domain/result';
import { parseSchoolEmail, parseSchoolSoort, SCHOOL_SOORT_NAMEN, SCHOOL_SOORTEN, schoolSchema, type School } from '../src/domain/school';
import { parseRole, ROLES, type Role, type User } from '../src/domain/users';
import type { StartOptions } from './mainDialog';
import { incomingFiles } from './dossierAnswers';
import { looksLikeEmail, parseKeuze, plain, type Keuze } from './shared/answers';
import { answerOf, ConversationDialog } from './shared/conversationDialog';
import { currentUser } from './shared/currentUser';
import { commonParsers, PARSER, type KeuzeArgs, type TekstArgs } from './shared/parsers';
import { question, QuestionPrompt, type Answer, type AnswerParser } from './shared/questionPrompt';
import { quoteInput } from '../src/domain/text/quoteInput';
import { escapeMarkdown as md } from './shared/markdown';
import { showTyping } from './shared/typing';

export const BEHEER = 'beheer';

const TAKEN = {
  gebruikers: 'gebruikers tonen',
  gebruikerToevoegen: 'gebruiker toevoegen',
  gebruikerVerwijderen: 'gebruiker verwijderen',
  klassen: 'klassen tonen',
  klasToevoegen: 'klas toevoegen',
  klasVerwijderen: 'klas verwijderen',
  school: 'school tonen',
  schoolWijzigen: 'school wijzigen',
  leerlingenImporteren: 'leerlingen importeren',
  klaar: 'klaar',
} as const;
/** Only for the bestuursbeheerder: the schools of the board. */
const BESTUUR_TAKEN = {
  scholen: 'scholen tonen',
  schoolToevoegen: 'school toevoegen',
  schoolbeheerderToevoegen: 'schoolbeheerder toevoegen',
} as const;
/** Not in the menu: the first beheerder's walk through school, roster and users. */
const EERSTE_START_TAAK = 'eerste start';
type Taak = (typeof TAKEN)[keyof typeof TAKEN] | (typeof BESTUUR_TAKEN)[keyof typeof BESTUUR_TAKEN] | typeof EERSTE_START_TAAK;

const rollenTekst = (rollen: readonly Role[]): string => (rollen.length ? rollen.join(', ') : 'geen rol');

export const TEXT = {
  menuTerm: 'Beheer',
  menuUitleg: 'Hier beheert u wie de bot mag gebruiken (gebruikers en rollen), de klassen in LDOS en de gegevens van de school.',
  menuVraag: 'Wat wilt u doen?',
  menuHelp: `Rollen: een medewerker maakt dossiers; de directie ook, en haalt ze op in LDOS ("aanvraag overdracht") en plaatst leerlingen in klassen; de beheerder beheert gebruikers, klassen, de school en de leerlingenlijst. Kies een taak met de knop, of "klaar" om te stoppen.`,
  klaar: 'Klaar met beheer.',
  scholen: (lijst: string[]) => `Scholen van het bestuur:\n\n${lijst.map((s) => `- ${md(s)}`).join('\n')}`,
  nieuweSchoolBrinVraag: 'Wat is het BRIN-nummer van de nieuwe school?',
  nieuweSchoolBrinHelp: 'Het BRIN-nummer van de school zelf: 2 cijfers en 2 letters, eventueel met een vestigingscode van 2 cijfers (bijvoorbeeld 34CD of 34CD01).',
  nieuweSchoolNaamVraag: 'Wat is de naam van de nieuwe school?',
  schoolBestaatAl: (brin: string) => `Er is al een school met BRIN ${md(brin)} in dit bestuur; er is niets toegevoegd.`,
  schoolToegevoegd: (school: string) =>
    `${md(school)} is toegevoegd. Voeg nu een beheerder voor die school toe ("schoolbeheerder toevoegen"); die vult de schoolgegevens aan via "beheer" → "school wijzigen" en importeert de leerlingen.`,
  welkeSchoolTerm: 'School',
  welkeSchoolVraag: 'Voor welke school voegt u een beheerder toe?',
  welkeSchoolHelp: 'Kies de school met de knop of het nummer.',
  schoolbeheerderToegevoegd: (naam: string, id: string, school: string) => `${md(naam)} (${md(id)}) is beheerder van ${md(school)}.`,
  brinAlInGebruik: (brin: string) => `BRIN ${md(brin)} hoort al bij een andere school van het bestuur; de schoolgegevens zijn niet opgeslagen.`,
  gebruikers: (lijst: User[]) =>
    lijst.length === 0 ? 'Er zijn nog geen gebruikers.' : `Gebruikers:\n\n${lijst.map((u) => `- ${md(u.naam)} (${md(u.id)}): ${rollenTekst(u.rollen)}`).join('\n')}`,
  idTerm: 'Gebruikers-id',
  idUitleg: 'Het Teams-e-mailadres van de gebruiker, of het gebruikers-id dat de bot noemt aan iemand die nog niet geregistreerd is.',
  idVraag: 'Wat is het gebruikers-id van de gebruiker?',
  idHelp: 'Typ het e-mailadres waarmee de gebruiker in Teams werkt (bijvoorbeeld jan@school.nl): bij het eerste bericht koppelt de bot het aan zijn of haar Teams-account. Of vraag de nieuwe gebruiker om de bot een bericht te sturen: de bot antwoordt met het gebruikers-id (in Teams een lange code met streepjes). Bestaat het id al, dan kunt u naam en rollen wijzigen.',
  bestaandeGebruiker: (u: User) => `${md(u.naam)} is al gebruiker (rollen: ${rollenTekst(u.rollen)}); u kunt de naam en de rollen nu wijzigen.`,
  naamTerm: 'Naam',
  naamVraag: 'Wat is de naam van de gebruiker?',
  naamHelp: 'De naam zoals collega\'s die kennen, bijvoorbeeld "Mieke de Vries". Die naam komt in de geschiedenis van de dossiers.',
  rollenTerm: 'Rollen',
  rollenUitleg: 'medewerker (dossiers maken), directie (ook: dossiers ophalen in LDOS) of beheerder (gebruikers, klassen, school).',
  rollenVraag: 'Welke rol(len) krijgt de gebruiker? Meerdere mag, gescheiden door komma\'s.',
  rollenHelp: 'Typ één of meer van: medewerker, directie, beheerder — bijvoorbeeld "medewerker, directie" — of "alle".',
  rollenFout: (woord: string) => `"${quoteInput(woord)}" is geen rol. Kies uit: medewerker, directie, beheerder (meerdere gescheiden door komma's), of "alle".`,
  rollenLeeg: 'Kies minstens één rol: medewerker, directie of beheerder.',
  toegevoegd: (u: User, nieuw: boolean) => `${md(u.naam)} (${md(u.id)}) is ${nieuw ? 'toegevoegd' : 'bijgewerkt'} met ${u.rollen.length > 1 ? 'de rollen' : 'de rol'}: ${rollenTekst(u.rollen)}.`,
  laatsteBeheerder: 'Dat kan niet: dan is er geen beheerder meer. Geef eerst iemand anders de rol beheerder.',
  wieTerm: 'Gebruiker verwijderen',
  wieVraag: 'Welke gebruiker wilt u verwijderen?',
  wieHelp: 'Kies de gebruiker met de knop of het nummer. Een verwijderde gebruiker kan de bot niet meer gebruiken; de dossiers die hij of zij maakte blijven bestaan.',
  zekerVraag: (u: User) => `Weet u zeker dat u ${md(u.naam)} (${md(u.id)}) wilt verwijderen?`,
  zekerHelp: 'Antwoord ja of nee.',
  verwijderd: (u: User) => `${md(u.naam)} is verwijderd en kan de bot niet meer gebruiken.`,
  nietVerwijderd: 'Er is niemand verwijderd.',
  klassen: (lijst: string[]) => (lijst.length === 0 ? 'Er zijn nog geen klassen in LDOS.' : `Klassen in LDOS: ${lijst.map(md).join(', ')}.`),
  klasTerm: 'Klas in LDOS',
  klasUitleg: 'Leerlingen die u in LDOS ophaalt, plaatst u in een klas.',
  klasVraag: 'Hoe heet de nieuwe klas? Bijvoorbeeld "groep 7".',
  klasHelp: 'Typ de naam van de klas zoals die in LDOS moet heten, bijvoorbeeld "groep 7" of "groep 1/2".',
  klasToegevoegd: (naam: string) => `Klas ${md(naam)} is toegevoegd.`,
  klasBestaat: (naam: string) => `Klas ${md(naam)} bestaat al.`,
  welkeKlasVraag: 'Welke klas wilt u verwijderen?',
  welkeKlasHelp: 'Kies de klas met de knop of het nummer. Leerlingen in die klas blijven in LDOS, zonder klas.',
  klasVerwijderd: (naam: string, n: number) =>
    `Klas ${md(naam)} is verwijderd.${n > 0 ? ` ${n === 1 ? 'Eén leerling stond' : `${n} leerlingen stonden`} in die klas en ${n === 1 ? 'staat' : 'staan'} nu zonder klas in LDOS.` : ''}`,
  geenKlassen: 'Er zijn geen klassen om te verwijderen.',
  school: (s: School | undefined) =>
    s
      ? [
          `School: ${md(s.naam)}`,
          `BRIN-nummer: ${s.brin}`,
          `Soort school: ${s.soort} (${SCHOOL_SOORT_NAMEN[s.soort]})`,
          `Adres: ${s.adres ? md(formatAdres(s.adres)) : NIET_INGEVULD}`,
          `Telefoon: ${s.telefoon ? md(s.telefoon) : NIET_INGEVULD}`,
          `E-mail: ${s.email ? md(s.email) : NIET_INGEVULD}`,
          `Directeur: ${s.directeur ? md(s.directeur) : NIET_INGEVULD}`,
          TEXT.osoSchool(s),
        ].join('\n\n')
      : 'De gegevens van de school zijn nog niet ingevuld. Kies "school wijzigen".',
  osoSchool: (s: School) => {
    const gaps = listSchoolGaps(s).map((g) => g.wat);
    return gaps.length === 0
      ? 'OSO heeft alles wat het van de school nodig heeft.'
      : `Voor OSO ontbreekt nog: ${gaps.join('; ')}. Zonder kan geen dossier gereed worden gemaakt; kies "school wijzigen" om het aan te vullen.`;
  },
  schoolNaamVraag: 'Wat is de naam van de school?',
  schoolNaamHelp: 'De naam van uw school, bijvoorbeeld "Basisschool De Regenboog". Typ "ok" om de huidige naam te houden.',
  brinTerm: 'BRIN-nummer',
  brinUitleg: 'Het BRIN-nummer van uw eigen school. De bot stelt het voor bij "aanvraag overdracht" en bij het gereedmaken van een dossier.',
  brinVraag: 'Wat is het BRIN-nummer van de school?',
  brinHelp: 'Het BRIN-nummer bestaat uit 2 cijfers en 2 letters, bijvoorbeeld 12AB (eventueel met 2 cijfers voor de vestiging: 12AB00). Typ "ok" om het huidige nummer te houden.',
  adresTerm: 'Adres',
  adresUitleg: 'Het bezoekadres van de school. OSO zet het in elk overstapdossier en vraagt erom.',
  adresVraag: 'Wat is het adres van de school? Typ straat en huisnummer, postcode en plaats.',
  adresHelp: `Op één regel, bijvoorbeeld: ${ADRES_VOORBEELD}. Komma's mogen, maar hoeven niet. Typ "ok" om het huidige adres te houden; is er nog geen adres, dan mag "geen" (u vult het later in).`,
  telefoonTerm: 'Telefoon',
  contactUitleg: 'OSO vraagt minstens één manier om de school te bereiken: een telefoonnummer of een e-mailadres.',
  telefoonVraag: 'Wat is het telefoonnummer van de school?',
  telefoonHelp: 'Een Nederlands nummer van 10 cijfers, bijvoorbeeld 030-1234567. Typ "ok" om het huidige nummer te houden, of "geen" als de school geen telefoonnummer opgeeft.',
  emailTerm: 'E-mail',
  emailVraag: 'Wat is het e-mailadres van de school?',
  emailHelp: 'Het algemene adres van de school, bijvoorbeeld info@regenboog.nl. Typ "ok" om het huidige adres te houden, of "geen" als de school geen e-mailadres opgeeft.',
  directeurTerm: 'Directeur',
  directeurUitleg: 'Komt in het overstapdossier; niet verplicht.',
  directeurVraag: 'Wat is de naam van de directeur?',
  directeurHelp: 'Bijvoorbeeld "J. Jansen". Typ "ok" om de huidige naam te houden, of "geen" om het leeg te laten.',
  soortTerm: 'Soort school',
  soortUitleg: 'Bepaalt welke groepen (jaargroepen) en adviezen OSO verwacht.',
  soortVraag: 'Wat voor school is het?',
  soortHelp: `Kies ${SCHOOL_SOORTEN.map((s) => `${s} (${SCHOOL_SOORT_NAMEN[s]})`).join(', ')}. Typ "ok" om de huidige soort te houden.`,
  schoolOpgeslagen: (s: School) => `Opgeslagen: ${md(s.naam)}, BRIN-nummer ${s.brin}.\n\n${TEXT.osoSchool(s)}`,
  eersteStart: (naam: string) =>
    `Welkom, ${md(naam)}. U bent de eerste beheerder van de OSO-overstapbot van uw school. We zetten samen drie dingen klaar: de gegevens van de school, de leerlingenlijst uit Esis en de collega's die de bot gaan gebruiken. Typ bij elke vraag "help" voor uitleg.`,
  eersteStartGebruikers:
    'Tot slot de collega\'s: kies "gebruiker toevoegen" en vul hun Teams-e-mailadres in, hun naam en hun rol (medewerker, directie of beheerder). Wilt u zelf ook dossiers maken of ophalen in LDOS, kies dan "gebruiker toevoegen" met uw eigen e-mailadres en geef uzelf ook de rol medewerker of directie.',
  rosterTerm: 'Leerlingenlijst',
  rosterUitleg:
    'De bot zoekt leerlingen in de lijst uit Esis. Een nieuwe lijst werkt de leerlingen bij (op BSN); goede rijen worden geïmporteerd, foute rijen krijgt u te zien.',
  rosterVraag: 'Stuur de leerlingenlijst (de export uit Esis, als CSV-bestand) hier in de chat, met de paperclip. Of typ "later".',
  rosterHelp:
    'Exporteer in Esis de leerlingen met in elk geval de kolommen bsn (of onderwijsnummer), voornamen, achternaam, geboortedatum en groep, en sla de lijst op als CSV (puntkomma of komma). De kolommen staan in docs/roster.md. Stuur het bestand met de paperclip; typ "later" om het later te doen via "beheer" → "leerlingen importeren".',
  rosterGeenBestand: 'Ik zie geen bestand. Stuur de leerlingenlijst als bijlage (paperclip), of typ "later".',
  rosterLater: 'Goed. U kunt de leerlingenlijst later sturen: "beheer" → "leerlingen importeren".',
};
const LATER = new Set(['later', 'geen', 'nee', 'niet nu', 'overslaan', 'sla over', 'klaar']);

const NIET_INGEVULD = '(niet ingevuld)';

const PROMPT = 'beheer.vraag';
const MENU = 'beheer.menu';
const GEBRUIKER_TOEVOEGEN = 'beheer.gebruikerToevoegen';
const GEBRUIKER_VERWIJDEREN = 'beheer.gebruikerVerwijderen';
const KLAS_TOEVOEGEN = 'beheer.klasToevoegen';
const KLAS_VERWIJDEREN = 'beheer.klasVerwijderen';
const SCHOOL_WIJZIGEN = 'beheer.schoolWijzigen';
const LEERLINGEN_IMPORTEREN = 'beheer.leerlingenImporteren';
const EERSTE_START = 'beheer.eersteStart';
const SCHOOL_TOEVOEGEN = 'beheer.schoolToevoegen';
const SCHOOLBEHEERDER_TOEVOEGEN = 'beheer.schoolbeheerderToevoegen';

/** What the roster question receives: files, or "later". */
type RosterAntwoord = { bestanden: IncomingFile[] } | { later: true };

/** "medewerker, directie", "directie en beheerder", "alle". */
export function parseRollen(input: string): Result<Role[]> {
  const t = plain(input);
  if (t === 'alle' || t === 'alles') return ok([...ROLES]);
  const woorden = t.split(/\s*(?:,|\ben\b|\s)\s*/).filter(Boolean);
  if (woorden.length === 0) return fail('leeg', TEXT.rollenLeeg);
  const rollen: Role[] = [];
  for (const w of woorden) {
    const rol = parseRole(w);
    if (!rol) return fail('rol', TEXT.rollenFout(w));
    if (!rollen.includes(rol)) rollen.push(rol);
  }
  return ok(ROLES.filter((r) => rollen.includes(r)));
}

/** What a task remembers between its questions. */
const vals = (step: WaterfallStepContext): { id?: string; naam?: string } => step.values as { id?: string; naam?: string };

/**
 * An answer to a school field that may stay empty: keep what is stored ("ok", or the same
 * value again), clear it ("geen"), or a new value. "ok" keeps the stored value as it is, so a
 * value the parser would now refuse is never lost by confirming it.
 */
type VeldAntwoord = { houden: true } | { leeg: true } | { waarde: unknown };
interface VeldArgs {
  /** The parser for a new value. */
  parser: string;
  args?: unknown;
  /** The stored value as shown; typing it (or "ok") keeps it. */
  huidig?: string;
  /** Whether "geen" may leave the field empty. */
  wisbaar: boolean;
}
const GEEN = new Set(['geen', 'leeg', 'niets', 'niks', '-', 'geen idee', 'later']);

const SCHOOL_VELDEN = ['adres', 'telefoon', 'email', 'directeur'] as const;
type SchoolVeld = (typeof SCHOOL_VELDEN)[number];
type SchoolWaarden = { naam?: string; brin?: string } & Partial<Record<SchoolVeld, VeldAntwoord>>;
const schoolVals = (step: WaterfallStepContext): SchoolWaarden => step.values as SchoolWaarden;

const heeftBeheerder = (users: User[]): boolean => users.some((u) => u.rollen.includes('beheerder'));

export class BeheerDialog extends ConversationDialog {
  constructor(private readonly services: BotServices) {
    super(BEHEER);
    const parsers: Record<string, AnswerParser> = {
      ...commonParsers(services.repos),
      rollen: ({ text }) => parseRollen(text),
      adres: ({ text }) => parseAdres(text),
      email: ({ text }) => parseSchoolEmail(text),
      soort: ({ text }) => parseSchoolSoort(text),
      rooster: ({ text, context }): Result<RosterAntwoord> => {
        const bestanden = incomingFiles(context.activity.attachments);
        if (bestanden.length > 0) return ok({ bestanden });
        if (LATER.has(plain(text))) return ok({ later: true });
        return fail('rooster', TEXT.rosterGeenBestand);
      },
    };
    parsers.schoolVeld = async (answer: Answer, a: VeldArgs): Promise<Result<VeldAntwoord>> => {
      if (a.huidig !== undefined && answer.text === a.huidig) return ok({ houden: true });
      if (a.wisbaar && GEEN.has(plain(answer.text))) return ok({ leeg: true });
      const r = await parsers[a.parser]!(answer, a.args);
      return r.ok ? ok({ waarde: r.value }) : r;
    };
    this.addDialog(new QuestionPrompt(PROMPT, parsers));
    const w = <T extends (step: WaterfallStepContext) => Promise<DialogTurnResult>>(f: T) => f.bind(this);
    this.addDialog(new WaterfallDialog(MENU, [w(this.askTaak), w(this.runTaak), w(this.again)]));
    this.addDialog(new WaterfallDialog(GEBRUIKER_TOEVOEGEN, [w(this.askId), w(this.askNaam), w(this.askRollen), w(this.saveUser)]));
    this.addDialog(new WaterfallDialog(GEBRUIKER_VERWIJDEREN, [w(this.askWie), w(this.askZeker), w(this.removeUser)]));
    this.addDialog(new WaterfallDialog(KLAS_TOEVOEGEN, [w(this.askKlasNaam), w(this.saveKlas)]));
    this.addDialog(new WaterfallDialog(KLAS_VERWIJDEREN, [w(this.askWelkeKlas), w(this.removeKlas)]));
    this.addDialog(
      new WaterfallDialog(SCHOOL_WIJZIGEN, [
        w(this.askSchoolNaam),
        w(this.askSchoolBrin),
        w(this.askSchoolAdres),
        w(this.askSchoolTelefoon),
        w(this.askSchoolEmail),
        w(this.askSchoolDirecteur),
        w(this.askSchoolSoort),
        w(this.saveSchool),
      ]),
    );
    this.addDialog(new WaterfallDialog(LEERLINGEN_IMPORTEREN, [w(this.askRoster), w(this.importRoster)]));
    this.addDialog(new WaterfallDialog(EERSTE_START, [w(this.startSchool), w(this.startRoster), w(this.startUsers)]));
    this.addDialog(new WaterfallDialog(SCHOOL_TOEVOEGEN, [w(this.askNieuweBrin), w(this.askNieuweNaam), w(this.addSchool)]));
    this.addDialog(new WaterfallDialog(SCHOOLBEHEERDER_TOEVOEGEN, [w(this.askWelkeSchool), w(this.askIdVoorSchool), w(this.askBeheerderNaam), w(this.saveSchoolbeheerder)]));
    this.initialDialogId = MENU;
  }

  // --- menu -------------------------------------------------------------------------------

  private async askTaak(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const taken: string[] = [...Object.values(TAKEN), ...(this.bestuur(step) ? Object.values(BESTUUR_TAKEN) : [])];
    const keuzes: Keuze[] = taken.map((t) => ({ titel: t, waarde: t }));
    const options = step.options as StartOptions | undefined;
    if (options?.eersteStart) return step.next(EERSTE_START_TAAK);
    // "beheer klassen tonen" goes straight to the task.
    const typed = options?.text ?? '';
    const direct = typed ? parseKeuze(typed, keuzes) : undefined;
    if (direct?.ok) return step.next(direct.value);
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.menuTerm,
        uitleg: TEXT.menuUitleg,
        vraag: TEXT.menuVraag,
        knoppen: keuzes.map((k) => k.titel),
        help: TEXT.menuHelp,
        parser: PARSER.keuze,
        args: { keuzes } satisfies KeuzeArgs,
      }),
    );
  }

  private async runTaak(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { repos } = this.services;
    switch (step.result as Taak) {
      case TAKEN.gebruikers:
        await step.context.sendActivity(TEXT.gebruikers(await repos.users.list()));
        return step.next();
      case TAKEN.klassen:
        await step.context.sendActivity(TEXT.klassen(await repos.ldos.classes()));
        return step.next();
      case TAKEN.school:
        await step.context.sendActivity(TEXT.school(await repos.school.get()));
        return step.next();
      case TAKEN.gebruikerToevoegen:
        return step.beginDialog(GEBRUIKER_TOEVOEGEN);
      case TAKEN.gebruikerVerwijderen:
        return step.beginDialog(GEBRUIKER_VERWIJDEREN);
      case TAKEN.klasToevoegen:
        return step.beginDialog(KLAS_TOEVOEGEN);
      case TAKEN.klasVerwijderen:
        return step.beginDialog(KLAS_VERWIJDEREN);
      case TAKEN.schoolWijzigen:
        return step.beginDialog(SCHOOL_WIJZIGEN);
      case TAKEN.leerlingenImporteren:
        return step.beginDialog(LEERLINGEN_IMPORTEREN);
      case EERSTE_START_TAAK:
        return step.beginDialog(EERSTE_START);
      case BESTUUR_TAKEN.scholen:
        await step.context.sendActivity(TEXT.scholen((await this.bestuur(step)!.choices()).map(schoolLabel)));
        return step.next();
      case BESTUUR_TAKEN.schoolToevoegen:
        return step.beginDialog(SCHOOL_TOEVOEGEN);
      case BESTUUR_TAKEN.schoolbeheerderToevoegen:
        return step.beginDialog(SCHOOLBEHEERDER_TOEVOEGEN);
      default:
        await step.context.sendActivity(TEXT.klaar);
        return step.endDialog();
    }
  }

  /** The menu again, until "klaar". */
  private async again(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(MENU, { text: '' });
  }

  // --- gebruiker toevoegen (or change name and roles) ---------------------------------------

  private async askId(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.idTerm,
        uitleg: TEXT.idUitleg,
        vraag: TEXT.idVraag,
        help: TEXT.idHelp,
        parser: PARSER.tekst,
        args: { wat: 'het gebruikers-id', voorbeeld: '29:1a2b3c of 8f6e…-…', max: 200 } satisfies TekstArgs,
      }),
    );
  }

  private async askNaam(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = answerOf<string>(step);
    const { users } = this.services.repos;
    if (id !== undefined) {
      // An e-mail address of someone already linked to their Teams account means that user.
      const gekoppeld = looksLikeEmail(id) && !(await users.get(id)) ? await users.findByEmail(id) : undefined;
      vals(step).id = gekoppeld?.id ?? id;
    }
    const bestaand = await users.get(vals(step).id!);
    if (bestaand && id !== undefined) await step.context.sendActivity(TEXT.bestaandeGebruiker(bestaand));
    return this.vraagNaam(step, bestaand?.naam);
  }

  /** The person's name; a known person's name is proposed. */
  private vraagNaam(step: WaterfallStepContext, bekend: string | undefined): Promise<DialogTurnResult> {
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.naamTerm,
        vraag: TEXT.naamVraag,
        ...(bekend ? { standaard: bekend, knoppen: [bekend] } : {}),
        help: TEXT.naamHelp,
        parser: PARSER.tekst,
        args: { wat: 'de naam', voorbeeld: 'Mieke de Vries', max: 100 } satisfies TekstArgs,
      }),
    );
  }

  private async askRollen(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const naam = answerOf<string>(step);
    if (naam !== undefined) vals(step).naam = naam;
    const bestaand = await this.services.repos.users.get(vals(step).id!);
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.rollenTerm,
        uitleg: TEXT.rollenUitleg,
        vraag: TEXT.rollenVraag,
        knoppen: ['medewerker', 'directie', 'beheerder', 'medewerker, directie'],
        ...(bestaand ? { standaard: bestaand.rollen.join(', ') } : {}),
        help: TEXT.rollenHelp,
        parser: 'rollen',
      }),
    );
  }

  private async saveUser(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { users } = this.services.repos;
    const id = vals(step).id!;
    const bestaand = await users.get(id);
    // An e-mail address as id: the bot links it to the Teams account at the first message.
    const email = !bestaand?.email && looksLikeEmail(id) ? { email: id.toLowerCase() } : {};
    const user: User = { ...bestaand, ...email, id, naam: vals(step).naam!, rollen: step.result as Role[] };
    const others = (await users.list()).filter((u) => u.id !== id);
    if (!heeftBeheerder([...others, user])) {
      await step.context.sendActivity(TEXT.laatsteBeheerder);
      return step.endDialog();
    }
    await users.save(user);
    await step.context.sendActivity(TEXT.toegevoegd(user, !bestaand));
    return step.endDialog();
  }

  // --- gebruiker verwijderen ----------------------------------------------------------------

  private async askWie(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const keuzes: Keuze[] = (await this.services.repos.users.list()).map((u) => ({ titel: `${u.naam} (${u.id})`, waarde: u.id }));
    return step.prompt(
      PROMPT,
      question({ term: TEXT.wieTerm, vraag: TEXT.wieVraag, knoppen: keuzes.map((k) => k.titel), help: TEXT.wieHelp, parser: PARSER.keuze, args: { keuzes } satisfies KeuzeArgs }),
    );
  }

  private async askZeker(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = answerOf<string>(step);
    if (id !== undefined) vals(step).id = id;
    const user = await this.services.repos.users.get(vals(step).id!);
    if (!user) return step.endDialog();
    return step.prompt(PROMPT, question({ vraag: TEXT.zekerVraag(user), knoppen: ['ja', 'nee'], help: TEXT.zekerHelp, parser: PARSER.jaNee }));
  }

  private async removeUser(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { users } = this.services.repos;
    const user = await users.get(vals(step).id!);
    if (step.result !== true || !user) {
      await step.context.sendActivity(TEXT.nietVerwijderd);
      return step.endDialog();
    }
    if (!heeftBeheerder((await users.list()).filter((u) => u.id !== user.id))) {
      await step.context.sendActivity(TEXT.laatsteBeheerder);
      return step.endDialog();
    }
    await users.remove(user.id);
    await step.context.sendActivity(TEXT.verwijderd(user));
    // Removing oneself ends the conversation: the next message meets the "not registered" reply.
    if (user.id === currentUser(step.context).id) return step.cancelAllDialogs();
    return step.endDialog();
  }

  // --- klassen ------------------------------------------------------------------------------

  private async askKlasNaam(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.klasTerm,
        uitleg: TEXT.klasUitleg,
        vraag: TEXT.klasVraag,
        help: TEXT.klasHelp,
        parser: PARSER.tekst,
        args: { wat: 'de naam van de klas', voorbeeld: 'groep 7', max: 50 } satisfies TekstArgs,
      }),
    );
  }

  private async saveKlas(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const naam = step.result as string;
    const added = await this.services.repos.ldos.addClass(naam);
    await step.context.sendActivity(added ? TEXT.klasToegevoegd(naam) : TEXT.klasBestaat(naam));
    return step.endDialog();
  }

  private async askWelkeKlas(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const klassen = await this.services.repos.ldos.classes();
    if (klassen.length === 0) {
      await step.context.sendActivity(TEXT.geenKlassen);
      return step.endDialog();
    }
    const keuzes: Keuze[] = klassen.map((k) => ({ titel: k, waarde: k }));
    return step.prompt(
      PROMPT,
      question({ term: TEXT.klasTerm, vraag: TEXT.welkeKlasVraag, knoppen: klassen, help: TEXT.welkeKlasHelp, parser: PARSER.keuze, args: { keuzes } satisfies KeuzeArgs }),
    );
  }

  private async removeKlas(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { ldos } = this.services.repos;
    const naam = step.result as string;
    await ldos.removeClass(naam);
    const inKlas = (await ldos.list()).filter((l) => l.klas?.toLowerCase() === naam.toLowerCase());
    for (const l of inKlas) await ldos.placeInClass(l.leerlingnummer, undefined);
    await step.context.sendActivity(TEXT.klasVerwijderd(naam, inKlas.length));
    return step.endDialog();
  }

  // --- school -------------------------------------------------------------------------------

  private async askSchoolNaam(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const school = await this.services.repos.school.get();
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.naamTerm,
        vraag: TEXT.schoolNaamVraag,
        ...(school ? { standaard: school.naam, knoppen: [school.naam] } : {}),
        help: TEXT.schoolNaamHelp,
        parser: PARSER.tekst,
        args: { wat: 'de naam van de school', voorbeeld: 'Basisschool De Regenboog', max: 100 } satisfies TekstArgs,
      }),
    );
  }

  private async askSchoolBrin(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const naam = answerOf<string>(step);
    if (naam !== undefined) schoolVals(step).naam = naam;
    const school = await this.services.repos.school.get();
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.brinTerm,
        uitleg: TEXT.brinUitleg,
        vraag: TEXT.brinVraag,
        ...(school ? { standaard: school.brin, knoppen: [school.brin] } : {}),
        help: TEXT.brinHelp,
        parser: PARSER.brin,
      }),
    );
  }

  /** One optional school field: "ok" for the stored value, "geen" to leave it empty. */
  private async askSchoolVeld(
    step: WaterfallStepContext,
    vorigVeld: SchoolVeld | 'brin',
    spec: { term: string; uitleg?: string; vraag: string; help: string; parser: string; args?: unknown; huidig?: string; wisbaar: boolean },
  ): Promise<DialogTurnResult> {
    const antwoord = answerOf<unknown>(step);
    if (antwoord !== undefined) (schoolVals(step) as Record<string, unknown>)[vorigVeld] = antwoord;
    const { huidig, wisbaar, parser, args, ...tekst } = spec;
    const knoppen = [...(huidig !== undefined ? [huidig] : []), ...(wisbaar ? ['geen'] : [])];
    return step.prompt(
      PROMPT,
      question({
        ...tekst,
        ...(huidig !== undefined ? { standaard: huidig } : {}),
        knoppen,
        parser: 'schoolVeld',
        args: { parser, args, huidig, wisbaar } satisfies VeldArgs,
      }),
    );
  }

  private async askSchoolAdres(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const adres = (await this.services.repos.school.get())?.adres;
    return this.askSchoolVeld(step, 'brin', {
      term: TEXT.adresTerm,
      uitleg: TEXT.adresUitleg,
      vraag: TEXT.adresVraag,
      help: TEXT.adresHelp,
      parser: 'adres',
      ...(adres ? { huidig: formatAdres(adres) } : {}),
      // Clearing a stored address helps no one; skipping a missing one may.
      wisbaar: !adres,
    });
  }

  private async askSchoolTelefoon(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const telefoon = (await this.services.repos.school.get())?.telefoon;
    return this.askSchoolVeld(step, 'adres', {
      term: TEXT.telefoonTerm,
      uitleg: TEXT.contactUitleg,
      vraag: TEXT.telefoonVraag,
      help: TEXT.telefoonHelp,
      parser: PARSER.telefoon,
      ...(telefoon ? { huidig: telefoon } : {}),
      wisbaar: true,
    });
  }

  private async askSchoolEmail(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const email = (await this.services.repos.school.get())?.email;
    return this.askSchoolVeld(step, 'telefoon', {
      term: TEXT.emailTerm,
      vraag: TEXT.emailVraag,
      help: TEXT.emailHelp,
      parser: 'email',
      ...(email ? { huidig: email } : {}),
      wisbaar: true,
    });
  }

  private async askSchoolDirecteur(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const directeur = (await this.services.repos.school.get())?.directeur;
    return this.askSchoolVeld(step, 'email', {
      term: TEXT.directeurTerm,
      uitleg: TEXT.directeurUitleg,
      vraag: TEXT.directeurVraag,
      help: TEXT.directeurHelp,
      parser: PARSER.tekst,
      args: { wat: 'de naam van de directeur', voorbeeld: 'J. Jansen', max: 100 } satisfies TekstArgs,
      ...(directeur ? { huidig: directeur } : {}),
      wisbaar: true,
    });
  }

  private async askSchoolSoort(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const antwoord = answerOf<VeldAntwoord>(step);
    if (antwoord !== undefined) schoolVals(step).directeur = antwoord;
    const soort = (await this.services.repos.school.get())?.soort ?? 'BAO';
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.soortTerm,
        uitleg: TEXT.soortUitleg,
        vraag: TEXT.soortVraag,
        knoppen: [...SCHOOL_SOORTEN],
        standaard: soort,
        help: TEXT.soortHelp,
        parser: 'soort',
      }),
    );
  }

  private async saveSchool(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = schoolVals(step);
    const next: Record<string, unknown> = { ...(await this.services.repos.school.get()), naam: v.naam!, brin: v.brin!, soort: step.result };
    for (const veld of SCHOOL_VELDEN) {
      const a = v[veld];
      if (a && 'leeg' in a) delete next[veld];
      else if (a && 'waarde' in a) next[veld] = a.waarde;
    }
    const school = schoolSchema.parse(next);
    // Two schools of one board never share a BRIN: the BRIN is how staff and the CLI pick a school.
    const board = this.services.board;
    const own = await this.services.repos.school.get();
    if (board && school.brin !== own?.brin && (await board.findByBrin(school.brin))?.brin === school.brin) {
      await step.context.sendActivity(TEXT.brinAlInGebruik(school.brin));
      return step.endDialog();
    }
    await this.services.repos.school.save(school);
    await step.context.sendActivity(TEXT.schoolOpgeslagen(school));
    return step.endDialog();
  }

  // --- the board's schools (bestuursbeheerder) ---------------------------------------------

  /** The board, for a bestuursbeheerder only (the role is checked again at every task). */
  private bestuur(step: WaterfallStepContext): Board | undefined {
    return currentUser(step.context).bestuursbeheerder ? this.services.board : undefined;
  }

  private async askNieuweBrin(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(PROMPT, question({ term: TEXT.brinTerm, vraag: TEXT.nieuweSchoolBrinVraag, help: TEXT.nieuweSchoolBrinHelp, parser: PARSER.brin }));
  }

  private async askNieuweNaam(step: WaterfallStepContext): Promise<DialogTurnResult> {
    schoolVals(step).brin = answerOf<string>(step) ?? schoolVals(step).brin;
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.naamTerm,
        vraag: TEXT.nieuweSchoolNaamVraag,
        help: TEXT.schoolNaamHelp,
        parser: PARSER.tekst,
        args: { wat: 'de naam van de school', voorbeeld: 'Basisschool De Vlinder', max: 100 } satisfies TekstArgs,
      }),
    );
  }

  private async addSchool(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const board = this.bestuur(step);
    const brin = schoolVals(step).brin!;
    if (!board) return step.endDialog();
    const added = await board.addSchool(schoolSchema.parse({ brin, naam: step.result as string }));
    await step.context.sendActivity(added ? TEXT.schoolToegevoegd(schoolLabel(added)) : TEXT.schoolBestaatAl(brin));
    return step.endDialog();
  }

  private async askWelkeSchool(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const board = this.bestuur(step);
    if (!board) return step.endDialog();
    const keuzes: Keuze[] = (await board.choices()).map((c) => ({ titel: schoolLabel(c), waarde: c.entry.id }));
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.welkeSchoolTerm,
        vraag: TEXT.welkeSchoolVraag,
        knoppen: keuzes.map((k) => k.titel),
        help: TEXT.welkeSchoolHelp,
        parser: PARSER.keuze,
        args: { keuzes } satisfies KeuzeArgs,
      }),
    );
  }

  private async askIdVoorSchool(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as { school?: string }).school = step.result as string;
    return this.askId(step);
  }

  private async askBeheerderNaam(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = answerOf<string>(step);
    if (id !== undefined) vals(step).id = id;
    const board = this.bestuur(step);
    const bestaand = board ? await board.people.get(vals(step).id!) : undefined;
    return this.vraagNaam(step, bestaand?.naam);
  }

  private async saveSchoolbeheerder(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const board = this.bestuur(step);
    const v = step.values as { id?: string; school?: string };
    if (!board) return step.endDialog();
    const school = (await board.choices()).find((c) => c.entry.id === v.school);
    if (!school) return step.endDialog();
    const users = board.repositoriesFor(school.entry).users;
    const id = v.id!;
    const naam = step.result as string;
    const bestaand = await users.get(id);
    await users.save({ ...bestaand, id, naam, ...(looksLikeEmail(id) ? { email: id } : {}), rollen: [...new Set([...(bestaand?.rollen ?? []), 'beheerder' as const])] });
    await step.context.sendActivity(TEXT.schoolbeheerderToegevoegd(naam, id, schoolLabel(school)));
    return step.endDialog();
  }

  // --- leerlingen importeren ----------------------------------------------------------------

  private async askRoster(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      PROMPT,
      question({
        term: TEXT.rosterTerm,
        uitleg: TEXT.rosterUitleg,
        vraag: TEXT.rosterVraag,
        knoppen: ['later'],
        help: TEXT.rosterHelp,
        parser: 'rooster',
      }),
    );
  }

  /** Each file imported as the admin CLI does, with its row report. */
  private async importRoster(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const antwoord = step.result as RosterAntwoord;
    if (!('bestanden' in antwoord)) {
      await step.context.sendActivity(TEXT.rosterLater);
      return step.endDialog();
    }
    const { repos, clock } = this.services;
    // Downloading and importing a large roster takes a few seconds.
    await showTyping(step.context);
    for (const bestand of antwoord.bestanden) {
      const ownBrin = (await repos.school.get())?.brin;
      const outcome = await importRosterUpload(repos.pupils, bestand, {
        today: todayIn(clock),
        sources: this.services.attachmentSources,
        ...(ownBrin ? { ownBrin } : {}),
      });
      await step.context.sendActivity(md(outcome.lines.join('\n\n')));
    }
    return step.endDialog();
  }

  // --- eerste start (FIRST_BEHEERDER) -------------------------------------------------------

  private async startSchool(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(TEXT.eersteStart(currentUser(step.context).naam));
    return step.beginDialog(SCHOOL_WIJZIGEN);
  }

  private async startRoster(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(LEERLINGEN_IMPORTEREN);
  }

  private async startUsers(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(TEXT.eersteStartGebruikers);
    return step.endDialog();
  }
}
