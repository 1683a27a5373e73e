/**
 * Admin CLI: `npm run admin -- <opdracht>`. Imports the pupil roster, lists pupils and users,
 * manages users and roles and sets the school. Output is Dutch; a BSN is only ever shown
 * masked. `runAdmin` holds all command handling so tests can drive it with an in-memory store;
 * the bottom of the file wires it to the process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseTelefoon } from '../../dialogs/shared/answers';
import { formatAdres, parseAdres, splitHuisnummer } from '../domain/adres';
import { isoDateInAmsterdam, type IsoDate } from '../domain/dates';
import * as brin from '../domain/identifiers/brin';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { listSchoolGaps } from '../domain/oso/checkOsoRules';
import type { Adres } from '../domain/pupil';
import type { Result } from '../domain/result';
import { parseSchoolEmail, parseSchoolSoort, SCHOOL_SOORTEN, schoolSchema, type School } from '../domain/school';
import { cleanText, visibleControls } from '../domain/text/cleanText';
import { parseRole, ROLES, type Role } from '../domain/users';
import type { Repositories } from '../repositories';
import { rootOf } from '../repositories/schoolStore';
import { Board, schoolLabel } from '../app/board';
import { splitBoardRoster, type BoardRoster } from '../roster/boardRoster';
import { receiveDossier } from '../app/receiveDossier';
import { createOfficialValidator } from '../oso/officialValidator';
import { isCorruptDocument } from '../storage/documentStore';
import { IMPORT_TEXT, importRoster, summarize } from '../roster/importRoster';
import { importOsoFile, isOsoSource, osoFileReport, osoFiles, readOsoFile } from '../roster/importOsoDocument';
import { parseRoster } from '../roster/parseRoster';

export interface AdminOutput {
  info(line: string): void;
  error(line: string): void;
}

export interface AdminContext {
  /** The repositories, or a function that opens them (so `help` needs no store). */
  repos: Repositories | (() => Promise<Repositories>);
  out: AdminOutput;
  /** Default: today in the Netherlands. */
  today?: IsoDate;
  /** Folder with the official OSO XSD and rules (OSO_VALIDATOR_DIR): import-dossier checks against them. */
  osoValidatorDir?: string;
  /** Default: the system clock. */
  now?: () => Date;
}

const USAGE = [
  'Gebruik: npm run admin -- <opdracht>',
  '',
  'Een bestuur met meer dan één school: kies met --school BRIN voor welke school een opdracht geldt,',
  'bijvoorbeeld: npm run admin -- --school 34CD leerlingen',
  '',
  'Opdrachten:',
  '  import-leerlingen BESTAND                 leerlingen importeren uit CSV of JSON, of uit OSO-dossiers (.xml,',
  '                                            één bestand of een map vol) (zie docs/roster.md)',
  '  export-dossier BSN [--out BESTAND] [--ldos]',
  '                                            het OSO-dossier (XML) van een leerling naar BESTAND of het scherm;',
  '                                            standaard de Esis-kopie, met --ldos de kopie die LDOS ontving',
  '  import-dossier BESTAND.xml                een OSO-dossier van een andere school in LDOS ontvangen (eerst gecontroleerd)',
  '  leerlingen                                alle leerlingen: BSN (gemaskeerd), naam, groep',
  '  gebruikers                                alle gebruikers met hun rollen',
  '  gebruiker-toevoegen ID NAAM ROL[,ROL] [E-MAIL]',
  `                                            gebruiker toevoegen of bijwerken; rollen: ${ROLES.join(', ')}`,
  '  gebruiker-verwijderen ID                  gebruiker verwijderen',
  '  school                                    de eigen school tonen, en wat OSO nog mist',
  '  school [BRIN NAAM] [--optie WAARDE …]     de eigen school instellen of aanvullen; opties (alle optioneel,',
  '                                            wat u weglaat blijft zoals het was):',
  '                                            --straat --huisnummer --toevoeging --postcode --plaats',
  `                                            --adres "Schoolstraat 1, 1234 AB Utrecht" (straat t/m plaats in één keer)`,
  '                                            --telefoon --email --directeur (leeg "" wist de waarde)',
  `                                            --soort ${SCHOOL_SOORTEN.join('|')}`,
  '  scholen                                   de scholen van het bestuur',
  '  school-toevoegen BRIN NAAM                een school aan het bestuur toevoegen',
  '  bestuursbeheerder ID NAAM [E-MAIL]        iemand bestuursbeheerder maken (voegt scholen en hun beheerders toe)',
  '  help                                      deze uitleg',
  '',
  'import-leerlingen met een kolom BRIN leest een bestand van het hele bestuur: elke rij gaat naar de school met dat BRIN.',
  '',
  'Zet een naam met spaties tussen aanhalingstekens: gebruiker-toevoegen 29:1abc "Jan de Vries" directie',
  'Voorbeeld: school 12AB "Basisschool De Regenboog" --straat Schoolstraat --huisnummer 1 --postcode 1234AB --plaats Utrecht --telefoon 0301234567',
];

