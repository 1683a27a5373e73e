/**
 * Bench data for the board figure (issue #22, "Scale"): a board of many schools, each with its
 * settings, a roster with the pupil index, staff with roles there and a spring wave of
 * dossiers, written through the Board and each school's repositories, so keys, prefixes and
 * list documents are exactly what the product writes. The measured conversations act for one
 * school of the board (the "acting" school); the one-school store is that same school alone.
 */
import { todayIn, systemClock } from '../app/clock';
import { Board } from '../app/board';
import { demoData } from '../demo/demoData';
import type { Dossier } from '../domain/dossier';
import type { Pupil } from '../domain/pupil';
import type { School } from '../domain/school';
import type { User } from '../domain/users';
import { createRepositories, FIRST_SCHOOL, type Repositories, type SchoolEntry } from '../repositories';
import { keys } from '../repositories/keys';
import { schoolStore } from '../repositories/schoolStore';
import type { DocumentStore } from '../storage/documentStore';
import { BENCH_USER_COUNT, benchBsn, benchUser, letterName, seedPupils, seedSchool } from './fixtures';
import { benchMessage, createInProcessBot } from './inProcessBot';
import { CONCEPTS_PER_SCHOOL, type BoardShape, type ListSizes } from './boardShape';
import { assertNoTurnError, dossierScript, shortScript } from './script';

/** Groep-8 dossiers are made by the groep-8 leerkrachten: the school's first users. */
const GROEP8_MAKERS = 3;

export interface SampleDossiers {
  gereed: Dossier;
  concept: Dossier;
}

/**
 * One gereed and one concept dossier as the bot writes them: made by the bot itself in a
 * scratch memory store (14 turns of the bench script, then the short script), so the wave's
 * dossiers have the product's shape and size.
 */
export async function sampleDossiers(scratch: DocumentStore): Promise<SampleDossiers> {
  const { template } = await seedSchool(scratch);
  await seedPupils(scratch, template, 0, 2);
  const bot = createInProcessBot(scratch);
  const send = async (i: number, texts: string[]) => {
    for (const text of texts) {
      const replies = await bot.send(benchMessage(`bench-sample-${i}`, { id: benchUser(i).id, name: benchUser(i).naam }, text));
      assertNoTurnError(replies, `sample conversation ${i}, "${text}"`);
    }
  };
  // Up to "gereed" (the script's 14th turn), before the aanvraag overdracht.
  await send(0, dossierScript(benchBsn(0)).slice(0, 14));
  await send(1, shortScript(benchBsn(1)));
  const repos = createRepositories(scratch);
  const gereed = await repos.dossiers.get(benchBsn(0));
  const concept = await repos.dossiers.get(benchBsn(1));
  if (gereed?.status !== 'gereed' || concept?.status !== 'concept') {
    throw new Error(`bench: sample dossiers not gereed/concept (${gereed?.status ?? 'none'}, ${concept?.status ?? 'none'})`);
  }
  return { gereed, concept };
}

/** A school's users: the acting school's are the bench users (the conversations' senders). */
function staffOf(n: number, i: number): User {
  const user = benchUser(i);
  return n === 0 ? user : { ...user, id: `${user.id}-s${n}`, email: `medewerker${i}.s${n}@example.com` };
}

/** The n-th school's pupil k: 1 in 8 in groep 8 (the demo's groep-8 pupil), the others from the demo's other groeps. */
function rosterPupil(n: number, k: number, groep8: Pupil, others: Pupil[]): Pupil {
  const template = k % 8 === 7 ? groep8 : others[k % others.length]!;
  return { ...template, leerlingnummer: benchBsn(10_000_000 + n * 10_000 + k), achternaam: `Rooster${letterName(n)}${k}` };
}

/**
 * School n of the board, through its repositories: settings (n = 0: the demo school, as the
 * bench conversations expect), LDOS classes, BENCH_USER_COUNT staff with roles there, the
 * roster (pupils and the pupil index, as an import writes them), and the spring wave.
 */
