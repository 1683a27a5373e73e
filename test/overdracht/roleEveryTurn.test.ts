/**
 * A role is checked on every turn of a conversation that needs it (PRODUCT.md §2), not only
 * when it starts: a director whose role is taken away halfway cannot finish the request.
 */
import { describe, expect, it } from 'vitest';
import { Chat, createBot } from './chat';
import { createSchool, gereedDossier, users, ZOE } from './fixtures';

describe('role checked on every turn', () => {
  it('a director whose directie role is taken away mid-conversation cannot request the dossier', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);
    expect(await jan.sayText('aanvraag overdracht')).toContain('BSN');

    await repos.users.setRoles(users.jan.id, ['medewerker']);
    const reply = await jan.sayText(ZOE);
    expect(reply).toContain('U heeft de rol niet meer');
    expect(reply).not.toContain('BRIN');
    // The conversation is over: the next answer does not reach the old question.
    expect(await jan.sayText('ok')).not.toContain('Aanvragen overdracht');
    expect((await repos.dossiers.get(ZOE))?.status).toBe('gereed');
    expect(await repos.ldos.get(ZOE)).toBeUndefined();
  });

  it('a beheerder who lost the role cannot finish adding a user', async () => {
    const { repos, services } = await createSchool();
    await repos.users.save({ id: 'bea2', naam: 'Bram Beheer', rollen: ['beheerder'] });
    const bea = new Chat(createBot(services), users.bea);
    await bea.say('beheer gebruiker toevoegen');
    await bea.say('kees-9');
    await repos.users.setRoles(users.bea.id, ['medewerker']);
    expect(await bea.sayText('Kees Mulder')).toContain('U heeft de rol niet meer');
    expect(await repos.users.get('kees-9')).toBeUndefined();
  });
});
