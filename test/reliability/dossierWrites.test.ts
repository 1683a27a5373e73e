/**
 * Dossier writes are eTag-checked against what they decided on: a change that lands between
 * the read and the write is never silently overwritten, and nothing is stored twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDossierReady, saveConcept } from '../../src/app/dossierService';
import type { BotServices } from '../../src/app/services';
import { createDossier, type Dossier } from '../../src/domain/dossier';
import { createLogger } from '../../src/log';
import { createRepositories } from '../../src/repositories';
import { keys } from '../../src/repositories/keys';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import type { Versioned } from '../../src/storage/documentStore';
import { COMPLETE_ANSWERS, fixedClock, loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

/** A store that lets a test slip a write in right after a given read. */
class InterleavingStore extends MemoryDocumentStore {
  private hooks: { key: string; run: () => Promise<void> }[] = [];

  /** After the next read of `key`, `run` writes something, as another turn would. */
  afterNextRead(key: string, run: () => Promise<void>): void {
    this.hooks.push({ key, run });
  }

  override async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const result = await super.get<T>(key);
    const i = this.hooks.findIndex((h) => h.key === key);
    if (i >= 0) {
      const [hook] = this.hooks.splice(i, 1);
      await hook!.run();
    }
    return result;
  }
}

const by = { userId: USER.id, naam: USER.naam };
const answers = COMPLETE_ANSWERS;
const zoe = { leerlingnummer: PUPILS.zoe.leerlingnummer, naam: 'Zoë van den Berg' };

async function setup() {
  const store = new InterleavingStore();
  const repos = createRepositories(store);
  await loadFixtures(repos);
  const services: BotServices = { repos, clock: fixedClock, logger: createLogger('silent'), demoMode: false };
  return { store, repos, services };
}

const concept = (id: string, extra: Partial<Dossier> = {}): Dossier => ({
  ...createDossier({ id, leerlingnummer: zoe.leerlingnummer, leerlingNaam: zoe.naam, aangemaaktDoor: by, ...answers }, '2026-10-15T10:00:00.000Z'),
  ...extra,
});

