/**
 * Issue 17, "Text that reaches XML, chat and terminals": what a user types is cleaned once where
 * the turn starts (cleanText), so a Word line break or a bidi override never reaches the dossier.
 */
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { normalizeIncoming } from '../../src/teams/incoming';
import { startConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

describe('typed text is cleaned at the turn boundary', () => {
  it('a contact name typed with U+000B and a bidi override reaches the dossier and its OSO document cleaned', async () => {
    const c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    await answerUntil(c, 'contactpersoon');
    const reply = await answerFrom(c, 'contactpersoon', {
      contactpersoon: 'Anja\u000Bde \u202EVries\u200F, 06-12345678, anja@school.nl',
      medewerker: 'Piet\u000Bde\u2066 Boer\u0000',
    });
    expect(reply.text).toContain('status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.contactpersoon.naam).toBe('Anja de Vries');
    expect(d?.inzage.medewerker).toBe('Piet de Boer');
    expect(d?.osoDocument).toContain('<contactpersoon>Anja de Vries</contactpersoon>');
    expect(JSON.stringify(d)).not.toMatch(/[\u000B\u202E\u200F\u2066]|\\u000b|\\u0000/i);
  });

  it('a card submit value is cleaned the same way, and the answer made from it', () => {
    // An Adaptive Card form: empty text, the answer in the named input.
    const activity = {
      type: 'message',
      channelId: 'msteams',
      text: '',
      value: { osoVeld: 'antwoord', antwoord: 'Anja\u000Bde\u202D Vries\u0007', osoLeeg: 'ok', extra: ['x\u2066y'] },
    } as unknown as Activity;
    normalizeIncoming(activity);
    expect(activity.text).toBe('Anja de Vries');
    expect(activity.value).toEqual({ osoVeld: 'antwoord', antwoord: 'Anja de Vries', osoLeeg: 'ok', extra: ['xy'] });
  });
});

describe('"gereed" always parses the OSO document (OSO_VALIDATOR_DIR unset)', () => {
  it('keeps a concept, with a Dutch message, when a stored value makes the document not well-formed', async () => {
    const c = startConversation(new MemoryDocumentStore()); // no official validator
    await loadFixtures(c.repos);
    // A pupil stored before imports were cleaned: a control character in the street name.
    await c.repos.pupils.upsert({ ...PUPILS.zoe, adres: { ...PUPILS.zoe.adres!, straat: 'Dorpsstraat\u0001' } });
    const reply = await answerFrom(c, 'start');
    expect(reply.text).toContain('Het OSO-document van dit dossier is geen geldige XML');
    expect(reply.text).toContain('blijft een concept');
    expect(reply.text).not.toContain('status "gereed"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('concept');
    expect(d?.osoDocument).toBeUndefined();
  });
});
