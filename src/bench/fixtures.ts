/**
 * Bench data: a school, staff users and as many pupils as a run needs, each with a valid
 * (made-up) BSN, written straight into the store. Pupils are looked up by BSN in the bench
 * conversations (a direct key), so they are not added to the roster's name index.
 */
import { todayIn, systemClock } from '../app/clock';
import { demoData } from '../demo/demoData';
import type { Dossier } from '../domain/dossier';
import { elfproefSum } from '../domain/identifiers/elfproef';
import type { Pupil } from '../domain/pupil';
import type { User } from '../domain/users';
import { createRepositories } from '../repositories';
import { keys } from '../repositories/keys';
import type { DocumentStore } from '../storage/documentStore';

/** The i-th valid BSN from a range no demo or test data uses (2xxxxxxxx). */
export function benchBsn(i: number): string {
  // Eight digits from i, then the check digit that makes the elfproef sum a multiple of 11;
  // a prefix whose check digit would be 10 is skipped by stepping to the next prefix.
  let prefix = 20_000_000 + i * 2;
  for (;;) {
    const head = String(prefix).padStart(8, '0');
    const partial = elfproefSum(head + '0');
    const check = partial % 11;
    if (check <= 9 && partial !== 0) return head + String(check);
    prefix += 1;
  }
}

export const BENCH_USER_COUNT = 64;
export const benchUserId = (i: number): string => `bench-user-${i % BENCH_USER_COUNT}`;

/**
 * "Aa", "Ab" … "Zz" for 0 … 675: a simulated staff member's name must pass as a contact name,
 * which holds no digits (src/domain/personName.ts), so no "Medewerker 7".
 */
export const letterName = (n: number): string => `${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}${String.fromCharCode(97 + (n % 26))}`;

export function benchUser(i: number): User {
  return {
    id: benchUserId(i),
    naam: `Medewerker ${letterName(i % BENCH_USER_COUNT)}`,
    email: `medewerker${i % BENCH_USER_COUNT}@example.com`,
    telefoon: '0612345678',
    rollen: ['medewerker', 'directie'],
  };
}

/** The demo school, its LDOS classes and the bench users (through the repositories, once). */
export async function seedSchool(store: DocumentStore): Promise<{ template: Pupil }> {
  const repos = createRepositories(store);
  const data = demoData(todayIn(systemClock));
  await repos.school.save(data.school);
  for (const klas of data.klassen) await repos.ldos.addClass(klas);
  for (let i = 0; i < BENCH_USER_COUNT; i++) await repos.users.save(benchUser(i));
  return { template: data.pupils[0]! };
}

/** Pupils [from, from + count): direct documents, written in parallel batches. */
export async function seedPupils(store: DocumentStore, template: Pupil, from: number, count: number): Promise<void> {
  await inBatches(count, (k) => {
    const i = from + k;
    const pupil: Pupil = { ...template, leerlingnummer: benchBsn(i), achternaam: `Bench${i}` };
    return store.set(keys.pupil(pupil.leerlingnummer), pupil);
  });
}

/**
 * Background for the growth figure: `count` other dossiers (made by other users, for pupils
 * outside the bench range) and as many finished conversation states, in the shapes the bot
 * writes. Keys are what matters for lookups; the values are realistic in size.
 */
export async function seedBackground(store: DocumentStore, count: number, sampleDossier: Dossier, sampleState: object): Promise<void> {
  await inBatches(count, async (k) => {
    const nummer = benchBsn(5_000_000 + k);
    const dossier: Dossier = { ...sampleDossier, id: `seed-${k}`, leerlingnummer: nummer, aangemaaktDoor: { userId: `seed-user-${k % 500}`, naam: 'Seed' } };
    await store.set(keys.dossier(nummer), dossier);
    await store.set(`emulator/conversations/seed-conversation-${k}/`, sampleState);
  });
}

async function inBatches(count: number, write: (k: number) => Promise<unknown>, batch = 500): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const jobs: Promise<unknown>[] = [];
    for (let k = start; k < Math.min(count, start + batch); k++) jobs.push(write(k));
    await Promise.all(jobs);
  }
}
