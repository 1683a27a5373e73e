/**
 * Admin CLI: `npm run admin -- <opdracht>`. Imports the pupil roster, lists pupils and users,
 * manages users and roles and sets the school. Output is Dutch; a BSN is only ever shown
 * masked. `runAdmin` holds all command handling so tests can drive it with an in-memory store;
 * the bottom of the file wires it to the process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isoDateInAmsterdam, type IsoDate } from '../domain/dates';
import * as brin from '../domain/identifiers/brin';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { schoolSchema } from '../domain/school';
import { parseRole, ROLES, type Role } from '../domain/users';
import type { Repositories } from '../repositories';
import { importRoster, summarize } from '../roster/importRoster';
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
}

const USAGE = [
  'Gebruik: npm run admin -- <opdracht>',
  '',
  'Opdrachten:',
  '  import-leerlingen BESTAND                 leerlingen importeren uit CSV of JSON (zie docs/roster.md)',
  '  leerlingen                                alle leerlingen: BSN (gemaskeerd), naam, groep',
  '  gebruikers                                alle gebruikers met hun rollen',
  '  gebruiker-toevoegen ID NAAM ROL[,ROL] [E-MAIL]',
  `                                            gebruiker toevoegen of bijwerken; rollen: ${ROLES.join(', ')}`,
  '  gebruiker-verwijderen ID                  gebruiker verwijderen',
  '  school [BRIN NAAM]                        de eigen school tonen of instellen',
  '  help                                      deze uitleg',
  '',
  'Zet een naam met spaties tussen aanhalingstekens: gebruiker-toevoegen 29:1abc "Jan de Vries" directie',
];

class UsageError extends Error {}

type Handler = (args: string[], repos: () => Promise<Repositories>, ctx: AdminContext) => Promise<void>;

const COMMANDS: Record<string, Handler> = {
  'import-leerlingen': importLeerlingen,
  leerlingen: listLeerlingen,
  gebruikers: listGebruikers,
  'gebruiker-toevoegen': gebruikerToevoegen,
  'gebruiker-verwijderen': gebruikerVerwijderen,
  school: setSchool,
};

/** Runs one admin command; returns the process exit code (0 ok, 1 bad input or failure). */
export async function runAdmin(args: readonly string[], ctx: AdminContext): Promise<number> {
  const [command, ...rest] = args;
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
  const repos = async () => (opened ??= typeof ctx.repos === 'function' ? await ctx.repos() : ctx.repos);
  try {
    await handler(rest, repos, ctx);
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

async function importLeerlingen(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  expectArgs(args, 1, 1, 'import-leerlingen BESTAND (een .csv- of .json-bestand)');
  const file = args[0]!;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `Bestand "${file}" bestaat niet.` : `Bestand "${file}" kan niet gelezen worden (${code ?? 'onbekende fout'}).`);
  }
  const extension = path.extname(file).toLowerCase();
  const roster = parseRoster(content, {
    format: extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : undefined,
    today: ctx.today ?? isoDateInAmsterdam(new Date()),
  });
  for (const warning of roster.warnings) ctx.out.info(`Let op: ${warning}`);
  if (roster.pupils.length === 0 && roster.problems.length === 0) fail(`In "${file}" staan geen leerlingen.`);
  const report = await importRoster((await repos()).pupils, roster);
  for (const problem of report.problems) ctx.out.error(problem.message);
  ctx.out.info(`Leerlingen geïmporteerd uit ${path.basename(file)}: ${summarize(report)}.`);
  if (report.fouten > 0) {
    fail(`${report.fouten === 1 ? 'Eén rij is' : `${report.fouten} rijen zijn`} niet geïmporteerd; verbeter ze en importeer het bestand opnieuw (de goede rijen blijven ongewijzigd).`);
  }
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

async function setSchool(args: string[], repos: () => Promise<Repositories>, ctx: AdminContext): Promise<void> {
  const schools = (await repos()).school;
  if (args.length === 0) {
    const school = await schools.get();
    ctx.out.info(school ? `School: ${school.naam} (BRIN ${school.brin}).` : 'Er is nog geen school ingesteld. Gebruik: npm run admin -- school BRIN NAAM');
    return;
  }
  if (args.length < 2) fail('Gebruik: npm run admin -- school BRIN NAAM');
  const checked = brin.validate(args[0]!);
  if (!checked.ok) return fail(checked.problem.message);
  // The name may be typed without quotes: everything after the BRIN.
  const naam = args.slice(1).join(' ').trim();
  if (naam === '') fail('De naam van de school is leeg.');
  const existing = await schools.get();
  const school = schoolSchema.parse({ ...existing, brin: brin.format(checked.value), naam });
  await schools.save(school);
  ctx.out.info(`School ingesteld: ${school.naam} (BRIN ${school.brin}).`);
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
    info: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
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
      repos: async () => {
        try {
          store = await createDocumentStore(config.STORAGE_URL);
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
      process.stderr.write(`Er ging iets mis: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