class UsageError extends Error {}

/** `repos`: the school the command is for (--school, or the only one); `board`: the whole board; `school`: the --school given. */
type Handler = (args: string[], repos: () => Promise<Repositories>, ctx: AdminContext, board: () => Promise<Board>, school?: string) => Promise<void>;

const COMMANDS: Record<string, Handler> = {
  'import-leerlingen': importLeerlingen,
  'export-dossier': exportDossier,
  'import-dossier': importDossier,
  leerlingen: listLeerlingen,
  gebruikers: listGebruikers,
  'gebruiker-toevoegen': gebruikerToevoegen,
  'gebruiker-verwijderen': gebruikerVerwijderen,
  school: setSchool,
  scholen: listScholen,
  'school-toevoegen': schoolToevoegen,
  bestuursbeheerder: bestuursbeheerderMaken,
};

/** Commands of the whole board: they need no --school, and with one school work as before. */
const BOARD_COMMANDS = new Set(['scholen', 'school-toevoegen', 'bestuursbeheerder']);

/**
 * Runs one admin command; returns the process exit code (0 ok, 1 bad input or failure).
 * The arguments are cleaned here, where they enter; every printed line shows control and
 * escape characters as `\u{…}`, so stored data cannot recolour or rewrite the terminal.
 */
export async function runAdmin(rawArgs: readonly string[], rawCtx: AdminContext): Promise<number> {
  const out: AdminOutput = {
    info: (line) => rawCtx.out.info(visibleControls(line)),
    error: (line) => rawCtx.out.error(visibleControls(line)),
  };
  const ctx: AdminContext = { ...rawCtx, out };
  const { args: cleaned, school: schoolArg } = takeSchoolOption(rawArgs.map((a) => cleanText(a)));
  const [command, ...rest] = cleaned;
  if (command === undefined || ['help', '--help', '-h'].includes(command)) {
    for (const line of USAGE) (command === undefined ? ctx.out.error : ctx.out.info)(line);
    return command === undefined ? 1 : 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    ctx.out.error(`Onbekende opdracht "${command}".`);
    ctx.out.error('Typ "npm run admin -- help" voor de lijst met opdrachten.');
    return 1;
  }
  let opened: Repositories | undefined;
  const firstRepos = async () => (opened ??= typeof ctx.repos === 'function' ? await ctx.repos() : ctx.repos);
  let board: Board | undefined;
  const openBoard = async () => (board ??= new Board(rootOf((await firstRepos()).store), await firstRepos()));
  // The school a command is for: --school, or the only one.
  const repos = async (): Promise<Repositories> => {
    const b = await openBoard();
    if (schoolArg !== undefined) {
      const found = await b.findByBrin(schoolArg);
      if (!found) return fail(`Er is geen school met BRIN "${schoolArg}" in dit bestuur. Scholen: ${(await schoolList(b)) || 'nog geen'}.`);
      return b.repositoriesFor(found.entry);
    }
    const all = await b.schools();
    if (all.length > 1) fail(`Dit bestuur heeft ${all.length} scholen; kies er een met --school BRIN (${await schoolList(b)}).`);
    return b.repositoriesFor(all[0]!);
  };
  try {
    if (schoolArg !== undefined && !brin.isValid(schoolArg)) fail(`--school: "${schoolArg}" is geen BRIN-nummer (bijvoorbeeld 12AB).`);
    if (BOARD_COMMANDS.has(command) && schoolArg !== undefined) fail(`"${command}" geldt voor het hele bestuur; laat --school weg.`);
    await handler(rest, repos, ctx, openBoard, schoolArg);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.out.error(err.message);
      return 1;
    }
    throw err;
  }
}

const fail = (message: string): never => {
  throw new UsageError(message);
};

function expectArgs(args: string[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) fail(`Gebruik: npm run admin -- ${usage}`);
}

