/**
 * `npm run load -- [--users 50] [--seconds 60]`: simulated staff members make overstapdossiers
 * through the real conversation, over HTTP, against the real server — and a directie user
 * requests most of them ("aanvraag overdracht"). Afterwards it checks the store: every
 * dossier exists exactly once, with the status its conversation ended in.
 *
 * Safety: it only talks to loopback. By default it starts the compiled server itself (own
 * temporary SQLite file, seeded with a school and pupils, demo mode so every user has every
 * role). `--url http://127.0.0.1:PORT --storage-url sqlite:///path` drives a server that is
 * already running on this machine and seeds/reads its store instead. Users (≤ 200) and
 * seconds (≤ 600) are bounded; every request times out after 30 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEXT as AANVRAAG_TEXT } from '../../dialogs/aanvraagOverdrachtDialog';
import { TEXT as DOSSIER_TEXT } from '../../dialogs/dossierDialog.texts';
import { todayIn, systemClock } from '../app/clock';
import { demoData } from '../demo/demoData';
import type { Dossier, DossierStatus } from '../domain/dossier';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { displayName, searchableName, type Pupil } from '../domain/pupil';
import { isLoopbackUrl } from '../http/loopback';
import { freeLoopbackPort } from '../lib/freePort';
import { createRepositories, type Repositories } from '../repositories';
import { keys } from '../repositories/keys';
import { createDocumentStore } from '../storage/createDocumentStore';
import { ChannelListener, SimulatedUser, type TurnResult } from '../channel/localChannel';
import { letterName } from '../bench/fixtures';

const LIMITS = { users: 200, seconds: 600 };
const REQUEST_TIMEOUT_MS = 30_000;
const LOAD_BRIN = '99ZZ';

export interface LoadOptions {
  users: number;
  seconds: number;
  /** An already running server on loopback; otherwise one is started. */
  url?: string;
  storageUrl?: string;
  logLevel: string;
}

type Kind = 'verstrekt' | 'gereed' | 'concept';

interface Expected {
  leerlingnummer: string;
  userId: string;
  status: DossierStatus;
}

interface Stats {
  latencies: number[];
  errors: string[];
  expected: Expected[];
  aborted: number;
}

export function parseArgs(argv: string[]): LoadOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (name: string, fallback: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got ${raw}).`);
    return n;
  };
  const url = value('url');
  const storageUrl = value('storage-url');
  if (url !== undefined && !isLoopbackUrl(url)) {
    throw new Error(`Refusing ${url}: the load test only runs against a server on this machine (localhost, 127.0.0.1, ::1).`);
  }
  if ((url === undefined) !== (storageUrl === undefined)) {
    throw new Error('--url and --storage-url go together: the store of that server is seeded before and checked after the run.');
  }
  return { users: int('users', 50, LIMITS.users), seconds: int('seconds', 60, LIMITS.seconds), url, storageUrl, logLevel: value('log-level') ?? 'warn' };
}

// ── the run ──────────────────────────────────────────────────────────────────

export async function runLoad(options: LoadOptions, print: (line: string) => void = console.log): Promise<boolean> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-load-'));
  const storageUrl = options.storageUrl ?? `sqlite://${path.join(dir, 'load.sqlite')}`;
  const pupilsPerUser = Math.max(20, Math.ceil(options.seconds));
  let server: StartedServer | undefined;
  let passed = false;
  const channel = await new ChannelListener().start();
  try {
    print(`Seeding ${options.users * pupilsPerUser} pupils …`);
    const pupils = await seed(storageUrl, options.users * pupilsPerUser);
    server = options.url ? undefined : await startServer(storageUrl, dir, options.logLevel);
    const url = options.url ?? server!.url;
    print(`Running ${options.users} users for ${options.seconds} s against ${url} …`);

    const stats: Stats = { latencies: [], errors: [], expected: [], aborted: 0 };
    const started = performance.now();
    const deadline = Date.now() + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.users }, (_, u) =>
        simulateUser(url, channel, u, pupils.slice(u * pupilsPerUser, (u + 1) * pupilsPerUser), deadline, stats),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    if (server) await server.stop();

    const check = await verify(storageUrl, stats.expected, options.users);
    printReport(print, options, stats, seconds, check);
    if (server) {
      const personal = findElfproefNumbers(readFileSync(server.logFile, 'utf8'));
      print(`Server log: ${personal.length === 0 ? 'no' : personal.length} BSN-like numbers (elfproef) found.`);
      if (personal.length) check.problems.push(`${personal.length} BSN-like numbers in the server log`);
    }
    passed = stats.errors.length === 0 && check.problems.length === 0;
    return passed;
  } finally {
    await server?.stop();
    await channel.stop();
    // Kept after a failure, so the server log (redacted) can explain the errors.
    if (passed) rmSync(dir, { recursive: true, force: true });
    else print(`Kept for inspection: ${dir}`);
  }
}

