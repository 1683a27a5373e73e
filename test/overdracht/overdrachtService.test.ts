import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OverdrachtService } from '../../src/app/overdrachtService';
import { markProvided } from '../../src/domain/dossier';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { isETagConflict, type DocumentStore } from '../../src/storage/documentStore';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import {
  actor,
  conceptDossier,
  createSchool,
  gereedDossier,
  NOOR,
  NOW,
  OTHER_BRIN,
  OWN_BRIN,
  TIM,
  users,
  ZOE,
} from './fixtures';

describe('requestTransfer', () => {
  it('delivers a gereed dossier: LDOS gets the pupil and the dossier, Esis says verstrekt, the maker is told', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));

    const uitkomst = await new OverdrachtService(services).requestTransfer({ leerlingnummer: '1234.56.782', brin: '12ab', by: actor(users.jan) });

    expect(uitkomst.soort).toBe('verstrekt');
    const esis = await repos.dossiers.get(ZOE);
    expect(esis?.status).toBe('verstrekt');
    expect(esis?.verstrekt).toEqual({ at: NOW.toISOString(), door: actor(users.jan), brin: OWN_BRIN });
    expect(esis?.history.at(-1)).toMatchObject({ actie: 'verstrekt', door: actor(users.jan), at: NOW.toISOString() });

    const ldos = await repos.ldos.get(ZOE);
    expect(ldos?.naam).toBe('Zoë Jansen');
    expect(ldos?.leerling.achternaam).toBe('Jansen');
    expect(ldos?.dossier).toMatchObject({ id: `dossier-${ZOE}`, soortOverstap: 'POPO', osoDocument: `<overstapdossier leerling="${ZOE}"/>` });
    expect(ldos?.dossier.bijlagen.map((b) => b.naam)).toEqual(['verslag.pdf']);
    expect(ldos?.ontvangen.door).toEqual(actor(users.jan));
    expect((await repos.ldos.list()).map((l) => l.leerlingnummer)).toEqual([ZOE]);

    expect(notifier.sent).toEqual([{ userId: 'mieke', text: expect.stringContaining('Het dossier van Zoë Jansen is verstrekt aan LDOS') }]);
  });

  it('answers LeerlinginfoNietBeschikbaar alike for no dossier, a concept, and a dossier for another BRIN, changing nothing', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(conceptDossier(TIM));
    await repos.dossiers.save(gereedDossier(NOOR, { ontvangendeBrin: OTHER_BRIN }));
    const service = new OverdrachtService(services);

    const outcomes = [
      await service.requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) }),
      await service.requestTransfer({ leerlingnummer: TIM, brin: OWN_BRIN, by: actor(users.jan) }),
      await service.requestTransfer({ leerlingnummer: NOOR, brin: OWN_BRIN, by: actor(users.jan) }),
    ];

    expect(outcomes).toEqual([
      { soort: 'LeerlinginfoNietBeschikbaar' },
      { soort: 'LeerlinginfoNietBeschikbaar' },
      { soort: 'LeerlinginfoNietBeschikbaar' },
    ]);
    expect((await repos.dossiers.get(TIM))?.status).toBe('concept');
    expect((await repos.dossiers.get(NOOR))?.status).toBe('gereed');
    expect(await repos.ldos.list()).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });

  it('answers LeerlinginfoNietOpvraagbaar when the parents have not had inspection', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(conceptDossier(TIM, { inzage: { gehad: false } }));

    const uitkomst = await new OverdrachtService(services).requestTransfer({ leerlingnummer: TIM, brin: OWN_BRIN, by: actor(users.jan) });

    expect(uitkomst).toEqual({ soort: 'LeerlinginfoNietOpvraagbaar' });
    expect((await repos.dossiers.get(TIM))?.status).toBe('concept');
    expect(await repos.ldos.get(TIM)).toBeUndefined();
  });

  it('says when and by whom a dossier was delivered, and imports nothing twice', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const service = new OverdrachtService(services);
    await service.requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) });
    const before = await repos.ldos.get(ZOE);

    const again = await service.requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.els) });

    expect(again).toEqual({
      soort: 'alVerstrekt',
      naam: 'Zoë Jansen',
      verstrekt: { at: NOW.toISOString(), door: actor(users.jan), brin: OWN_BRIN },
    });
    expect(await repos.ldos.get(ZOE)).toEqual(before);
    expect((await repos.dossiers.get(ZOE))?.history.filter((h) => h.actie === 'verstrekt')).toHaveLength(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it('completes the LDOS import when an earlier request stopped between the two writes', async () => {
    const { repos, services, notifier } = await createSchool();
    // The state a crash right after the Esis write leaves: verstrekt with the maker's notice
    // still pending (recorded in that same write), but nothing in LDOS.
    const provided = markProvided(gereedDossier(ZOE), actor(users.jan), '2026-09-03T09:00:00.000Z', OWN_BRIN);
    if (!provided.ok) throw new Error(provided.problem.message);
    await repos.dossiers.save({ ...provided.value, makerNoticePending: true });

    const uitkomst = await new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.els) });

    expect(uitkomst).toMatchObject({ soort: 'alVerstrekt', verstrekt: { door: actor(users.jan) } });
    expect((await repos.ldos.get(ZOE))?.ontvangen).toEqual(provided.value.verstrekt);
    expect(notifier.sent.map((n) => n.userId)).toEqual(['mieke']);
  });

  it('replaces the dossier in LDOS when a pupil who is already there gets a newer dossier, keeping the class', async () => {
    const { repos, services } = await createSchool();
    const service = new OverdrachtService(services);
    await repos.dossiers.save(gereedDossier(ZOE));
    await service.requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) });
    await repos.ldos.placeInClass(ZOE, 'groep 6');
    await repos.dossiers.save(gereedDossier(ZOE, { id: 'tweede', soortOverstap: 'POVO', categorieen: [] }));

    const uitkomst = await service.requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.els) });

    expect(uitkomst.soort).toBe('verstrekt');
    const ldos = await repos.ldos.get(ZOE);
    expect(ldos).toMatchObject({ klas: 'groep 6', dossier: { id: 'tweede', soortOverstap: 'POVO' }, ontvangen: { door: actor(users.els) } });
    expect(await repos.ldos.list()).toHaveLength(1);
  });

  it('does not message a director who made the dossier themselves', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE, { aangemaaktDoor: actor(users.jan) }));
    await new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) });
    expect(notifier.sent).toEqual([]);
  });
});