async function importLeerlingen(
  args: string[],
  repos: () => Promise<Repositories>,
  ctx: AdminContext,
  openBoard: () => Promise<Board>,
  school?: string,
): Promise<void> {
  expectArgs(args, 1, 1, 'import-leerlingen BESTAND (een .csv- of .json-bestand, een OSO-dossier .xml of een map met .xml-bestanden)');
  const file = args[0]!;
  if (await isOsoSource(file)) return importOsoDocuments(file, repos, ctx);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `Bestand "${file}" bestaat niet.` : `Bestand "${file}" kan niet gelezen worden (${code ?? 'onbekende fout'}).`);
  }
  const extension = path.extname(file).toLowerCase();
  const format = extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : undefined;
  const board = splitBoardRoster(new TextDecoder().decode(content), format ?? (/^\s*[[{]/.test(content.toString('utf8')) ? 'json' : 'csv'));
  if (board) return importBoardRoster(file, board, format, await openBoard(), ctx, school);
  const roster = parseRoster(content, { format, today: ctx.today ?? isoDateInAmsterdam(new Date()) });
  for (const warning of roster.warnings) ctx.out.info(IMPORT_TEXT.letOp(warning));
  if (roster.pupils.length === 0 && roster.problems.length === 0) fail(IMPORT_TEXT.geenLeerlingen(file));
  const report = await importRoster((await repos()).pupils, roster);
  for (const problem of report.problems) ctx.out.error(problem.message);
  ctx.out.info(IMPORT_TEXT.samenvatting(path.basename(file), report));
  if (report.fouten > 0) fail(IMPORT_TEXT.fouten(report.fouten));
}

/**
 * A board's file with a BRIN column: each school's rows into that school (with --school:
 * only that school's rows). A row for a BRIN that is no school of the board is refused.
 */
async function importBoardRoster(
  file: string,
  split: BoardRoster,
  format: 'csv' | 'json' | undefined,
  board: Board,
  ctx: AdminContext,
  only: string | undefined,
): Promise<void> {
  const chosen = only === undefined ? undefined : await board.findByBrin(only);
  if (only !== undefined && !chosen) fail(`Er is geen school met BRIN "${only}" in dit bestuur. Scholen: ${(await schoolList(board)) || 'nog geen'}.`);
  let fouten = split.problems.length;
  for (const problem of split.problems) ctx.out.error(problem.message);
  for (const [code, text] of split.perBrin) {
    const school = await board.findByBrin(code);
    if (chosen && school?.entry.id !== chosen.entry.id) {
      ctx.out.info(`BRIN ${code}: overgeslagen (niet de gekozen school).`);
      continue;
    }
    if (!school) {
      fouten += 1;
      ctx.out.error(`BRIN ${code}: geen school van dit bestuur; deze rijen zijn niet geïmporteerd. Voeg de school eerst toe: npm run admin -- school-toevoegen ${code} NAAM`);
      continue;
    }
    const roster = parseRoster(text, { ...(format ? { format } : {}), today: ctx.today ?? isoDateInAmsterdam(new Date()) });
    for (const warning of roster.warnings) ctx.out.info(IMPORT_TEXT.letOp(warning));
    const report = await importRoster(board.repositoriesFor(school.entry).pupils, roster);
    for (const problem of report.problems) ctx.out.error(problem.message);
    ctx.out.info(`${school.naam ?? code} (${code}): ${IMPORT_TEXT.samenvatting(path.basename(file), report)}`);
    fouten += report.fouten;
  }
  if (fouten > 0) fail(IMPORT_TEXT.fouten(fouten));
}

/** OSO documents: one line per file, then the totals. */
async function importOsoDocuments(target: string, repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  let files: string[];
  try {
    files = await osoFiles(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `Bestand "${target}" bestaat niet.` : `"${target}" kan niet gelezen worden (${code ?? 'onbekende fout'}).`);
  }
  if (files.length === 0) fail(`In de map "${target}" staan geen .xml-bestanden.`);
  const totaal = { nieuw: 0, bijgewerkt: 0, ongewijzigd: 0, fouten: 0 };
  const pupils = (await repos()).pupils;
  for (const file of files) {
    const outcome = await readOsoFile(file);
    const report = await importOsoFile(pupils, outcome);
    for (const line of osoFileReport(outcome, report)) ctx.out[line.level](line.text);
    totaal.nieuw += report.nieuw;
    totaal.bijgewerkt += report.bijgewerkt;
    totaal.ongewijzigd += report.ongewijzigd;
    totaal.fouten += report.fouten;
  }
  ctx.out.info(`Leerlingen geïmporteerd uit ${files.length === 1 ? path.basename(files[0]!) : `${files.length} OSO-dossiers`}: ${summarize(totaal)}.`);
  if (totaal.fouten > 0) {
    fail(`${totaal.fouten === 1 ? 'Eén bestand is' : `${totaal.fouten} bestanden zijn`} niet geïmporteerd; zie de meldingen hierboven (de andere bestanden zijn wel geïmporteerd).`);
  }
}

// ---------------------------------------------------------------- dossiers (OSO XML)

const EXPORT_USAGE = 'export-dossier BSN [--out BESTAND] [--ldos]';

async function exportDossier(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  let out: string | undefined;
  let ldosCopy = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--ldos') ldosCopy = true;
    else if (arg === '--out') {
      out = args[++i];
      if (!out) fail(`Bij --out ontbreekt de bestandsnaam. Gebruik: npm run admin -- ${EXPORT_USAGE}`);
    } else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg.startsWith('--')) fail(`Onbekende optie "${arg}". Gebruik: npm run admin -- ${EXPORT_USAGE}`);
    else positional.push(arg);
  }
  expectArgs(positional, 1, 1, EXPORT_USAGE);
  const nummer = leerlingnummer.validate(positional[0]!);
  if (!nummer.ok) return fail(`Dat is geen geldig BSN of onderwijsnummer: ${nummer.problem.message.split(positional[0]!.trim()).join(leerlingnummer.mask(positional[0]!.trim()))}`);
  const masked = leerlingnummer.mask(nummer.value.nummer);
  const { dossiers, ldos } = await repos();
  const [esis, ontvangen] = await Promise.all([dossiers.get(nummer.value.nummer), ldos.get(nummer.value.nummer)]);
  // Default: the Esis copy when there is one, else what LDOS holds; --ldos asks for the LDOS copy.
  const document = ldosCopy ? ontvangen?.dossier.osoDocument : (esis?.osoDocument ?? ontvangen?.dossier.osoDocument);
  if (!document) {
    if (!esis && !ontvangen) fail(`Er is geen dossier van de leerling met nummer ${masked}.`);
    if (ldosCopy) fail(`LDOS heeft nog geen dossier van de leerling met nummer ${masked}${esis ? `; in Esis heeft het dossier status "${esis.status}" (zonder --ldos krijgt u de Esis-kopie${esis.osoDocument ? '' : ' zodra het gereed is'})` : ''}.`);
    fail(`Het dossier van de leerling met nummer ${masked} heeft nog geen OSO-document: dat wordt gemaakt als het dossier gereed is (status nu: "${esis?.status ?? 'onbekend'}").`);
  }
  const bron = ldosCopy || !esis?.osoDocument ? 'LDOS' : 'Esis';
  if (out) {
    try {
      await writeFile(out, document!, 'utf8');
    } catch (err) {
      return fail(`Bestand "${out}" kan niet geschreven worden (${(err as NodeJS.ErrnoException).code ?? 'onbekende fout'}).`);
    }
    ctx.out.info(`Het OSO-dossier (${bron}-kopie) van de leerling met nummer ${masked} staat in ${out}.`);
  } else {
    ctx.out.info(document!);
  }
}