/** One staff member in one chat: dossier after dossier until the time is up. */
async function simulateUser(url: string, channel: ChannelListener, index: number, pupils: Pupil[], deadline: number, stats: Stats): Promise<void> {
  const userId = `load-user-${index + 1}`;
  const user = new SimulatedUser(url, channel, userId, `Medewerker ${letterName(index)}`);
  for (let n = 0; n < pupils.length && Date.now() < deadline; n++) {
    const pupil = pupils[n]!;
    // A fixed mix: most dossiers are requested by the directie, some stay gereed, some concept.
    const k = (index + n) % 7; // shifted per user, so every kind occurs early in the run
    const kind: Kind = k === 3 ? 'concept' : k === 5 ? 'gereed' : 'verstrekt';
    const ok = await makeDossier(user, pupil.leerlingnummer, kind, stats);
    if (!ok) {
      stats.aborted++;
      await turn(user, 'annuleren', undefined, stats).catch(() => undefined);
      continue;
    }
    stats.expected.push({ leerlingnummer: pupil.leerlingnummer, userId, status: kind });
  }
}

const D = DOSSIER_TEXT;
const A = AANVRAAG_TEXT;

async function makeDossier(user: SimulatedUser, bsn: string, kind: Kind, stats: Stats): Promise<boolean> {
  const steps: [string, string][] = [
    ['nieuw dossier', D.leerling.vraag],
    [bsn, D.soort.vraag],
    ['ok', D.categorieen.vraag],
    ['geen', D.schooljaren.vraag],
    ['ok', D.contactpersoon.vraag],
    ['ok', D.bijlagen.vraag],
    ['geen', D.voorlopig.vraag],
    ['ok', D.contactGewenst.vraag],
    ['nee', D.brin.vraag],
    ['ok', D.inzage.vraag],
  ];
  if (kind === 'concept') {
    steps.push(['nee', 'bewaard als concept']);
  } else {
    steps.push(
      ['ja', D.inzageDatum.vraag],
      ['vandaag', D.inzageMedewerker.vraag],
      ['ok', D.akkoord.vraag],
      ['Ja', D.gereedmaken.vraag],
      ['ja', 'status "gereed"'],
    );
  }
  if (kind === 'verstrekt') {
    steps.push(
      ['OSO – aanvraag overdracht', A.bsnVraag],
      [bsn, A.brinVraag],
      ['ok', A.bevestigVraag],
      ['Aanvragen overdracht', 'staat nu in LDOS'],
    );
  }
  for (const [text, expect] of steps) {
    const result = await turn(user, text, expect, stats);
    if (!result) return false;
    // No LDOS classes in the seeded store; if there are, the class question is answered "later".
    if (expect === 'staat nu in LDOS' && texts(result).includes('Of kies "later"')) {
      if (!(await turn(user, 'later', 'zonder klas', stats))) return false;
    }
  }
  return true;
}

async function turn(user: SimulatedUser, text: string, expect: string | undefined, stats: Stats): Promise<TurnResult | undefined> {
  let result: TurnResult;
  try {
    result = await Promise.race([
      user.say(text),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), REQUEST_TIMEOUT_MS).unref()),
    ]);
  } catch (err) {
    stats.errors.push(`${user.userId} "${text}": ${(err as Error).message}`);
    return undefined;
  }
  stats.latencies.push(result.ms);
  const said = texts(result);
  if (result.status !== 200) stats.errors.push(`${user.userId} "${text}": HTTP ${result.status}`);
  else if (/foutcode/i.test(said)) stats.errors.push(`${user.userId} "${text}": turn error: ${said.slice(0, 200)}`);
  else if (expect && !said.includes(expect)) stats.errors.push(`${user.userId} "${text}": expected "${expect.slice(0, 60)}", got "${said.slice(0, 200)}"`);
  else return result;
  return undefined;
}

const texts = (r: TurnResult): string => r.replies.map((a) => a.text ?? '').join('\n');

// ── seeding and checking the store ───────────────────────────────────────────

/** School and pupils straight into the store (one index write, not one per pupil). */
async function seed(storageUrl: string, count: number): Promise<Pupil[]> {
  const store = await createDocumentStore(storageUrl);
  try {
    const repos = createRepositories(store);
    const demo = demoData(todayIn(systemClock));
    if (!(await repos.school.get())) await repos.school.save({ ...demo.school, brin: LOAD_BRIN, naam: 'Loadtestschool' });
    const template = demo.pupils[0]!;
    const index = (await store.get<Record<string, unknown>>(keys.pupilIndex()))?.value ?? {};
    const pupils: Pupil[] = [];
    const numbers = bsnNumbers();
    for (let i = 0; i < count; i++) {
      const pupil: Pupil = { ...template, leerlingnummer: numbers.next().value as string, voornamen: [`Load${i}`], roepnaam: `Load${i}`, achternaam: 'Test' };
      pupils.push(pupil);
      await store.set(keys.pupil(pupil.leerlingnummer), pupil);
      index[pupil.leerlingnummer] = { leerlingnummer: pupil.leerlingnummer, naam: displayName(pupil), groep: pupil.groep, zoek: searchableName(pupil) };
    }
    await store.set(keys.pupilIndex(), index);
    return pupils;
  } finally {
    await store.close();
  }
}

