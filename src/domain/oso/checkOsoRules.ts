/**
 * The OSO rules a dossier's data must meet before it can be made ready: what the XSD and the
 * official validator demand of an overstapdossier, checked in terms staff understand. Every
 * problem says what is missing and where to fix it: pupil data in Esis (then import the roster
 * again), school data in "beheer" → "school wijzigen" (or the admin CLI), attachments in the
 * dossier itself.
 */
import type { Problem, Result } from '../result';
import { fail, ok } from '../result';
import * as brin from '../identifiers/brin';
import * as leerlingnummer from '../identifiers/leerlingnummer';
import { displayName } from '../pupil';
import type { School } from '../school';
import { formatDutchDate } from '../dates';
import {
  AANDACHTSPUNTEN_MAX, BIJLAGE_EXTENSIES, isAllowedBijlage, isOsoEmail, jaargroepCode,
} from './osoCodes';
import { datumInschrijving, delivered, schooladviesCode, selectOsoData, type OsoInput } from './selection';

export type OsoRuleCode =
  | 'school-brin'
  | 'school-adres'
  | 'school-contact'
  | 'school-email'
  | 'leerling-nummer'
  | 'leerling-geboortedatum'
  | 'leerling-adres'
  | 'leerling-inschrijving'
  | 'leerling-id'
  | 'leerling-email'
  | 'verzorger'
  | 'verzorger-email'
  | 'schoolloopbaan'
  | 'jaargroep'
  | 'advies'
  | 'toets-code'
  | 'aandachtspunten'
  | 'bijlage-inhoud'
  | 'bijlage-type';

const ESIS = 'vul dat aan in Esis en importeer de leerlingenlijst opnieuw';
/** Where school data is fixed: the beheerder in the chat, or IT with the admin CLI. */
export const SCHOOL_AANVULLEN = 'via "beheer" → "school wijzigen", of IT via "npm run admin -- school"';
const BEHEER = `laat de beheerder dat aanvullen ${SCHOOL_AANVULLEN}`;

export type SchoolRuleCode = Extract<OsoRuleCode, `school-${string}`>;

/** What OSO needs of the own school and it does not have yet, with what is missing in words. */
export function listSchoolGaps(school: School): { code: SchoolRuleCode; wat: string }[] {
  const gaps: { code: SchoolRuleCode; wat: string }[] = [];
  if (!brin.isValid(school.brin)) gaps.push({ code: 'school-brin', wat: 'een geldig BRIN-nummer' });
  if (!school.adres) gaps.push({ code: 'school-adres', wat: 'het adres' });
  if (!school.telefoon?.trim() && !school.email?.trim()) gaps.push({ code: 'school-contact', wat: 'een telefoonnummer of e-mailadres' });
  if (school.email?.trim() && !isOsoEmail(school.email.trim())) gaps.push({ code: 'school-email', wat: 'een e-mailadres dat aan de OSO-regels voldoet' });
  return gaps;
}

const SCHOOL_PROBLEMS: Record<SchoolRuleCode, (school: School) => string> = {
  'school-brin': (school) => `De school heeft geen geldig BRIN-nummer ("${school.brin}"); ${BEHEER}.`,
  'school-adres': () => `Het adres van de school ontbreekt en OSO vraagt erom; ${BEHEER}.`,
  'school-contact': () => `De school heeft geen telefoonnummer en geen e-mailadres; OSO vraagt minstens één van de twee; ${BEHEER}.`,
  'school-email': (school) => `Het e-mailadres van de school (${school.email}) voldoet niet aan de OSO-regels; ${BEHEER}.`,
};