async function importDossier(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 1, 1, 'import-dossier BESTAND.xml');
  const file = args[0]!;
  let xml: string;
  try {
    const bytes = await readFile(file);
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) return fail(`"${file}" is niet in UTF-8 opgeslagen; een OSO-dossier is altijd UTF-8. Er is niets opgeslagen.`);
    return fail(code === 'ENOENT' ? `Bestand "${file}" bestaat niet.` : `Bestand "${file}" kan niet gelezen worden (${code}).`);
  }
  const validator = ctx.osoValidatorDir ? await createOfficialValidator(path.resolve(ctx.osoValidatorDir)) : undefined;
  const r = await repos();
  let outcome: Awaited<ReturnType<typeof receiveDossier>>;
  try {
    const school = await r.school.get();
    outcome = await receiveDossier(xml, {
      ldos: r.ldos,
      validator,
      at: (ctx.now?.() ?? new Date()).toISOString(),
      door: { userId: 'admin-cli', naam: 'beheer (import-dossier)' },
      ...(school ? { eigenBrin: school.brin } : {}),
    });
  } finally {
    validator?.close();
  }
  if (outcome.soort === 'geweigerd') {
    ctx.out.error(`${path.basename(file)} is geweigerd; er is niets opgeslagen. Bevindingen:`);
    for (const b of outcome.bevindingen) ctx.out.error(`- ${b}`);
    fail(`Vraag de school die het dossier maakte om een verbeterd dossier.${validator ? '' : ' (De officiële XSD en validatieregels zijn niet gebruikt: OSO_VALIDATOR_DIR is niet ingesteld.)'}`);
  }
  if (outcome.soort === 'geweigerd') return;
  for (const w of outcome.waarschuwingen) ctx.out.info(`Let op: ${w}`);
  const { leerling } = outcome;
  const van = leerling.dossier.herkomst?.naam ? ` van ${leerling.dossier.herkomst.naam}` : '';
  const wat = outcome.soort === 'alOntvangen' ? 'stond al in LDOS' : outcome.soort === 'vervangen' ? 'vervangt het eerdere dossier in LDOS' : 'staat nu in LDOS';
  ctx.out.info(`Het dossier${van} van ${leerling.naam} (${leerlingnummer.mask(leerling.leerlingnummer)}) ${wat}${validator ? ' (gecontroleerd met de officiële XSD en validatieregels)' : ''}.`);
  ctx.out.info('Plaats de leerling in een klas met "klas plaatsen" in de chat; bekijk het dossier met "toon dossier".');
}

