/**
 * Parses a pupil roster (the Esis export) from CSV or JSON into validated pupils. Pure: no
 * storage, no clock (pass `today` to refuse birth dates in the future). A bad row never stops
 * the others: valid pupils come back together with one problem per mistake, each naming the
 * row as a spreadsheet shows it (the header is row 1).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDutchDate, schoolYearStart, type IsoDate } from '../domain/dates';
import { isVoAdviesCode } from '../domain/oso/osoCodes';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { pupilSchema, RELATIES, type Pupil, type Relatie } from '../domain/pupil';
import { cleanStrings, cleanText } from '../domain/text/cleanText';
import {
  ADDRESS_COLUMNS,
  columnFor,
  PARENT_FIELDS,
  PARENT_PREFIXES,
  REQUIRED_COLUMNS,
  type Column,
} from './columns';

export interface RosterProblem {
  /** Spreadsheet row (header = 1) for CSV, position in the array (first = 1) for JSON, 0 for the whole file. */
  row: number;
  /** Dutch, ready to print: "rij 7: BSN *****6789 voldoet niet aan de elfproef. …" */
  message: string;
}

export type PupilField = keyof Pupil;

export interface ParsedRoster {
  /** 'oso': one OSO-gegevensset document (see importOsoDocument.ts). */
  format: 'csv' | 'json' | 'oso';
  pupils: Pupil[];
  problems: RosterProblem[];
  /** Remarks that reject nothing: unknown columns, a file that was not UTF-8. */
  warnings: string[];
  /** The pupil fields this file supplies; an import keeps the other fields of a stored pupil. */
  fields: PupilField[];
}

export interface ParseRosterOptions {
  /** Default: JSON when the text starts with [ or {, otherwise CSV. */
  format?: 'csv' | 'json';
  /** When given, birth dates after it are refused and the current school year gets no end date. */
  today?: IsoDate;
}

const ALL_FIELDS = Object.keys(pupilSchema.shape) as PupilField[];

export function parseRoster(input: string | Uint8Array, options: ParseRosterOptions = {}): ParsedRoster {
  const warnings: string[] = [];
  const text = decode(input, warnings);
  const format = options.format ?? (/^\s*[[{]/.test(text) ? 'json' : 'csv');
  // Cleaned once here, the roster's boundary: CSV as text, JSON after parsing (its \u escapes).
  const result = format === 'json' ? parseJsonRoster(text, options.today) : parseCsvRoster(cleanText(text), options.today);
  return { format, ...result, warnings: [...warnings, ...result.warnings] };
}

/** UTF-8 with or without BOM; Excel's "CSV (lijstscheidingsteken)" is Windows-1252, so fall back to that. */
function decode(input: string | Uint8Array, warnings: string[]): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      text = new TextDecoder('windows-1252').decode(input);
      warnings.push('Het bestand is niet in UTF-8 opgeslagen; ik heb het gelezen als Windows-1252 (Excel). Controleer namen met accenten.');
    }
  }
  return text.replace(/^\uFEFF/, '');
}

// ---------------------------------------------------------------- CSV

type Cells = Partial<Record<Column, string>>;
type Body = Omit<ParsedRoster, 'format'>;

