import { describe, expect, it } from 'vitest';
import { demoData, DEMO_BRIN } from '../../src/demo/demoData';
import { loadDemoData } from '../../src/demo/loadDemoData';
import * as bsn from '../../src/domain/identifiers/bsn';
import * as brin from '../../src/domain/identifiers/brin';
import * as onderwijsnummer from '../../src/domain/identifiers/onderwijsnummer';
import { pupilSchema } from '../../src/domain/pupil';
import { createRepositories } from '../../src/repositories';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

// Early in a school year and late in one: the demo must look right in both.
const DAYS = ['2026-09-03', '2027-06-30'];

describe.each(DAYS)('demo data on %s', (today) => {
  const data = demoData(today);

  it('has a fictional school with a valid BRIN and about twelve pupils', () => {
    expect(brin.isValid(data.school.brin)).toBe(true);
    expect(data.school.brin).toBe(DEMO_BRIN);
    expect(data.pupils.length).toBeGreaterThanOrEqual(12);
  });

  it('every pupil validates against the pupil model', () => {
    for (const p of data.pupils) expect(pupilSchema.safeParse(p).error).toBeUndefined();
  });

  it('every BSN passes the elfproef; one keeps a leading zero, one pupil has an onderwijsnummer instead', () => {
    const numbers = data.pupils.map((p) => p.leerlingnummer);
    const bsns = numbers.filter((n) => !n.startsWith('10'));
    for (const n of bsns) expect(bsn.isValid(n), n).toBe(true);
    expect(bsns.some((n) => n.startsWith('0'))).toBe(true);
    const onrs = numbers.filter((n) => n.startsWith('10'));
    expect(onrs).toHaveLength(1);
    expect(onderwijsnummer.isValid(onrs[0]!)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('has varied names: tussenvoegsels, diacritics and two pupils with the same achternaam', () => {
    const names = data.pupils.map((p) => [p.voornamen.join(' '), p.voorvoegsel, p.achternaam].join(' '));
    expect(data.pupils.some((p) => p.voorvoegsel === 'van den')).toBe(true);
    expect(data.pupils.some((p) => p.voorvoegsel === 'de')).toBe(true);
    for (const name of ['Zoë', 'Daniël', 'Noëlle', 'İlayda']) expect(names.join('|')).toContain(name);
    const achternamen = data.pupils.map((p) => p.achternaam);
    expect(achternamen.some((a, i) => achternamen.indexOf(a) !== i)).toBe(true);
  });

  it('every pupil has parents and a school career that ends in the current school year', () => {
    const start = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 8 ? 0 : 1);
    const current = `${start}-${start + 1}`;
    for (const p of data.pupils) {
      expect(p.verzorgers.length, p.achternaam).toBeGreaterThan(0);
      expect(p.schoolloopbaan.at(-1)!.schooljaar).toBe(current);
      expect(p.schoolloopbaan.at(-1)!.einddatum).toBeUndefined();
    }
    // Pupils enrolled three or more school years ago cover at least three school years, and
    // every pupil has an enrolment date (OSO requires it; nothing is derived from the career).
    for (const p of data.pupils) expect(p.datumInschrijving, p.achternaam).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const older = data.pupils.filter((p) => Number(p.datumInschrijving!.slice(0, 4)) <= start - 2);
    expect(older.length).toBeGreaterThan(5);
    for (const p of older) expect(p.schoolloopbaan.length).toBeGreaterThanOrEqual(3);
  });

  it('has some optional category data, all dated on or before today', () => {
    const withData = data.pupils.filter((p) => p.verzuim.length + p.toetsresultaten.length + p.ondersteuning.length > 0);
    expect(withData.length).toBeGreaterThanOrEqual(3);
    const dates = data.pupils.flatMap((p) => [
      p.geboortedatum,
      ...p.toetsresultaten.map((t) => t.datum),
      ...p.ondersteuning.map((o) => o.begindatum),
      ...p.schoolloopbaan.map((s) => s.begindatum),
    ]);
    for (const d of dates) expect(d <= today, d).toBe(true);
  });
});

describe('loadDemoData', () => {
  it('loads school, pupils and LDOS classes into an empty store, and only once', async () => {
    const store = new MemoryDocumentStore();
    const repos = createRepositories(store);
    expect(await loadDemoData(repos, '2026-09-03')).toBe(true);
    expect((await repos.school.get())!.brin).toBe(DEMO_BRIN);
    expect(await repos.pupils.count()).toBe(demoData('2026-09-03').pupils.length);
    expect(await repos.ldos.classes()).toEqual(['groep 1/2', 'groep 3', 'groep 4', 'groep 5', 'groep 6', 'groep 7', 'groep 8']);
    expect(await repos.users.list()).toEqual([]);
    const writes = store.writes;
    expect(await loadDemoData(repos, '2026-09-04')).toBe(false);
    expect(store.writes).toBe(writes);
  });

  it('leaves a store that already has pupils alone', async () => {
    const repos = createRepositories(new MemoryDocumentStore());
    await repos.pupils.upsert(demoData('2026-09-03').pupils[0]!);
    expect(await loadDemoData(repos, '2026-09-03')).toBe(false);
    expect(await repos.school.get()).toBeUndefined();
    expect(await repos.pupils.count()).toBe(1);
  });

  it('loads once when two starts race', async () => {
    const repos = createRepositories(new MemoryDocumentStore());
    const results = await Promise.all([loadDemoData(repos, '2026-09-03'), loadDemoData(repos, '2026-09-03')]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