async function listLeerlingen(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 0, 0, 'leerlingen');
  const pupils = await (await repos()).pupils.list();
  if (pupils.length === 0) {
    ctx.out.info('Er zijn nog geen leerlingen. Importeer ze met: npm run admin -- import-leerlingen BESTAND');
    return;
  }
  const width = Math.max(...pupils.map((p) => p.naam.length));
  for (const p of pupils) ctx.out.info(`${leerlingnummer.mask(p.leerlingnummer)}  ${p.naam.padEnd(width)}  groep ${p.groep}`);
  ctx.out.info(`${pupils.length} ${pupils.length === 1 ? 'leerling' : 'leerlingen'}.`);
}

async function listGebruikers(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 0, 0, 'gebruikers');
  const users = await (await repos()).users.list();
  if (users.length === 0) {
    ctx.out.info('Er zijn nog geen gebruikers. Voeg er een toe met: npm run admin -- gebruiker-toevoegen ID NAAM ROL');
    return;
  }
  for (const u of users) {
    const rollen = u.rollen.length > 0 ? u.rollen.join(', ') : 'geen rollen';
    ctx.out.info(`${u.id}  ${u.naam}${u.email ? ` <${u.email}>` : ''}  (${rollen})`);
  }
  ctx.out.info(`${users.length} ${users.length === 1 ? 'gebruiker' : 'gebruikers'}.`);
}

const emailSchema = z.string().trim().email();

async function gebruikerToevoegen(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 3, 4, 'gebruiker-toevoegen ID NAAM ROL[,ROL] [E-MAIL]');
  const [id, naam, rollenText, email] = args.map((a) => a.trim()) as [string, string, string, string | undefined];
  if (id === '') fail('De ID van de gebruiker is leeg.');
  if (naam === '') fail('De naam van de gebruiker is leeg.');
  const rollen: Role[] = [];
  for (const part of rollenText.split(',').map((r) => r.trim()).filter(Boolean)) {
    const rol = parseRole(part);
    if (!rol) {
      fail(`Onbekende rol "${part}". Kies uit: ${ROLES.join(', ')} (meerdere met komma's, zonder spaties: medewerker,directie). Staat er een naam met spaties? Zet die tussen aanhalingstekens.`);
    }
    if (rol && !rollen.includes(rol)) rollen.push(rol);
  }
  if (rollen.length === 0) fail(`Geef minstens één rol: ${ROLES.join(', ')}.`);
  if (email !== undefined && !emailSchema.safeParse(email).success) fail(`"${email}" is geen geldig e-mailadres.`);
  const users = (await repos()).users;
  const existing = await users.get(id);
  await users.save({ ...existing, id, naam, rollen, ...(email ? { email } : {}) });
  // A school's registration keeps what other schools see of a person; IT here speaks for the
  // board, so the name and e-mail given are the person's everywhere.
  await users.people.update(id, (p) => (p ? { ...p, naam, ...(email ? { email } : {}) } : undefined));
  ctx.out.info(`Gebruiker ${existing ? 'bijgewerkt' : 'toegevoegd'}: ${naam} (${id}) met ${rollen.length === 1 ? 'rol' : 'rollen'} ${rollen.join(', ')}.`);
}

async function gebruikerVerwijderen(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 1, 1, 'gebruiker-verwijderen ID');
  const id = args[0]!.trim();
  const users = (await repos()).users;
  const user = await users.get(id);
  if (!user) fail(`Er is geen gebruiker met ID "${id}". Typ "npm run admin -- gebruikers" voor de lijst.`);
  await users.remove(id);
  ctx.out.info(`Gebruiker verwijderd: ${user!.naam} (${id}).`);
}

// ---------------------------------------------------------------- school