describe('dossier writes', () => {
  it('a new concept does not overwrite a dossier that became "gereed" between the check and the write', async () => {
    const { store, repos, services } = await setup();
    await repos.dossiers.save(concept('old'));
    // Another turn makes the existing concept ready right after saveConcept looked at it.
    store.afterNextRead(keys.dossier(zoe.leerlingnummer), async () => {
      await repos.dossiers.update(zoe.leerlingnummer, (d) => ({ ...d!, status: 'gereed' }));
    });
    const result = await saveConcept(services, zoe, { ...answers, aantalSchooljaren: 1 }, by);
    expect(result.ok).toBe(false);
    const stored = await repos.dossiers.get(zoe.leerlingnummer);
    expect(stored).toMatchObject({ id: 'old', status: 'gereed', aantalSchooljaren: 3 });
  });

  it('making a dossier ready does not overwrite answers saved between its read and its write', async () => {
    const { store, repos, services } = await setup();
    await repos.dossiers.save(concept('d1'));
    // Right after makeDossierReady read the concept, the user saves other answers in another chat.
    store.afterNextRead(keys.dossier(zoe.leerlingnummer), async () => {
      await saveConcept(services, zoe, { ...answers, aantalSchooljaren: 2 }, by, { continueId: 'd1' });
    });
    const result = await makeDossierReady(services, zoe.leerlingnummer, by);
    expect(result.ok).toBe(false);
    const stored = await repos.dossiers.get(zoe.leerlingnummer);
    expect(stored).toMatchObject({ id: 'd1', status: 'concept', aantalSchooljaren: 2 });
  });

  it('a delivered dossier that is replaced goes to the archive exactly once, even after a lost race', async () => {
    const { store, repos } = await setup();
    const delivered = concept('v1', { status: 'verstrekt' });
    await repos.dossiers.save(delivered);
    let interfered = false;
    store.afterNextRead(keys.dossier(zoe.leerlingnummer), async () => {
      // Someone else touches the delivered dossier: our conditional write loses and retries.
      interfered = true;
      await repos.dossiers.update(zoe.leerlingnummer, (d) => ({ ...d!, history: [...d!.history] }));
    });
    expect(await repos.dossiers.save(concept('n1'))).toBe(true);
    expect(interfered).toBe(true);
    expect((await repos.dossiers.get(zoe.leerlingnummer))?.id).toBe('n1');
    expect((await store.get<Dossier>(keys.dossierArchive(zoe.leerlingnummer, 'v1')))?.value.status).toBe('verstrekt');
    expect(await repos.dossiers.listMadeBy(USER.id)).toHaveLength(1);
  });

  it('a new dossier beside a delivered one whose promotion a crash interrupted is finished by the next read', async () => {
    const { store, repos } = await setup();
    const delivered = concept('v1', { status: 'verstrekt' });
    await repos.dossiers.save(delivered);
    // The state after the draft turned "gereed" and before it replaced the delivered dossier.
    await store.set(keys.dossierDraft(zoe.leerlingnummer), concept('n1', { status: 'gereed' }));
    expect(await repos.dossiers.getConcept(zoe.leerlingnummer)).toBeUndefined();

    expect(await repos.dossiers.get(zoe.leerlingnummer)).toMatchObject({ id: 'n1', status: 'gereed' });
    expect((await store.get<Dossier>(keys.dossierArchive(zoe.leerlingnummer, 'v1')))?.value).toEqual(delivered);
    expect(await store.get(keys.dossierDraft(zoe.leerlingnummer))).toBeUndefined();
    expect((await repos.dossiers.listMadeBy(USER.id)).map((d) => d.id)).toEqual(['n1']);
  });

  it('a leftover of a promotion that did finish never replaces the dossier once that is delivered', async () => {
    const { store, repos } = await setup();
    const promoted = concept('n1', { status: 'gereed' });
    const delivered = concept('n1', { status: 'verstrekt' });
    await repos.dossiers.save(delivered);
    // The draft's delete after the promotion was lost (crash); the dossier was delivered since.
    await store.set(keys.dossierDraft(zoe.leerlingnummer), promoted);
    expect(await repos.dossiers.get(zoe.leerlingnummer)).toEqual(delivered);
    expect(await store.get(keys.dossierDraft(zoe.leerlingnummer))).toBeUndefined();
  });

  it('eight simultaneous saves for one pupil leave one dossier, listed once; the others are told, nothing is silently replaced', async () => {
    const { repos, services } = await setup();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => saveConcept(services, zoe, { ...answers, aantalSchooljaren: ((i % 3) + 1) as 1 | 2 | 3 }, by)),
    );
    const saved = results.flatMap((r) => (r.ok ? [r.value] : []));
    expect(saved).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.problem.code).toBe('ander-concept');
    expect((await repos.dossiers.get(zoe.leerlingnummer))?.id).toBe(saved[0]!.id);
    const list = (await repos.store.get<string[]>(keys.dossiersByUser(USER.id)))?.value;
    expect(list).toEqual([zoe.leerlingnummer]);
    expect(await repos.dossiers.listMadeBy(USER.id)).toHaveLength(1);
  });

  it('fifty users registering at once all land in the user index (no retries exhausted, SQLite)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-index-'));
    const store = await createDocumentStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
    try {
      const repos = createRepositories(store);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => repos.users.save({ id: `u${i}`, naam: `Gebruiker ${i}`, rollen: ['medewerker'] })),
      );
      expect(await repos.users.list()).toHaveLength(50);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an LDOS import that stopped between the record and the index is completed by the next one, listed once', async () => {
    const { store, repos } = await setup();
    const record = { leerlingnummer: zoe.leerlingnummer, naam: zoe.naam, dossier: { id: 'd1' } } as never;
    // The first import wrote the record, then the process stopped before the index.
    await store.set(keys.ldosPupil(zoe.leerlingnummer), record, { ifNoneMatch: '*' });
    expect(await repos.ldos.list()).toHaveLength(0);
    expect(await repos.ldos.importOnce(record)).toBe(false); // not created again …
    expect((await repos.ldos.list()).map((l) => l.leerlingnummer)).toEqual([zoe.leerlingnummer]); // … but listed
    await Promise.all([repos.ldos.importOnce(record), repos.ldos.importOnce(record)]);
    expect((await store.get<string[]>(keys.ldosIndex()))?.value).toEqual([zoe.leerlingnummer]);
  });
});