async function seedOneSchool(repos: Repositories, n: number, shape: BoardShape, sample: SampleDossiers, settings: School): Promise<void> {
  const data = demoData(todayIn(systemClock));
  await repos.school.save(settings);
  for (const klas of data.klassen) await repos.ldos.addClass(klas);
  for (let i = 0; i < BENCH_USER_COUNT; i++) await repos.users.save(staffOf(n, i));
  const groep8 = data.pupils.find((p) => p.groep === data.pupils[0]!.groep)!;
  const others = data.pupils.filter((p) => p.groep !== groep8.groep);
  const wave: Dossier[] = [];
  let concepts = 0;
  for (let k = 0; k < shape.pupils; k++) {
    const pupil = rosterPupil(n, k, groep8, others);
    await repos.pupils.upsert(pupil);
    const maker = (u: number) => ({ userId: staffOf(n, u).id, naam: staffOf(n, u).naam });
    if (k % 8 === 7) {
      wave.push({ ...sample.gereed, id: `wave-${n}-${k}`, leerlingnummer: pupil.leerlingnummer, aangemaaktDoor: maker(k % GROEP8_MAKERS) });
    } else if (k % 8 === 6 && concepts < CONCEPTS_PER_SCHOOL) {
      // A tussentijdse overstap (a move) being prepared, by the intern begeleider.
      concepts++;
      wave.push({ ...sample.concept, id: `wave-${n}-${k}`, leerlingnummer: pupil.leerlingnummer, aangemaaktDoor: maker(GROEP8_MAKERS) });
    }
  }
  for (const dossier of wave) await repos.dossiers.save(dossier);
}

/**
 * The store for one figure: `shape.schools` schools; the acting school (its entry returned)
 * is the demo school with the bench users and the conversations' pupils (`measuredPupils`,
 * direct keys as in every other section). With one school it is the store's only school;
 * in a board it is the last school added (a prefixed school, as every school but the first).
 */
export async function seedBoard(store: DocumentStore, shape: BoardShape, sample: SampleDossiers, measuredPupils: number): Promise<SchoolEntry> {
  const data = demoData(todayIn(systemClock));
  const settingsOf = (n: number): School => (n === 0 ? data.school : { ...data.school, brin: `${String(10 + n).padStart(2, '0')}BE`, naam: `Bench School ${letterName(n)}` });
  let acting: SchoolEntry = FIRST_SCHOOL;
  if (shape.schools === 1) {
    await seedOneSchool(createRepositories(store), 0, shape, sample, data.school);
  } else {
    const board = new Board(store);
    await seedOneSchool(board.repositoriesFor(FIRST_SCHOOL), 1, shape, sample, settingsOf(1));
    // The acting school last: school n = 0 is the demo school, added after the others.
    for (const n of [...Array.from({ length: shape.schools - 2 }, (_, i) => i + 2), 0]) {
      const added = await board.addSchool(settingsOf(n));
      if (!added) throw new Error(`bench: the board refused school ${n} (BRIN ${settingsOf(n).brin})`);
      await seedOneSchool(board.repositoriesFor(added.entry), n, shape, sample, settingsOf(n));
      acting = added.entry;
    }
    if ((await board.schools()).length !== shape.schools) throw new Error('bench: the board does not list every school');
  }
  await seedPupils(schoolStore(store, acting.prefix), data.pupils[0]!, 0, measuredPupils);
  return acting;
}

const bytes = (value: unknown): number => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Bytes of each list document of the acting school (as stored: JSON), read after the measured conversations. */
export async function listSizes(root: DocumentStore, acting: SchoolEntry): Promise<ListSizes> {
  const school = schoolStore(root, acting.prefix);
  const value = async (store: DocumentStore, key: string) => (await store.get(key))?.value;
  const lists = await Promise.all(Array.from({ length: BENCH_USER_COUNT }, (_, i) => value(school, keys.dossiersByUser(benchUser(i).id))));
  return {
    pupilIndex: bytes(await value(school, keys.pupilIndex())),
    dossiersByUserMax: Math.max(...lists.map(bytes)),
    dossiersByUserTotal: lists.reduce<number>((sum, l) => sum + bytes(l), 0),
    pendingNotices: bytes(await value(school, keys.pendingNotices())),
    ldosIndex: bytes(await value(school, keys.ldosIndex())),
    ldosClasses: bytes(await value(school, keys.ldosClasses())),
    attachmentRegister: bytes(await value(school, keys.attachmentRegister())),
    peopleIndex: bytes(await value(root, keys.userIndex())),
  };
}
