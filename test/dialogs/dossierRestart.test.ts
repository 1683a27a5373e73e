/**
 * A restart of the bot mid-conversation: the state is in the store (ConversationState over
 * KeyvStorage), so a new adapter and bot over the same SQLite file continue at the same question.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import type { DocumentStore, WriteCondition } from '../../src/storage/documentStore';
import { startConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { answerFrom, answerUntil, ASKS, expectScriptAnswers } from '../helpers/dossierScript';

describe('nieuw dossier: restart mid-conversation', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-dossier-restart-'));
  const stores: DocumentStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('continues at the same question with the earlier answers and files, and finishes the dossier', async () => {
    const url = `sqlite://${path.join(dir, 'bot.sqlite')}`;
    const before = await createDocumentStore(url);
    stores.push(before);
    const first = startConversation(before);
    await loadFixtures(first.repos);
    await answerUntil(first, 'bijlagen', { categorieen: 'verzuim, toetsresultaten' });
    await first.say({
      attachments: [{ name: 'rapport.pdf', contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${Buffer.from('%PDF rapport').toString('base64')}` }],
    });
    await first.say('klaar');
    expect((await first.say('ok')).text).toContain(ASKS.contactGewenst);
    await before.close(); // the process stops

    const after = await createDocumentStore(url);
    stores.push(after);
    const second = startConversation(after); // new adapter, bot and dialogs; same conversation id
    const next = await second.say('nee');
    expect(next.text).toContain(ASKS.brin); // contact gewenst answered: the next question follows
    expect((await second.say('terug')).text).toContain(ASKS.contactGewenst); // and the history survived too
    await second.say('nee');
    await answerFrom(second, 'brin');

    const d = await second.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expectScriptAnswers({ ...d!, categorieen: ['vve', 'verzuim', 'toetsresultaten'] });
    expect(d?.categorieen).toEqual(['verzuim', 'toetsresultaten', 'bijlagedocs']);
    expect(d?.status).toBe('gereed');
    expect(d?.bijlagen.map((b) => b.naam)).toEqual(['rapport.pdf']);
    expect((await second.repos.dossiers.getAttachmentContent(d!.bijlagen[0]!.id))?.toString()).toBe('%PDF rapport');
  });
});

describe('nieuw dossier: crash during the final "ja"', () => {
  /** A store whose writes to the conversation state are lost, as when the process dies before its closing save. */
  class CrashBeforeStateSave extends MemoryDocumentStore {
    crashing = false;
    override async set<T>(key: string, value: T, condition?: WriteCondition): Promise<string> {
      if (this.crashing && key.includes('/conversations/')) return 'lost';
      return super.set(key, value, condition);
    }
  }

  it('answers the resent "ja" with the truth: the dossier is already gereed', async () => {
    const store = new CrashBeforeStateSave();
    const first = startConversation(store);
    await loadFixtures(first.repos);
    await answerUntil(first, 'gereedmaken');
    store.crashing = true; // the dossier becomes gereed, the conversation stays at "Dossier gereedmaken?"
    expect((await first.say('ja')).text).toContain('staat nu klaar met status "gereed"');
    store.crashing = false;

    const second = startConversation(store); // the restarted process; the channel resends "ja"
    const again = await second.say('ja');
    expect(again.text).toContain('staat al klaar met status "gereed"');
    expect(again.text).not.toContain('niet bewaard');
    const d = await second.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('gereed');
    expect(d?.history.filter((h) => h.actie === 'gereed')).toHaveLength(1);
  });
});
