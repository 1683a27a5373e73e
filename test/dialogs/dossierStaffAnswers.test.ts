/**
 * Answers read the way staff write them (issue 19): the contact person must be a name (a
 * name and a phone number typed together are split), and the inzage date may be given
 * without a year or as "morgen" (which is in the future). The bot's clock: 15 October 2026.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS } from '../helpers/dossierScript';

describe('nieuw dossier: answers as staff type them', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
  });

  it('"volgende", a step of the manual, "klaar" and a date are refused as the contact name; nothing is lost', async () => {
    await answerUntil(c, 'contactpersoon');
    for (const input of ['volgende', 'Stap 9', 'klaar', '3-10-2026']) {
      const reply = await c.say(input);
      expect(reply.text).toContain(`"${input}" is geen naam`);
      expect(reply.text).toContain('bijvoorbeeld: Anja de Vries');
      expect(reply.text).toContain(ASKS.contactpersoon);
    }
    expect((await c.say('ok')).text).toContain(ASKS.bijlagen);
    await answerFrom(c, 'bijlagen');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.contactpersoon).toEqual({ naam: USER.naam, telefoon: USER.telefoon, email: USER.email });
    expect(d?.status).toBe('gereed');
  });

  it('"Petra Jansen 0612345678" is a name and a phone number', async () => {
    await answerUntil(c, 'contactpersoon');
    expect((await c.say('Petra Jansen 0612345678')).text).toContain(ASKS.bijlagen);
    await answerFrom(c, 'bijlagen');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.contactpersoon).toEqual({ naam: 'Petra Jansen', telefoon: '0612345678', email: USER.email });
  });

  it('"morgen" ligt in de toekomst; "3 okt" is 3 October of this year', async () => {
    await answerUntil(c, 'datum');
    const morgen = await c.say('morgen');
    expect(morgen.text).toContain('16 oktober 2026 ligt in de toekomst');
    expect(morgen.text).toContain(ASKS.datum);
    expect((await c.say('3 okt')).text).toContain(ASKS.medewerker);
    await answerFrom(c, 'medewerker');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.inzage).toMatchObject({ gehad: true, datum: '2026-10-03' });
  });

  it.each([
    ['28 november', '2025-11-28'],
    ['3-10', '2026-10-03'],
  ])('%j is the most recent such date that is not in the future (%s)', async (input, iso) => {
    await answerUntil(c, 'datum');
    expect((await c.say(input)).text).toContain(ASKS.medewerker);
    await answerFrom(c, 'medewerker');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.inzage).toMatchObject({ datum: iso });
  });
});