const ADRES_OPTIES = ['straat', 'huisnummer', 'toevoeging', 'postcode', 'plaats'] as const;
const SCHOOL_OPTIES = [...ADRES_OPTIES, 'adres', 'telefoon', 'email', 'directeur', 'soort'] as const;
type SchoolOptie = (typeof SCHOOL_OPTIES)[number];
/** Optional fields that an empty value clears. */
const WISBAAR = ['telefoon', 'email', 'directeur'] as const;

const SCHOOL_CORRUPT =
  'De opgeslagen schoolinstellingen zijn beschadigd (geen geldige JSON). Stel ze opnieuw in met BRIN en naam: npm run admin -- school BRIN NAAM [--straat … --huisnummer … --postcode … --plaats … --telefoon …]';
const SCHOOL_USAGE = 'Gebruik: npm run admin -- school [BRIN NAAM] [--straat …] [--huisnummer …] [--postcode …] [--plaats …] [--telefoon …] [--email …] [--directeur …] [--soort …] (zie: npm run admin -- help)';

/** Splits `--optie waarde` / `--optie=waarde` from the other arguments. */
function splitOptions(args: string[]): { positional: string[]; options: Partial<Record<SchoolOptie, string>> } {
  const positional: string[] = [];
  const options: Partial<Record<SchoolOptie, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const naam = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)).toLowerCase().replace(/^e-mail$/, 'email');
    if (!(SCHOOL_OPTIES as readonly string[]).includes(naam)) {
      fail(`Onbekende optie "${arg}". Mogelijk: ${SCHOOL_OPTIES.map((o) => `--${o}`).join(', ')}.`);
    }
    let waarde: string | undefined;
    if (eq !== -1) waarde = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) waarde = args[++i];
    if (waarde === undefined) fail(`Bij --${naam} ontbreekt de waarde, bijvoorbeeld: --${naam} ${VOORBEELD[naam as SchoolOptie]}`);
    if (naam in options) fail(`--${naam} staat er twee keer.`);
    options[naam as SchoolOptie] = waarde!.trim();
  }
  return { positional, options };
}

const VOORBEELD: Record<SchoolOptie, string> = {
  straat: 'Schoolstraat',
  huisnummer: '1',
  toevoeging: 'A',
  postcode: '1234AB',
  plaats: 'Utrecht',
  adres: '"Schoolstraat 1, 1234 AB Utrecht"',
  telefoon: '0301234567',
  email: 'info@regenboog.nl',
  directeur: '"J. Jansen"',
  soort: 'BAO',
};

/** A flag's value through a domain parser; the error names the flag. */
function checked<T>(optie: SchoolOptie, result: Result<T>): T {
  if (!result.ok) return fail(`--${optie}: ${result.problem.message}`);
  return result.value;
}

/** The address after the options: --adres first, then the single parts on top of it. */
function mergeAdres(current: Adres | undefined, options: Partial<Record<SchoolOptie, string>>): Adres | undefined {
  const given = ADRES_OPTIES.filter((o) => options[o] !== undefined);
  if (options.adres === undefined && given.length === 0) return current;
  let adres: Partial<Adres> = { ...current };
  if (options.adres !== undefined) adres = { ...adres, ...checked('adres', parseAdres(options.adres)) };
  for (const o of given) if (options[o] === '' && o !== 'toevoeging') fail(`--${o} is leeg; het adres heeft een ${o} nodig (bijvoorbeeld --${o} ${VOORBEELD[o]}).`);
  if (options.straat) adres.straat = options.straat;
  if (options.huisnummer) {
    // "1A" is house number 1 with addition A; a new number without one drops the old addition.
    const nummer = checked('huisnummer', splitHuisnummer(options.huisnummer));
    adres.huisnummer = nummer.huisnummer;
    if (nummer.toevoeging) adres.toevoeging = nummer.toevoeging;
    else delete adres.toevoeging;
  }
  if (options.toevoeging !== undefined) {
    if (options.toevoeging) adres.toevoeging = options.toevoeging;
    else delete adres.toevoeging;
  }
  if (options.postcode) adres.postcode = options.postcode;
  if (options.plaats) adres.plaats = options.plaats;
  const missing = (['straat', 'huisnummer', 'postcode', 'plaats'] as const).filter((o) => !adres[o]);
  if (missing.length > 0) {
    fail(`Het adres is nog niet compleet: geef ook ${missing.map((o) => `--${o}`).join(', ')} (of alles in één keer: --adres ${VOORBEELD.adres}).`);
  }
  return adres as Adres;
}

