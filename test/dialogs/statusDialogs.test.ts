/** "status", "mijn dossiers" and "intrekken" (PRODUCT.md §7). */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil } from '../helpers/dossierScript';

const masked = (nr: string) => `*****${nr.slice(-4)}`;

describe('status, mijn dossiers, intrekken', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    await answerFrom(c, 'start'); // Zoë: gereed
    await answerUntil(c, 'inzage', { leerling: 'daan' });
    await c.say('nee'); // Daan: concept without inspection
  });

  it('"status <naam>" shows status and history with the BSN masked', async () => {
    const reply = await c.say('status zoe');
    expect(reply.text).toContain(`**Zoë van den Berg (${masked(PUPILS.zoe.leerlingnummer)})**: status "gereed"`);
    expect(reply.text).toContain('aangemaakt door Anja de Vries');
    expect(reply.text).toContain('15 oktober 2026 om 12:00: gereed gemaakt door Anja de Vries');
    expect(reply.text).not.toContain(PUPILS.zoe.leerlingnummer);
  });

  it('"status" by BSN, for a pupil without a dossier, and asking for the pupil when none is named', async () => {
    expect((await c.say(`status ${PUPILS.daan.leerlingnummer}`)).text).toContain('status "concept"');
    expect((await c.say('status lotte')).text).toContain('Voor Lotte Smit is nog geen dossier');
    expect((await c.say('status')).text).toContain('Van welke leerling wilt u de status zien?');
    expect((await c.say('xander')).text).toContain('Ik vind geen leerling met "xander"');
    expect((await c.say('zoe')).text).toContain('status "gereed"');
  });

  it('"mijn dossiers" lists the open dossiers of this user with masked BSNs', async () => {
    const reply = await c.say('mijn dossiers');
    expect(reply.text).toContain('Open dossiers (2)');
    expect(reply.text).toContain(`Zoë van den Berg (${masked(PUPILS.zoe.leerlingnummer)}) — gereed`);
    expect(reply.text).toContain(`Daan de Vries (${masked(PUPILS.daan.leerlingnummer)}) — concept`);
    expect(reply.buttons).toContain('status Zoë van den Berg');
    expect(reply.text).not.toContain(PUPILS.zoe.leerlingnummer);
    expect((await c.repos.dossiers.listMadeBy(USER.id)).map((d) => d.status).sort()).toEqual(['concept', 'gereed']);
  });

  it('"intrekken" takes a gereed dossier back to concept after an explicit ja', async () => {
    const confirm = await c.say('intrekken zoe');
    expect(confirm.text).toContain(`Dossier van Zoë van den Berg (${masked(PUPILS.zoe.leerlingnummer)}) intrekken?`);
    expect((await c.say('ok')).text).toContain('Antwoord met ja of nee');
    expect((await c.say('ja')).text).toContain('is ingetrokken en heeft weer status "concept"');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d?.status).toBe('concept');
    expect(d?.snapshot).toBeUndefined();
    expect(d?.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gereed', 'ingetrokken']);
  });

  it('"intrekken" of a concept explains that it is not needed; "nee" changes nothing', async () => {
    expect((await c.say('intrekken daan')).text).toContain('is nog een concept; intrekken is niet nodig');
    expect((await c.repos.dossiers.get(PUPILS.daan.leerlingnummer))?.status).toBe('concept');
    await c.say('intrekken');
    await c.say('zoe');
    expect((await c.say('nee')).text).toContain('er is niets veranderd');
    expect((await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer))?.status).toBe('gereed');
  });
});