function parseCsvRoster(text: string, today: IsoDate | undefined): Body {
  const problems: RosterProblem[] = [];
  const warnings: string[] = [];
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: true,
    }) as string[][];
    // Every cell cleaned once, here at the boundary (bidi controls, what XML cannot carry, NFC).
    records = records.map((record) => record.map((cell) => cleanText(cell).trim()));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return {
      pupils: [],
      problems: [{ row: 0, message: `Het CSV-bestand kan niet gelezen worden${line ? ` (rond regel ${line})` : ''}: controleer de aanhalingstekens.` }],
      warnings,
      fields: [],
    };
  }
  const [header = [], ...rows] = records;
  const columns = header.map((cell) => columnFor(cell));
  const unknown = header.filter((cell, i) => cell !== '' && columns[i] === undefined);
  if (unknown.length > 0) warnings.push(`Onbekende kolommen overgeslagen: ${unknown.map((c) => `"${c}"`).join(', ')}.`);

  const present = new Set(columns.filter((c): c is Column => c !== undefined));
  const missing: string[] = REQUIRED_COLUMNS.filter((c) => !present.has(c));
  if (!present.has('bsn') && !present.has('onderwijsnummer')) missing.unshift('bsn (of onderwijsnummer)');
  if (missing.length > 0) {
    const message = `rij 1: ${missing.length === 1 ? 'kolom' : 'kolommen'} ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length === 1 ? 'ontbreekt' : 'ontbreken'}; zie docs/roster.md voor de kolommen.`;
    return { pupils: [], problems: [{ row: 1, message }], warnings, fields: [] };
  }

  const pupils: Pupil[] = [];
  const seen = new Map<string, number>();
  rows.forEach((record, i) => {
    const row = i + 2;
    if (record.every((cell) => cell === '')) return;
    const cells: Cells = {};
    columns.forEach((column, c) => {
      if (column && cells[column] === undefined) cells[column] = record[c] ?? '';
    });
    const outcome = csvRowToPupil(cells, today, (w) => warnings.push(`rij ${row}: ${w}`));
    if ('messages' in outcome) {
      for (const message of outcome.messages) problems.push({ row, message: `rij ${row}: ${message}` });
      return;
    }
    const earlier = seen.get(outcome.pupil.leerlingnummer);
    if (earlier !== undefined) {
      problems.push({ row, message: `rij ${row}: ${numberLabel(outcome.pupil.leerlingnummer)} staat ook al in rij ${earlier}; deze rij is overgeslagen.` });
      return;
    }
    seen.set(outcome.pupil.leerlingnummer, row);
    pupils.push(outcome.pupil);
  });
  return { pupils, problems, warnings, fields: csvFields(present) };
}