/** The school after the options, validated by the domain: each bad value is named by its flag. */
function applySchoolOptions(school: Record<string, unknown>, options: Partial<Record<SchoolOptie, string>>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...school };
  const adres = mergeAdres(school.adres as Adres | undefined, options);
  if (adres) next.adres = adres;
  for (const veld of WISBAAR) if (options[veld] === '') delete next[veld];
  if (options.telefoon) next.telefoon = checked('telefoon', parseTelefoon(options.telefoon));
  if (options.email) next.email = checked('email', parseSchoolEmail(options.email));
  if (options.directeur) next.directeur = options.directeur;
  if (options.soort !== undefined) next.soort = checked('soort', parseSchoolSoort(options.soort));
  return next;
}

function showSchool(school: School, ctx: AdminContext): void {
  const leeg = '(niet ingevuld)';
  ctx.out.info(`School: ${school.naam}`);
  ctx.out.info(`BRIN-nummer: ${school.brin}`);
  ctx.out.info(`Soort: ${school.soort}`);
  ctx.out.info(`Adres: ${school.adres ? formatAdres(school.adres) : leeg}`);
  ctx.out.info(`Telefoon: ${school.telefoon || leeg}`);
  ctx.out.info(`E-mail: ${school.email || leeg}`);
  ctx.out.info(`Directeur: ${school.directeur || leeg}`);
  const gaps = listSchoolGaps(school);
  if (gaps.length === 0) {
    ctx.out.info('Alles wat OSO van de school nodig heeft is ingevuld.');
    return;
  }
  ctx.out.info(`OSO mist nog: ${gaps.map((g) => g.wat).join('; ')}. Zonder kan geen dossier gereed worden.`);
  const flags = gaps.flatMap((g) =>
    g.code === 'school-adres'
      ? ['--straat Schoolstraat --huisnummer 1 --postcode 1234AB --plaats Utrecht']
      : g.code === 'school-contact'
        ? [`--telefoon ${VOORBEELD.telefoon} --email ${VOORBEELD.email}`]
        : g.code === 'school-email'
          ? [`--email ${VOORBEELD.email}`]
          : [],
  );
  if (flags.length > 0) ctx.out.info(`Vul aan met bijvoorbeeld: npm run admin -- school ${flags.join(' ')}`);
}

async function setSchool(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  const { positional, options } = splitOptions(args);
  const hasOptions = Object.keys(options).length > 0;
  if (positional.length === 1) fail(SCHOOL_USAGE);
  const schools = (await repos()).school;
  const existing = await schools.get().catch((err: unknown) => {
    if (!isCorruptDocument(err)) throw err;
    // Not valid JSON (a bad edit): BRIN and name given start the settings anew, which repairs them.
    if (positional.length < 2) return fail(SCHOOL_CORRUPT);
    ctx.out.info('De opgeslagen schoolinstellingen waren beschadigd; ze worden opnieuw ingesteld.');
    return undefined;
  });
  if (positional.length === 0 && !hasOptions) {
    if (existing) showSchool(existing, ctx);
    else ctx.out.info('Er is nog geen school ingesteld. Gebruik: npm run admin -- school BRIN NAAM [--straat … --huisnummer … --postcode … --plaats … --telefoon …]');
    return;
  }
  let base: Record<string, unknown> = { ...existing };
  if (positional.length >= 2) {
    const checkedBrin = brin.validate(positional[0]!);
    if (!checkedBrin.ok) return fail(checkedBrin.problem.message);
    // The name may be typed without quotes: everything after the BRIN.
    const naam = positional.slice(1).join(' ').trim();
    if (naam === '') fail('De naam van de school is leeg.');
    base = { ...base, brin: brin.format(checkedBrin.value), naam };
  } else if (!existing) {
    fail('Er is nog geen school ingesteld: geef eerst BRIN en naam, bijvoorbeeld: npm run admin -- school 12AB "Basisschool De Regenboog" --plaats …');
  }
  const parsed = schoolSchema.safeParse(applySchoolOptions(base, options));
  if (!parsed.success) {
    // The flags were checked one by one above; what is left is a field the schema refuses.
    const issue = parsed.error.issues[0]!;
    const veld = issue.path.at(-1);
    return fail(`${typeof veld === 'string' && (SCHOOL_OPTIES as readonly string[]).includes(veld) ? `--${veld}` : String(veld ?? 'school')}: ${issue.message}`);
  }
  const school = parsed.data;
  await schools.save(school);
  ctx.out.info(`School ${existing ? 'bijgewerkt' : 'ingesteld'}: ${school.naam} (BRIN ${school.brin}).`);
  showSchool(school, ctx);
}

// ---------------------------------------------------------------- the board