/** Successive valid BSNs from 700000000 up (a fictional range for this tool). */
function* bsnNumbers(): Generator<string> {
  for (let p = 70_000_000; p < 80_000_000; p++) {
    const first = String(p);
    let sum = 0;
    for (let k = 0; k < 8; k++) sum += (9 - k) * Number(first[k]);
    const check = sum % 11;
    if (check <= 9) yield first + String(check);
  }
}

interface Check {
  found: number;
  problems: string[];
}

async function verify(storageUrl: string, expected: Expected[], users: number): Promise<Check> {
  const store = await createDocumentStore(storageUrl);
  const problems: string[] = [];
  try {
    const repos: Repositories = createRepositories(store);
    let found = 0;
    for (const e of expected) {
      const d = await repos.dossiers.get(e.leerlingnummer);
      if (!d) problems.push(`lost: no dossier for ${leerlingnummer.mask(e.leerlingnummer)}`);
      else if (d.status !== e.status) problems.push(`wrong status for ${leerlingnummer.mask(e.leerlingnummer)}: ${d.status}, expected ${e.status}`);
      else if (d.aangemaaktDoor.userId !== e.userId) problems.push(`dossier ${d.id} made by ${d.aangemaaktDoor.userId}, expected ${e.userId}`);
      else found++;
      if (d?.status === 'verstrekt') {
        const l = await repos.ldos.get(e.leerlingnummer);
        if (!l || l.dossier.id !== d.id) problems.push(`verstrekt dossier ${d.id} missing from LDOS`);
      }
    }
    // Exactly once: each user's list names each of their dossiers once and nothing else.
    for (let u = 1; u <= users; u++) {
      const userId = `load-user-${u}`;
      const list = (await store.get<string[]>(keys.dossiersByUser(userId)))?.value ?? [];
      if (new Set(list).size !== list.length) problems.push(`duplicated: ${userId}'s dossier list has repeats`);
      const made: Dossier[] = await repos.dossiers.listMadeBy(userId);
      const mine = expected.filter((e) => e.userId === userId).map((e) => e.leerlingnummer);
      const extra = made.filter((d) => !mine.includes(d.leerlingnummer));
      // A dossier abandoned mid-conversation may exist as a concept; only count other surprises.
      for (const d of extra) if (d.status !== 'concept') problems.push(`unexpected ${d.status} dossier ${d.id} for ${userId}`);
    }
    const ldosIndex = (await store.get<string[]>(keys.ldosIndex()))?.value ?? [];
    if (new Set(ldosIndex).size !== ldosIndex.length) problems.push('duplicated: the LDOS index lists a pupil twice');
    const verstrekt = expected.filter((e) => e.status === 'verstrekt').length;
    if (ldosIndex.length !== verstrekt) problems.push(`LDOS holds ${ldosIndex.length} pupils, expected ${verstrekt}`);
    return { found, problems };
  } finally {
    await store.close();
  }
}

// ── report ───────────────────────────────────────────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function printReport(print: (line: string) => void, o: LoadOptions, s: Stats, seconds: number, check: Check): void {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const byStatus = (st: DossierStatus) => s.expected.filter((e) => e.status === st).length;
  print('');
  print(`users ${o.users}, duration ${seconds.toFixed(1)} s`);
  print(`turns ${sorted.length}, ${(sorted.length / seconds).toFixed(1)} turns/s`);
  print(`latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`);
  print(`dossiers completed ${s.expected.length} (verstrekt ${byStatus('verstrekt')}, gereed ${byStatus('gereed')}, concept ${byStatus('concept')}), abandoned ${s.aborted}`);
  print(`errors ${s.errors.length}`);
  for (const e of s.errors.slice(0, 10)) print(`  ${e}`);
  print(`store check: ${check.found}/${s.expected.length} dossiers present with the right status; ${check.problems.length} problems`);
  for (const p of check.problems.slice(0, 10)) print(`  ${p}`);
}

// ── the server ───────────────────────────────────────────────────────────────

interface StartedServer {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

async function startServer(storageUrl: string, dir: string, logLevel: string): Promise<StartedServer> {
  const port = await freeLoopbackPort();
  const logFile = path.join(dir, 'server.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [path.resolve(__dirname, '../index.js')], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STORAGE_URL: storageUrl, DEMO_MODE: 'on', LOG_LEVEL: logLevel, MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The server did not start within 60 s.');
    await new Promise((r) => setTimeout(r, 200));
  }
  let stopped = false;
  return {
    url,
    logFile,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((r) => log.end(() => r()));
    },
  };
}


/** Nine digits (separators allowed) that pass the BSN or onderwijsnummer check. */
export function findElfproefNumbers(text: string): string[] {
  const candidates = text.match(/(?<![0-9])[0-9](?:[\s.\-+_/]?[0-9]){8}(?![0-9])/g) ?? [];
  return candidates.filter((m) => leerlingnummer.isValid(m.replace(/[^0-9]/g, '')));
}

if (require.main === module) {
  let options: LoadOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  runLoad(options).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: Error) => {
      console.error(`Load test failed: ${err.message}`);
      process.exit(1);
    },
  );
}