/** The delimiter the header line uses most: `;` (Dutch Excel), `,` or a tab. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return [';', '\t', ','].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
}

function csvFields(present: Set<Column>): PupilField[] {
  const fields: PupilField[] = ['leerlingnummer', 'voornamen', 'achternaam', 'geboortedatum', 'groep'];
  const optional: [Column, PupilField][] = [
    ['roepnaam', 'roepnaam'], ['voorvoegsel', 'voorvoegsel'], ['geslacht', 'geslacht'], ['telefoon', 'telefoon'],
    ['email', 'email'], ['datum_inschrijving', 'datumInschrijving'], ['schoolloopbaan', 'schoolloopbaan'],
    ['leerlingid', 'leerlingId'], ['adresgeheim', 'adresGeheim'], ['advies', 'overstapadvies'], ['eindtoets', 'eindtoets'],
    ['eindtoets_score', 'eindtoets'], ['eindtoets_advies', 'eindtoets'], ['verzuim', 'verzuim'],
  ];
  for (const [column, field] of optional) if (present.has(column) && !fields.includes(field)) fields.push(field);
  if (ADDRESS_COLUMNS.some((c) => present.has(c))) fields.push('adres');
  if ([...present].some((c) => c.startsWith('ouder'))) fields.push('verzorgers');
  return fields;
}

function csvRowToPupil(
  cells: Cells,
  today: IsoDate | undefined,
  warn: (message: string) => void,
): { pupil: Pupil } | { messages: string[] } {
  const messages: string[] = [];
  const value = (c: Column): string | undefined => (cells[c] ? cells[c] : undefined);

  const nummer = value('bsn') ?? value('onderwijsnummer');
  let compactNummer: string | undefined;
  if (!nummer) messages.push('BSN of onderwijsnummer ontbreekt');
  else {
    const checked = leerlingnummer.validate(nummer);
    const restored = checked.ok ? undefined : restoreLeadingZeros(nummer);
    if (checked.ok) compactNummer = checked.value.nummer;
    else if (restored) {
      compactNummer = restored;
      warn(`voorloopnul aangevuld: ${leerlingnummer.mask(restored)} (Excel laat voorloopnullen weg; maak de kolom "tekst")`);
    } else messages.push(maskNumber(checked.problem.message, nummer));
  }

  // An empty cell is reported here: the schema's own "ontbreekt" is skipped below with the other date checks.
  if (value('geboortedatum') === undefined) messages.push('geboortedatum ontbreekt');
  const geboortedatum = parseDate('geboortedatum', value('geboortedatum'), today, messages);
  const datumInschrijving = parseDate('datum_inschrijving', value('datum_inschrijving'), undefined, messages);
  const geslacht = parseGeslacht(value('geslacht'), messages);
  const adresGeheim = parseJaNee('adresgeheim', value('adresgeheim'), messages);

  const verzorgerPrefixes: string[] = [];
  const verzorgers = PARENT_PREFIXES.flatMap((prefix) => {
    const get = (f: (typeof PARENT_FIELDS)[number]) => value(`${prefix}_${f}`);
    if (PARENT_FIELDS.every((f) => get(f) === undefined)) return [];
    verzorgerPrefixes.push(prefix);
    const relatie = parseRelatie(prefix, get('relatie'), messages);
    return [{
      voornamen: words(get('voornaam')),
      voorvoegsel: get('voorvoegsel'),
      achternaam: get('achternaam'),
      relatie,
      geslacht: relatie ? geslachtVanRelatie(relatie) : undefined,
      telefoon: get('telefoon'),
      email: get('email'),
      wettigVertegenwoordiger: parseJaNee(`${prefix}_wettelijk_vertegenwoordiger`, get('wettelijk_vertegenwoordiger'), messages),
    }];
  });

  const hasAddress = ADDRESS_COLUMNS.some((c) => value(c) !== undefined);
  const candidate = {
    leerlingnummer: compactNummer,
    voornamen: words(value('voornamen')),
    roepnaam: value('roepnaam'),
    voorvoegsel: value('voorvoegsel'),
    achternaam: value('achternaam'),
    geboortedatum,
    geslacht,
    groep: value('groep'),
    leerlingId: value('leerlingid'),
    adres: hasAddress
      ? {
          straat: value('straat'),
          huisnummer: value('huisnummer'),
          toevoeging: value('toevoeging'),
          postcode: value('postcode'),
          plaats: value('plaats'),
          gemeente: value('gemeente'),
        }
      : undefined,
    adresGeheim,
    telefoon: value('telefoon'),
    email: value('email'),
    datumInschrijving,
    verzorgers,
    schoolloopbaan: parseSchoolloopbaan(value('schoolloopbaan'), today, messages),
    overstapadvies: parseAdvies(value('advies'), messages),
    eindtoets: parseEindtoets(value('eindtoets'), value('eindtoets_score'), value('eindtoets_advies'), messages),
    verzuim: parseVerzuim(value('verzuim'), messages),
  };
  const parsed = pupilSchema.safeParse(candidate, { error: dutchIssue });
  if (parsed.success && messages.length === 0) return { pupil: parsed.data };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Problems found above (number, dates, relatie) are already reported in their own words.
      const top = issue.path[0];
      if (top === 'leerlingnummer' || top === 'geboortedatum' || top === 'datumInschrijving' || top === 'schoolloopbaan' || top === 'verzuim') continue;
      if (top === 'verzorgers' && issue.path[2] === 'relatie') continue;
      messages.push(describe(csvLabel(issue.path, verzorgerPrefixes), issue.message));
    }
  }
  // Never drop a row without saying why.
  if (messages.length === 0) messages.push('deze rij kan ik niet lezen; controleer de kolommen (zie docs/roster.md)');
  return { messages };
}

/** Excel stores a BSN as a number and drops its leading zeros: 12345672 was 012345672. */
function restoreLeadingZeros(input: string): string | undefined {
  const digits = input.replace(/[\s.\-]/g, '');
  if (!/^[0-9]{7,8}$/.test(digits)) return undefined;
  const padded = digits.padStart(9, '0');
  const checked = leerlingnummer.validate(padded);
  return checked.ok && checked.value.soort === 'bsn' ? padded : undefined;
}

const words = (s: string | undefined): string[] => (s ? s.split(/\s+/).filter(Boolean) : []);

function csvLabel(path: readonly PropertyKey[], verzorgerPrefixes: string[]): string {
  const [top, second, third] = path;
  if (top === 'adres') return String(second);
  if (top === 'verzorgers') {
    const field = third === 'voornamen' ? 'voornaam' : String(third);
    return `${verzorgerPrefixes[Number(second)] ?? 'ouder'}_${field}`;
  }
  return String(top);
}

