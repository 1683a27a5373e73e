/**
 * Issue 22: a store made by a one-school deployment from before boards (test/fixtures/
 * preBoardStore.json, written by the code of commit 517299d: a gereed dossier delivered to
 * LDOS, a concept, a class, two users, a conversation left at a question) is taken over on
 * start. Its school becomes the board's first school, nothing moves or goes, the people get
 * their roles per school, and staff carry on as before: never asked which school.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Board } from '../../src/app/board';
import type { Person } from '../../src/domain/users';
import { keys } from '../../src/repositories/keys';
import type { DocumentStore } from '../../src/storage/documentStore';
import { startConversation } from '../helpers/botConversation';
import { PUPILS } from '../helpers/dossierFixtures';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { TEXT as SCHOOL_TEXT } from '../../dialogs/shared/schoolKeuze';

const FIXTURE: Record<string, unknown> = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/preBoardStore.json'), 'utf8'));

async function preBoardStore(): Promise<MemoryDocumentStore> {
  const store = new MemoryDocumentStore();
  for (const [key, value] of Object.entries(FIXTURE)) await store.set(key, value);
  return store;
}

/** Every document, without eTags. */
function dump(store: MemoryDocumentStore): Record<string, unknown> {
  const docs = (store as unknown as { docs: Map<string, { json: string }> }).docs;
  return Object.fromEntries([...docs].map(([k, v]) => [k, JSON.parse(v.json)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

const USER_KEYS = new Set([keys.user('user1'), keys.user('beheer1')]);

describe('taking over a store from before boards', () => {
  it('makes its school the first of the board, gives the roles per school, and changes nothing else', async () => {
    const store = await preBoardStore();
    await new Board(store).prepare();
    const after = dump(store);
    expect(after[keys.schoolRegistry()]).toEqual({ scholen: [{ id: '1', prefix: '' }] });
    expect(after[keys.user('user1')]).toMatchObject({ naam: 'Anja de Vries', scholen: { '1': ['medewerker', 'directie'] } });
    expect((after[keys.user('user1')] as Person).rollen).toBeUndefined();
    expect(after[keys.user('beheer1')]).toMatchObject({ scholen: { '1': ['beheerder'] } });
    for (const [key, value] of Object.entries(FIXTURE)) if (!USER_KEYS.has(key)) expect(after[key], key).toEqual(value);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(FIXTURE), keys.schoolRegistry()].sort());
  });

  it('gives the same store when a start crashed halfway and the next start finishes it', async () => {
    const clean = await preBoardStore();
    await new Board(clean).prepare();

    const crashed = await preBoardStore();
    // The first start dies when it writes the registry, after the people were converted.
    const failing: DocumentStore = Object.create(crashed) as DocumentStore;
    failing.set = async (key, value, condition) => {
      if (key === keys.schoolRegistry()) throw new Error('power cut');
      return crashed.set(key, value, condition);
    };
    await expect(new Board(failing).prepare()).rejects.toThrow('power cut');
    expect(dump(crashed)[keys.schoolRegistry()]).toBeUndefined();
    await new Board(crashed).prepare();
    expect(dump(crashed)).toEqual(dump(clean));
    // And a start on a store taken over already changes nothing.
    const writes = crashed.writes;
    await new Board(crashed).prepare();
    expect(crashed.writes).toBe(writes);
  });

  it('lets staff carry on as before: the open question, LDOS class, status, mijn dossiers, toon dossier, beheer; never asking which school', async () => {
    const store = await preBoardStore();
    await new Board(store).prepare();
    // The old bot left this conversation at "In welke klas plaatst u Zoë?" after the aanvraag.
    const anja = startConversation(store, { conversationId: 'anja' });
    expect((await anja.say('Groep 8a')).text).toContain('Groep 8a');
    expect(await anja.repos.ldos.get(PUPILS.zoe.leerlingnummer)).toMatchObject({ klas: 'Groep 8a' });
    expect((await anja.say('status zoe')).text).toContain('status "verstrekt"');
    const mine = await anja.say('mijn dossiers');
    expect(mine.text).toContain('Daan de Vries');
    expect(mine.text).toContain('Zoë van den Berg');
    expect((await anja.say('toon dossier zoe')).text).toContain('Zoë van den Berg');
    expect(anja.transcript.join('\n')).not.toContain(SCHOOL_TEXT.vraag);

    const bert = startConversation(store, { conversationId: 'bert', user: { id: 'beheer1', name: 'Bert Beheer' } });
    const beheer = await bert.say('beheer gebruikers');
    expect(beheer.text).toContain('Anja de Vries (user1): medewerker, directie');
    expect(bert.transcript.join('\n')).not.toContain(SCHOOL_TEXT.vraag);
  });
});