/** `--school BRIN` (or `--school=BRIN`) anywhere in the arguments. */
function takeSchoolOption(args: string[]): { args: string[]; school?: string } {
  const rest: string[] = [];
  let school: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--school') school = args[++i] ?? '';
    else if (arg.startsWith('--school=')) school = arg.slice('--school='.length);
    else rest.push(arg);
  }
  return { args: rest, ...(school !== undefined ? { school: brin.compact(school) } : {}) };
}

async function schoolList(board: Board): Promise<string> {
  return (await board.choices()).map((c) => schoolLabel(c)).join(', ');
}

async function listScholen(args: string[], _repos: () => Promise<Repositories>, ctx: AdminContext, board: () => Promise<Board>): Promise<void> {
  expectArgs(args, 0, 0, 'scholen');
  const choices = await (await board()).choices();
  for (const c of choices) ctx.out.info(`${c.brin ?? '(nog geen BRIN)'}  ${c.naam ?? '(nog geen naam)'}`);
  ctx.out.info(`${choices.length} ${choices.length === 1 ? 'school' : 'scholen'}.`);
}

async function schoolToevoegen(args: string[], _repos: () => Promise<Repositories>, ctx: AdminContext, board: () => Promise<Board>): Promise<void> {
  if (args.length < 2) fail('Gebruik: npm run admin -- school-toevoegen BRIN NAAM');
  const checkedBrin = brin.validate(args[0]!);
  if (!checkedBrin.ok) return fail(checkedBrin.problem.message);
  const naam = args.slice(1).join(' ').trim();
  const school = schoolSchema.parse({ brin: brin.format(checkedBrin.value), naam });
  const b = await board();
  // A store that has no school yet: its first school gets these settings.
  const [first] = await b.choices();
  if (first && first.brin === undefined && (await b.schools()).length === 1) {
    await b.repositoriesFor(first.entry).school.save(school);
  } else if (!(await b.addSchool(school))) {
    return fail(`Er is al een school met BRIN ${school.brin}.`);
  }
  ctx.out.info(`School toegevoegd: ${school.naam} (BRIN ${school.brin}). Vul de gegevens aan met: npm run admin -- --school ${school.brin} school --straat … --telefoon …`);
}

async function bestuursbeheerderMaken(args: string[], _repos: () => Promise<Repositories>, ctx: AdminContext, board: () => Promise<Board>): Promise<void> {
  expectArgs(args, 2, 3, 'bestuursbeheerder ID NAAM [E-MAIL]');
  const [id, naam, email] = args.map((a) => a.trim()) as [string, string, string | undefined];
  if (id === '' || naam === '') fail('ID en naam mogen niet leeg zijn.');
  if (email !== undefined && !emailSchema.safeParse(email).success) fail(`"${email}" is geen geldig e-mailadres.`);
  const { people } = await board();
  const existing = await people.get(id);
  await people.save({ ...existing, id, naam, ...(email ? { email } : {}), bestuursbeheerder: true });
  ctx.out.info(`${naam} (${id}) is bestuursbeheerder: beheerder van elke school, en voegt scholen en hun beheerders toe.`);
}

// ---------------------------------------------------------------- process wiring

async function main(): Promise<number> {
  const [{ default: dotenv }, { ConfigError, loadConfig }, { createDocumentStore }, { createRepositories }] = await Promise.all([
    import('dotenv'),
    import('../config'),
    import('../storage/createDocumentStore'),
    import('../repositories'),
  ]);
  dotenv.config({ quiet: true });
  const out: AdminOutput = {
    info: (line) => process.stdout.write(`${visibleControls(line)}\n`),
    error: (line) => process.stderr.write(`${visibleControls(line)}\n`),
  };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      out.error(err.message);
      return 1;
    }
    throw err;
  }
  let store: Awaited<ReturnType<typeof createDocumentStore>> | undefined;
  try {
    return await runAdmin(process.argv.slice(2), {
      out,
      ...(config.OSO_VALIDATOR_DIR ? { osoValidatorDir: config.OSO_VALIDATOR_DIR } : {}),
      repos: async () => {
        try {
          store = await createDocumentStore(config.STORAGE_URL, { refuseMissingSqliteFile: !config.localMode });
        } catch (err) {
          throw new UsageError(`De opslag (STORAGE_URL) kan niet geopend worden: ${(err as Error).message}`);
        }
        return createRepositories(store);
      },
    });
  } catch (err) {
    // No stack trace for the admin; the message is enough to act on.
    out.error(`Er ging iets mis: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Er ging iets mis: ${visibleControls((err as Error).message)}\n`);
      process.exitCode = 1;
    },
  );
}