function parseDate(label: string, input: string | undefined, today: IsoDate | undefined, messages: string[]): IsoDate | undefined {
  if (input === undefined) return undefined;
  const wrongForm = `${label} "${input}" herken ik niet als datum; gebruik dd-mm-jjjj of jjjj-mm-dd`;
  // parseDutchDate also knows "vandaag"; a roster holds real dates only.
  if (!/\d/.test(input)) {
    messages.push(wrongForm);
    return undefined;
  }
  const parsed = parseDutchDate(input, today ?? '9999-12-31', { notInFuture: today !== undefined });
  if (parsed.ok) return parsed.value;
  const code = parsed.problem.code;
  messages.push(code === 'bestaat-niet' ? `${label} ${input} bestaat niet` : code === 'toekomst' ? `${label} ${input} ligt in de toekomst` : wrongForm);
  return undefined;
}

const JA = ['ja', 'j', 'yes', 'true', '1', 'x'];
const NEE = ['nee', 'n', 'no', 'false', '0'];

function parseJaNee(label: string, input: string | undefined, messages: string[]): boolean | undefined {
  if (input === undefined) return undefined;
  const t = input.toLowerCase();
  if (JA.includes(t)) return true;
  if (NEE.includes(t)) return false;
  messages.push(`${label} "${input}" ken ik niet; gebruik ja of nee`);
  return undefined;
}

const GESLACHT: Record<string, Pupil['geslacht']> = {
  m: 'M', man: 'M', mannelijk: 'M', jongen: 'M',
  v: 'V', vrouw: 'V', vrouwelijk: 'V', meisje: 'V',
  x: 'X', onbekend: 'onbekend', o: 'onbekend',
};

function parseGeslacht(input: string | undefined, messages: string[]): Pupil['geslacht'] | undefined {
  if (input === undefined) return undefined;
  const g = GESLACHT[input.toLowerCase()];
  if (!g) messages.push(`geslacht "${input}" ken ik niet; gebruik M, V of X`);
  return g;
}

const RELATIE_SYNONIEMEN: Record<string, Relatie> = {
  opa: 'grootvader', oma: 'grootmoeder', broer: 'broer/zus', zus: 'broer/zus', zuster: 'broer/zus',
  stiefvader: 'stiefouder', stiefmoeder: 'stiefouder', pleegvader: 'pleegouder', pleegmoeder: 'pleegouder',
};

function parseRelatie(prefix: string, input: string | undefined, messages: string[]): Relatie | undefined {
  const choices = `gebruik ${RELATIES.join(', ')} (of de OSO-code 1 t/m 9)`;
  if (input === undefined) {
    messages.push(`${prefix}_relatie ontbreekt; ${choices}`);
    return undefined;
  }
  const t = input.toLowerCase();
  const byCode = /^[1-9]$/.test(t) ? RELATIES[Number(t) - 1] : undefined;
  const relatie = byCode ?? (RELATIES as readonly string[]).find((r) => r === t) ?? RELATIE_SYNONIEMEN[t];
  if (!relatie) messages.push(`${prefix}_relatie "${input}" ken ik niet; ${choices}`);
  return relatie as Relatie | undefined;
}

function geslachtVanRelatie(r: Relatie): 'M' | 'V' | 'onbekend' {
  if (r === 'vader' || r === 'grootvader') return 'M';
  if (r === 'moeder' || r === 'grootmoeder') return 'V';
  return 'onbekend';
}

