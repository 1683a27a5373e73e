/**
 * Issue 22: each school's documents live under its own prefix, and a school's repositories
 * cannot reach the board's documents or another school's: the same pupil number at two
 * schools is two pupils, and a search at one school never finds the other's.
 */
import { describe, expect, it } from 'vitest';
import { Board } from '../../src/app/board';
import { documentKindOf, isOwnedByBotProcess, keys } from '../../src/repositories/keys';
import { SchoolScopeError } from '../../src/repositories/schoolStore';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { loadFixtures, PUPILS, SCHOOL } from '../helpers/dossierFixtures';
import { PIET, twoSchools, VERA } from './fixtures';

describe('school scoping', () => {
  it('keeps two schools apart: same pupil number, own names, own index, own settings', async () => {
    const store = new MemoryDocumentStore();
    const board = new Board(store);
    const first = board.repositoriesFor((await board.schools())[0]!);
    await loadFixtures(first);
    const added = await board.addSchool({ brin: '34CD', naam: 'De Vlinder', soort: 'BAO' });
    const vlinder = board.repositoriesFor(added!.entry);
    await vlinder.pupils.upsert({ ...PUPILS.zoe, voornamen: ['Yara'], achternaam: 'Visser', voorvoegsel: undefined });

    expect((await first.pupils.get(PUPILS.zoe.leerlingnummer))?.achternaam).toBe('Berg');
    expect((await vlinder.pupils.get(PUPILS.zoe.leerlingnummer))?.achternaam).toBe('Visser');
    expect(await vlinder.pupils.count()).toBe(1);
    expect((await vlinder.school.get())?.brin).toBe('34CD');
    expect((await first.school.get())?.brin).toBe(SCHOOL.brin);
    expect(await store.get(`school:34CD/${keys.pupil(PUPILS.zoe.leerlingnummer)}`)).toBeDefined();
  });

  it('refuses a board document or another school\'s key through a school\'s store', async () => {
    const store = new MemoryDocumentStore();
    const board = new Board(store);
    const added = await board.addSchool({ brin: '34CD', naam: 'De Vlinder', soort: 'BAO' });
    for (const school of [(await board.schools())[0]!, added!.entry]) {
      const scoped = board.repositoriesFor(school).store;
      for (const key of [keys.user('u1'), keys.userIndex(), keys.conversationReference('u1'), keys.teamsHome(), keys.schoolRegistry(), 'msteams/conversations/a:1/', 'school:1/leerling:1', 'school:34CD/school']) {
        await expect(scoped.get(key), key).rejects.toThrow(SchoolScopeError);
        await expect(scoped.set(key, {}), key).rejects.toThrow(SchoolScopeError);
      }
    }
  });

  it('names a prefixed key by its kind, and keeps bot-owned keys owned', () => {
    expect(documentKindOf('school:34CD/leerlingen:index')).toBe('pupil index');
    expect(documentKindOf('school:34CD/school')).toBe('school settings');
    expect(isOwnedByBotProcess('school:34CD/dossier:1')).toBe(true);
    expect(isOwnedByBotProcess('school:34CD/leerling:1')).toBe(false);
  });

  it('a school registering someone of another school changes their roles there only, never the name others see', async () => {
    const store = new MemoryDocumentStore();
    const { regenboog, vlinder } = await twoSchools(store);
    await regenboog.users.save({ ...PIET, naam: 'Iemand Anders', email: 'x@example.com', rollen: ['medewerker', 'directie'] });
    expect(await vlinder.users.get(PIET.id)).toMatchObject({ naam: PIET.naam, rollen: ['directie'] });
    expect((await vlinder.users.get(PIET.id))!.email).toBeUndefined();
    expect(await regenboog.users.get(PIET.id)).toMatchObject({ naam: PIET.naam, rollen: ['medewerker', 'directie'] });
    // Someone of one school only: that school's beheerder corrects the name.
    await vlinder.users.save({ ...VERA, naam: 'Vera de Vos' });
    expect((await vlinder.users.get(VERA.id))!.naam).toBe('Vera de Vos');
  });
});
