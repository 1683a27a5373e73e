/**
 * A real (non-demo) school, set up the way IT and the beheerder do it: only through the admin
 * CLI and "beheer". Until the school has what OSO needs, "gereed" says what is missing and
 * where to fix it; once filled in, the same dossier becomes "gereed".
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/cli/admin';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom } from '../helpers/dossierScript';

describe('a school set up through the admin CLI and beheer', () => {
  let c: BotConversation;
  const admin = async (...args: string[]) => {
    const err: string[] = [];
    // The bot's own repositories, so the school cache sees the change at once (as it would after a few seconds).
    const code = await runAdmin(['school', ...args], { repos: c.repos, out: { info: () => {}, error: (l) => err.push(l) } });
    expect(err).toEqual([]);
    expect(code).toBe(0);
  };

  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    // No demo data and no school fixture: users and the roster only.
    await c.repos.users.save({ ...USER, rollen: ['medewerker', 'beheerder'] });
    for (const p of Object.values(PUPILS)) await c.repos.pupils.upsert(p);
  });

  it('refuses "gereed" with only BRIN and name, says where to fix it, and makes it gereed after "beheer" → "school wijzigen"', async () => {
    await admin('12AB', 'OBS De Regenboog');

    const refused = await answerFrom(c, 'start');
    expect(refused.text).toContain('Het dossier van Zoë van den Berg is bewaard als concept, maar nog niet gereed');
    expect(refused.text).toContain(
      '- Het adres van de school ontbreekt en OSO vraagt erom; laat de beheerder dat aanvullen via "beheer" → "school wijzigen", of IT via "npm run admin -- school".',
    );
    expect(refused.text).toContain('- De school heeft geen telefoonnummer en geen e-mailadres');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.status).toBe('concept');

    // The beheerder follows the message.
    await c.say('beheer');
    expect((await c.say('school wijzigen')).text).toContain('Typ "ok" voor: OBS De Regenboog');
    await c.say('ok');
    expect((await c.say('ok')).text).toContain('Wat is het adres van de school?');
    await c.say('Schoolstraat 1, 3511 AA Utrecht');
    await c.say('030-1234567');
    await c.say('geen');
    await c.say('geen');
    expect((await c.say('ok')).text).toContain('OSO heeft alles wat het van de school nodig heeft.');
    await c.say('klaar');

    await c.say('nieuw dossier');
    expect((await c.say('zoe')).buttons).toEqual(['verdergaan', 'vervangen', 'laten staan']);
    await c.say('verdergaan');
    const ready = await answerFrom(c, 'soort', { soort: 'ok', categorieen: 'ok', schooljaren: 'ok' });
    expect(ready.text).toContain('staat nu klaar met status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('gereed');
    expect(d?.osoDocument).toContain('<straat>Schoolstraat</straat>');
    expect(d?.osoDocument).toContain('<nummer>030-1234567</nummer>');
  });

  it('makes a dossier gereed straight away when IT set every field with the admin CLI', async () => {
    await admin(
      '12AB', 'Basisschool De Regenboog',
      '--straat', 'Schoolstraat', '--huisnummer', '1', '--postcode', '3511AA', '--plaats', 'Utrecht',
      '--email', 'info@regenboog.nl', '--directeur', 'J. Jansen',
    );
    const ready = await answerFrom(c, 'start');
    expect(ready.text).toContain('staat nu klaar met status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('gereed');
    expect(d?.osoDocument).toContain('<naamdirecteur>J. Jansen</naamdirecteur>');
    expect(d?.osoDocument).toContain('<nummer>info@regenboog.nl</nummer>');
  });
});