/** "2024-2025:6; 2025-2026:7" → one school-career entry per school year (1 Aug – 31 Jul). */
function parseSchoolloopbaan(input: string | undefined, today: IsoDate | undefined, messages: string[]): Pupil['schoolloopbaan'] {
  if (input === undefined) return [];
  const entries = input.split(/[;|,\n]/).map((e) => e.trim()).filter(Boolean);
  const result: Pupil['schoolloopbaan'] = [];
  for (const entry of entries) {
    const m = /^(\d{4})\s*[-/]\s*(\d{4})\s*[:=]\s*(.+)$/.exec(entry);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) {
      messages.push(`schoolloopbaan "${entry}" herken ik niet; schrijf schooljaar:groep, bijvoorbeeld 2025-2026:7`);
      continue;
    }
    const start = Number(m[1]);
    const groep = m[3]!.trim();
    const jaargroep = /^(?:groep\s*)?([1-8])(?![0-9/])/i.exec(groep)?.[1];
    const current = today !== undefined && start >= schoolYearStart(today);
    result.push({
      schooljaar: `${start}-${start + 1}`,
      groep,
      ...(jaargroep ? { jaargroep: Number(jaargroep) } : {}),
      begindatum: `${start}-08-01`,
      // The running school year has not ended yet.
      ...(current ? {} : { einddatum: `${start + 1}-07-31` }),
    });
  }
  return result.sort((a, b) => a.schooljaar.localeCompare(b.schooljaar));
}

/** DUO advice code (codelijst 2, "60") or the advice in words ("havo/vwo"); a two-digit number must be a real code. */
function parseAdvies(input: string | undefined, messages: string[]): Pupil['overstapadvies'] {
  if (input === undefined) return undefined;
  if (/^\d{1,2}$/.test(input) && !isVoAdviesCode(input)) {
    messages.push(`advies "${input}" is geen DUO-adviescode; schrijf de code (bijvoorbeeld 60 voor havo) of het advies in woorden (bijvoorbeeld havo/vwo)`);
    return undefined;
  }
  return { advies: input };
}

/** eindtoets = the test's name; eindtoets_score and eindtoets_advies belong to it. */
function parseEindtoets(naam: string | undefined, score: string | undefined, advies: string | undefined, messages: string[]): Pupil['eindtoets'] {
  if (naam === undefined) {
    if (score !== undefined || advies !== undefined) messages.push('eindtoets ontbreekt: bij een eindtoets_score of eindtoets_advies hoort de naam van de toets (bijvoorbeeld Route 8)');
    return undefined;
  }
  return { naam, ...(score ? { score } : {}), ...(advies ? { advies } : {}) };
}

/** "2024-2025: 12/2; 2025-2026: 4/0" → hours geoorloofd/ongeoorloofd per school year. */
function parseVerzuim(input: string | undefined, messages: string[]): Pupil['verzuim'] {
  if (input === undefined) return [];
  const result: Pupil['verzuim'] = [];
  for (const entry of input.split(/[;|\n]/).map((e) => e.trim()).filter(Boolean)) {
    const m = /^(\d{4})\s*[-/]\s*(\d{4})\s*[:=]\s*(\d+)\s*\/\s*(\d+)$/.exec(entry);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) {
      messages.push(`verzuim "${entry}" herken ik niet; schrijf schooljaar: geoorloofd/ongeoorloofd in uren, bijvoorbeeld 2025-2026: 12/2`);
      continue;
    }
    if (result.some((v) => v.schooljaar === `${m[1]}-${m[2]}`)) {
      messages.push(`verzuim: schooljaar ${m[1]}-${m[2]} staat er twee keer`);
      continue;
    }
    result.push({ schooljaar: `${m[1]}-${m[2]}`, geoorloofdUren: Number(m[3]), ongeoorloofdUren: Number(m[4]) });
  }
  return result.sort((a, b) => a.schooljaar.localeCompare(b.schooljaar));
}

// ---------------------------------------------------------------- JSON

/** Date fields of a JSON pupil, checked with the CSV's parseDate so a JSON file gets the same messages. */
const JSON_DATES: [field: 'geboortedatum' | 'datumInschrijving', future: boolean][] = [['geboortedatum', true], ['datumInschrijving', false]];

