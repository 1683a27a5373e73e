import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { Dossier } from '../../src/domain/dossier';
import { createLogger } from '../../src/log';
import { AttachmentRegister, SWEEP_GRACE_MS, type RegisterEntry } from '../../src/repositories/attachmentRegister';
import { isOwnedByBotProcess, keys } from '../../src/repositories/keys';
import { startBot } from '../../src/startBot';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import type { DocumentStore } from '../../src/storage/documentStore';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const NOW = new Date('2026-10-15T10:00:00Z');
const OLD = new Date(NOW.getTime() - SWEEP_GRACE_MS - 1).toISOString();
const CONVERSATION = 'msteams/conversations/a:1/';

async function storeContent(store: DocumentStore, id: string, entry: RegisterEntry): Promise<void> {
  await new AttachmentRegister(store).add(id, entry);
  await store.set(keys.attachment(id), Buffer.from(`inhoud ${id}`).toString('base64'));
}

const dossierWith = (leerlingnummer: string, ids: string[]): Dossier =>
  ({ id: `d-${leerlingnummer}`, leerlingnummer, bijlagen: ids.map((id) => ({ id, naam: `${id}.pdf`, contentType: 'application/pdf', grootte: 9, inhoudKey: keys.attachment(id) })) }) as unknown as Dossier;

describe('removing attachment contents no dossier refers to', () => {
  it('keeps what a dossier or a dossier in progress names, or what is recent; removes the rest', async () => {
    const store = new MemoryDocumentStore();
    await storeContent(store, 'wees', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
    await storeContent(store, 'in-dossier', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
    await storeContent(store, 'in-gesprek', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
    await storeContent(store, 'ander-leerling', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
    await storeContent(store, 'net-binnen', { at: NOW.toISOString(), gesprek: CONVERSATION, leerlingnummers: [] });
    await store.set(keys.dossier('111'), dossierWith('111', ['in-dossier']));
    // "terug" to the pupil question: the dossier was saved for another pupil, who claims the file.
    await store.set(keys.dossier('222'), dossierWith('222', ['ander-leerling']));
    await new AttachmentRegister(store).claim(['ander-leerling'], '222');
    await store.set(CONVERSATION, { dialogState: { values: { a: { bijlagen: [{ id: 'in-gesprek' }] } } } });

    expect(await new AttachmentRegister(store).sweep(NOW)).toBe(1);

    expect(await store.get(keys.attachment('wees'))).toBeUndefined();
    for (const id of ['in-dossier', 'in-gesprek', 'ander-leerling', 'net-binnen']) expect(await store.get(keys.attachment(id)), id).toBeDefined();
    const register = (await store.get<Record<string, RegisterEntry>>(keys.attachmentRegister()))!.value;
    expect(Object.keys(register).sort()).toEqual(['ander-leerling', 'in-dossier', 'in-gesprek', 'net-binnen']);
  });

  it('keeps what a new dossier beside a delivered one names', async () => {
    const store = new MemoryDocumentStore();
    await storeContent(store, 'in-nieuw', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
    await store.set(keys.dossier('111'), { ...dossierWith('111', []), status: 'verstrekt' });
    await store.set(keys.dossierDraft('111'), { ...dossierWith('111', ['in-nieuw']), id: 'nieuw', status: 'concept' });

    expect(await new AttachmentRegister(store).sweep(NOW)).toBe(0);
    expect(await store.get(keys.attachment('in-nieuw'))).toBeDefined();
  });

  describe('at start-up', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('the bot removes contents left behind before it starts, and keeps the ones a dossier names', async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'oso-sweep-'));
      const url = `sqlite://${path.join(dir, 'bot.sqlite')}`;
      const before = await createDocumentStore(url, { ownedKeys: isOwnedByBotProcess });
      await storeContent(before, 'wees', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
      await storeContent(before, 'bewaard', { at: OLD, gesprek: CONVERSATION, leerlingnummers: ['111'] });
      await before.set(keys.dossier('111'), dossierWith('111', ['bewaard']));
      await before.close();

      const config = { ...loadConfig({ STORAGE_URL: url, DEMO_MODE: 'off', LOG_LEVEL: 'silent', HOST: '127.0.0.1' }), PORT: 0 };
      const bot = await startBot(config, createLogger('silent'), { now: () => NOW });
      try {
        expect(await bot.repos.store.get(keys.attachment('wees'))).toBeUndefined();
        expect(await bot.repos.dossiers.getAttachmentContent('bewaard')).toEqual(Buffer.from('inhoud bewaard'));
      } finally {
        await bot.stop(1000);
      }
    });
  });
});