/** Every problem with the data, in the order a user would fix them; empty when all is well. */
export function listOsoProblems(input: OsoInput): Problem<OsoRuleCode>[] {
  const { dossier, pupil, school, today } = input;
  const sel = selectOsoData(input);
  const problems: Problem<OsoRuleCode>[] = [];
  const add = (code: OsoRuleCode, message: string): void => {
    problems.push({ code, message });
  };
  const naam = displayName(pupil);

  // School
  for (const gap of listSchoolGaps(school)) add(gap.code, SCHOOL_PROBLEMS[gap.code](school));

  // Leerling
  if (!leerlingnummer.isValid(pupil.leerlingnummer)) {
    add('leerling-nummer', `${naam} heeft geen geldig BSN of onderwijsnummer in de leerlingadministratie; ${ESIS}.`);
  }
  if (!pupil.geboortedatum || !isRealIsoDate(pupil.geboortedatum)) {
    add('leerling-geboortedatum', `${naam} heeft geen geboortedatum in de leerlingadministratie; vul die eerst aan in Esis en importeer de leerlingenlijst opnieuw.`);
  } else if (pupil.geboortedatum > today) {
    add('leerling-geboortedatum', `De geboortedatum van ${naam} (${formatDutchDate(pupil.geboortedatum)}) ligt in de toekomst; verbeter die in Esis en importeer de leerlingenlijst opnieuw.`);
  }
  if (!pupil.adres && pupil.adresGeheim !== true) {
    add('leerling-adres', `${naam} heeft geen adres in de leerlingadministratie (en het adres is niet als geheim gemarkeerd); ${ESIS}.`);
  }
  if (!datumInschrijving(pupil)) {
    add('leerling-inschrijving', `Van ${naam} is geen inschrijfdatum bekend; OSO vraagt die. Vul die aan in Esis (in de leerlingenlijst de kolom datum_inschrijving) en importeer de leerlingenlijst opnieuw.`);
  }
  if (dossier.soortOverstap === 'POVO' && !pupil.leerlingId?.trim()) {
    add('leerling-id', `Bij POVO vraagt OSO de code van ${naam} in uw eigen leerlingadministratie (leerlingid); vul die aan in Esis (in de leerlingenlijst de kolom leerlingid) en importeer de leerlingenlijst opnieuw.`);
  }
  if (pupil.email?.trim() && !isOsoEmail(pupil.email.trim())) {
    add('leerling-email', `Het e-mailadres van ${naam} (${pupil.email}) voldoet niet aan de OSO-regels; verbeter het in Esis en importeer de leerlingenlijst opnieuw.`);
  }

  // Ouders/verzorgers
  if (delivered(sel.uitlevering.oudersverzorgers)) {
    // A carer who is not the legal representative (a grandmother, a sibling) still goes along,
    // marked as such in the document: that does not stop the dossier.
    if (pupil.verzorgers.length === 0) {
      add('verzorger', `Bij ${naam} staat geen ouder of verzorger in de leerlingadministratie; ${ESIS}.`);
    }
    for (const v of pupil.verzorgers) {
      if (v.email?.trim() && !isOsoEmail(v.email.trim())) {
        add('verzorger-email', `Het e-mailadres van verzorger ${v.achternaam} (${v.email}) voldoet niet aan de OSO-regels; verbeter het in Esis en importeer de leerlingenlijst opnieuw.`);
      }
    }
  }

  // Schoolloopbaan, within the chosen school years
  if (delivered(sel.uitlevering.schoolloopbaan)) {
    const jaren = sel.schooljaren.map((y) => `${y}-${y + 1}`);
    if (sel.schoolloopbaan.length === 0) {
      const welke = jaren.length === 1 ? `schooljaar ${jaren[0]}` : `de schooljaren ${jaren.join(', ')}`;
      add('schoolloopbaan', `${naam} heeft geen schoolloopbaan in ${welke}; ${ESIS}, of kies meer schooljaren.`);
    }
    for (const s of sel.schoolloopbaan) {
      if (!jaargroepCode(s, school.soort)) {
        add('jaargroep', `In de schoolloopbaan van ${naam} (${s.schooljaar}, groep "${s.groep}") ontbreekt de jaargroep; ${ESIS}.`);
      }
    }
  }

  // Overstapadvies
  if (delivered(sel.uitlevering.overstapadvies)) {
    const advies = pupil.overstapadvies?.advies?.trim();
    if (dossier.soortOverstap === 'POVO' && school.soort !== 'SO' && !schooladviesCode(input)) {
      add(
        'advies',
        advies
          ? `Het schooladvies van ${naam} ("${advies}") is geen code uit de OSO-codelijst "Advies VO"; bij POVO is die code verplicht. ${capital(ESIS)}.`
          : `${naam} heeft geen schooladvies voor het voortgezet onderwijs; bij POVO is dat verplicht. ${capital(ESIS)}.`,
      );
    }
    const punten = pupil.overstapadvies?.aandachtspunten?.trim();
    if (punten && punten.length > AANDACHTSPUNTEN_MAX) {
      add('aandachtspunten', `De aandachtspunten bij ${naam} zijn ${punten.length} tekens; OSO staat er hoogstens ${AANDACHTSPUNTEN_MAX} toe. Kort ze in in Esis en importeer de leerlingenlijst opnieuw.`);
    }
  }

  // Toetsresultaten: OSO identifies a test by its code in the ELD toetsenlijst.
  for (const t of sel.toetsresultaten) {
    if (!t.code?.trim()) {
      add('toets-code', `De toets "${t.toets}" van ${naam} (${formatDutchDate(t.datum)}) heeft geen toetscode uit de ELD-toetsenlijst; OSO vraagt die. Vul de code aan in Esis en importeer de leerlingenlijst opnieuw, of kies Toetsresultaten niet.`);
    }
  }

  // Bijlagen (only when Bijlagedocs is chosen)
  for (const b of sel.bijlagen) {
    if (!isAllowedBijlage(b.naam)) {
      add('bijlage-type', `De bijlage "${b.naam}" heeft een bestandstype dat OSO niet toestaat (toegestaan: ${BIJLAGE_EXTENSIES.map((e) => e.toUpperCase()).join(', ')}); verwijder de bijlage of stuur hem opnieuw als bijvoorbeeld PDF.`);
    }
    const content = input.bijlageInhoud?.[b.id];
    if (!content || content.length === 0) {
      add('bijlage-inhoud', `De inhoud van de bijlage "${b.naam}" is niet meer te vinden; stuur de bijlage opnieuw of verwijder hem uit het dossier.`);
    }
  }

  return problems;
}

/** The same check as one result, in the style of the other domain checks: all problems in one message. */
export function checkOsoRules(input: OsoInput): Result<true, OsoRuleCode> {
  const problems = listOsoProblems(input);
  if (problems.length === 0) return ok(true);
  if (problems.length === 1) return fail(problems[0]!.code, problems[0]!.message);
  const intro = 'Dit dossier kan nog niet gereed worden gemaakt; OSO mist nog het volgende:';
  return fail(problems[0]!.code, [intro, ...problems.map((p) => `- ${p.message}`)].join('\n'));
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}