function parseJsonRoster(text: string, today?: IsoDate): Body {
  let data: unknown;
  try {
    data = cleanStrings(JSON.parse(text) as unknown);
  } catch (err) {
    return { pupils: [], problems: [{ row: 0, message: `Het JSON-bestand kan niet gelezen worden: ${(err as Error).message}` }], warnings: [], fields: [] };
  }
  const list = Array.isArray(data) ? data : (data as { leerlingen?: unknown } | null)?.leerlingen;
  if (!Array.isArray(list)) {
    return { pupils: [], problems: [{ row: 0, message: 'Het JSON-bestand moet een lijst (array) van leerlingen bevatten.' }], warnings: [], fields: [] };
  }
  const problems: RosterProblem[] = [];
  const pupils: Pupil[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const row = i + 1;
    const prefix = `leerling ${row}`;
    const messages: string[] = [];
    const obj = (typeof item === 'object' && item !== null ? { ...item } : {}) as Record<string, unknown>;
    const nummer = obj.leerlingnummer ?? obj.bsn ?? obj.onderwijsnummer;
    if (typeof nummer !== 'string' || nummer.trim() === '') messages.push('leerlingnummer (BSN of onderwijsnummer) ontbreekt');
    else {
      const checked = leerlingnummer.validate(nummer);
      if (checked.ok) obj.leerlingnummer = checked.value.nummer;
      else messages.push(maskNumber(checked.problem.message, nummer));
    }
    const checkedDates = new Set<string>();
    for (const [field, future] of JSON_DATES) {
      const raw = obj[field];
      // The model's form (jjjj-mm-dd) is the schema's to check; here: does the date exist, is it not in the future.
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) continue;
      const before = messages.length;
      const iso = parseDate(field, raw.trim(), future ? today : undefined, messages);
      if (iso) obj[field] = iso;
      if (messages.length > before) checkedDates.add(field);
    }
    const parsed = pupilSchema.safeParse(obj, { error: dutchIssue });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'leerlingnummer' || checkedDates.has(String(issue.path[0]))) continue;
        messages.push(describe(issue.path.map(String).join('.'), issue.message));
      }
    }
    if (messages.length > 0 || !parsed.success) {
      for (const message of messages) problems.push({ row, message: `${prefix}: ${message}` });
      return;
    }
    const earlier = seen.get(parsed.data.leerlingnummer);
    if (earlier !== undefined) {
      problems.push({ row, message: `${prefix}: ${numberLabel(parsed.data.leerlingnummer)} staat ook al bij leerling ${earlier}; overgeslagen.` });
      return;
    }
    seen.set(parsed.data.leerlingnummer, row);
    pupils.push(parsed.data);
  });
  return { pupils, problems, warnings: [], fields: ALL_FIELDS };
}

// ---------------------------------------------------------------- messages

/** The domain's message about a number, with the number itself masked (privacy, PRODUCT.md §8). */
function maskNumber(message: string, input: string): string {
  const typed = input.trim();
  const compact = leerlingnummer.mask(typed);
  return message.split(typed).join(compact).split(typed.replace(/[\s.\-]/g, '')).join(compact);
}

function numberLabel(nummer: string): string {
  const soort = leerlingnummer.validate(nummer);
  return `${soort.ok && soort.value.soort === 'onderwijsnummer' ? 'onderwijsnummer' : 'BSN'} ${leerlingnummer.mask(nummer)}`;
}

const describe = (label: string, message: string): string => (message === 'ontbreekt' ? `${label} ontbreekt` : `${label}: ${message}`);

/** Dutch wording for the schema checks that carry no message of their own. */
function dutchIssue(issue: { code?: string; input?: unknown; origin?: string; minimum?: unknown; maximum?: unknown; format?: string; values?: unknown[]; expected?: string }): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'ontbreekt';
      return `verwacht ${EXPECTED[issue.expected ?? ''] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'number' ? `moet minstens ${String(issue.minimum)} zijn` : 'ontbreekt';
    case 'too_big':
      return issue.origin === 'number' ? `mag hoogstens ${String(issue.maximum)} zijn` : 'is te lang';
    case 'invalid_format':
      return issue.format === 'email' ? 'verwacht een e-mailadres' : 'heeft niet de verwachte vorm';
    case 'invalid_value':
      return `verwacht een van: ${(issue.values ?? []).map(String).join(', ')}`;
    default:
      return 'is ongeldig';
  }
}

const EXPECTED: Record<string, string> = {
  string: 'tekst',
  number: 'een getal',
  boolean: 'true of false',
  array: 'een lijst',
  object: 'een object',
};