/** Counts writes to `key` that lost a compare-and-set race. */
function countConflicts(store: DocumentStore, key: string): () => number {
  let n = 0;
  const set = store.set.bind(store);
  store.set = async (k, value, condition) => {
    try {
      return await set(k, value, condition);
    } catch (err) {
      if (k === key && isETagConflict(err)) n++;
      throw err;
    }
  };
  return () => n;
}

describe('two directors requesting the same dossier at the same moment', () => {
  const tempDirs: string[] = [];
  const stores: DocumentStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function sqliteStore(): Promise<DocumentStore> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-overdracht-'));
    tempDirs.push(dir);
    const store = await createDocumentStore(`sqlite://${path.join(dir, 'bot.sqlite')}`);
    stores.push(store);
    return store;
  }

  for (const backend of ['memory', 'sqlite'] as const) {
    it(`gives one success, one "already delivered" and one LDOS record (${backend})`, async () => {
      const store = backend === 'sqlite' ? await sqliteStore() : new MemoryDocumentStore();
      const conflicts = countConflicts(store, `dossier:${ZOE}`);
      const { repos, services, notifier } = await createSchool(store);
      await repos.dossiers.save(gereedDossier(ZOE));
      // Two service instances, as two turns would each have their own.
      const [a, b] = await Promise.all([
        new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) }),
        new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.els) }),
      ]);

      expect([a.soort, b.soort].sort()).toEqual(['alVerstrekt', 'verstrekt']);
      const winner = a.soort === 'verstrekt' ? users.jan : users.els;
      const loser = a.soort === 'verstrekt' ? b : a;
      expect(loser).toMatchObject({ soort: 'alVerstrekt', verstrekt: { door: actor(winner) } });

      const esis = await repos.dossiers.get(ZOE);
      expect(esis?.verstrekt?.door).toEqual(actor(winner));
      expect(esis?.history.filter((h) => h.actie === 'verstrekt')).toHaveLength(1);
      expect(await repos.ldos.list()).toHaveLength(1);
      expect((await repos.ldos.get(ZOE))?.ontvangen.door).toEqual(actor(winner));
      expect(notifier.sent).toHaveLength(1);
      // Both read the gereed dossier before either wrote: the race really took place.
      expect(conflicts()).toBeGreaterThanOrEqual(1);
    });
  }
});
