/** "annuleren", "help" and "terug" at the questions of the dossier conversation. */
import { beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { answerFrom, answerUntil, ASKS, expectScriptAnswers, QUESTIONS, type Question } from '../helpers/dossierScript';

describe('nieuw dossier: interruptions', () => {
  let c: BotConversation;
  beforeEach(async () => {
    c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
  });

  it('"annuleren" stops and keeps what was entered as a concept', async () => {
    await answerUntil(c, 'brin', { categorieen: 'verzuim', voorlopig: 'ja' });
    const reply = await c.say('annuleren');
    expect(reply.text).toContain('bewaard als concept voor Zoë van den Berg');
    expect(reply.text).toContain('Geannuleerd');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({
      status: 'concept',
      soortOverstap: 'POPO',
      categorieen: ['verzuim'],
      aantalSchooljaren: 3,
      voorlopig: true,
      contactGewenst: false,
      inzage: { gehad: false },
    });
    // The conversation is over: the next message goes to the menu, not to the BRIN question.
    expect((await c.say('12AB')).text).toContain('begrijp ik niet');
  });

  it('"annuleren" before a pupil was chosen stores nothing', async () => {
    await answerUntil(c, 'leerling');
    expect((await c.say('stop')).text).toContain('Geannuleerd');
    expect(await c.repos.dossiers.listMadeBy(USER.id)).toEqual([]);
  });

  it('a cancelled concept can be continued: its answers are proposed and "ok" takes them', async () => {
    await answerUntil(c, 'contactGewenst', { categorieen: 'geen', schooljaren: '2', voorlopig: 'ja' });
    await c.say('annuleren');
    const first = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(first).toMatchObject({ status: 'concept', categorieen: [], aantalSchooljaren: 2, voorlopig: true });

    await c.say('nieuw dossier');
    const ask = await c.say('zoe');
    expect(ask.text).toContain('is al een concept-dossier');
    expect(ask.buttons).toEqual(['verdergaan', 'vervangen', 'laten staan']);
    await c.say('verdergaan');
    expect((await c.say('ok')).text).toContain('Typ "ok" voor: geen');
    expect((await c.say('ok')).text).toContain('Typ "ok" voor: 2');
    await answerFrom(c, 'schooljaren', { schooljaren: 'ok', voorlopig: 'ok' });
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ id: first?.id, status: 'gereed', categorieen: [], aantalSchooljaren: 2, voorlopig: true });
    expect(d?.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gewijzigd', 'gereed']);
  });

  it('"help" explains the current question and asks it again, at every question', async () => {
    const helpOf: Record<Exclude<Question, 'start'>, string> = {
      leerling: TEXT.leerling.help,
      soort: TEXT.soort.help,
      categorieen: TEXT.categorieen.help,
      schooljaren: TEXT.schooljaren.help,
      contactpersoon: TEXT.contactpersoon.help,
      bijlagen: TEXT.bijlagen.help,
      voorlopig: TEXT.voorlopig.help,
      contactGewenst: TEXT.contactGewenst.help,
      brin: TEXT.brin.help('12AB'),
      inzage: TEXT.inzage.help,
      datum: TEXT.inzageDatum.help,
      medewerker: TEXT.inzageMedewerker.help,
      akkoord: TEXT.akkoord.help,
      gereedmaken: TEXT.gereedmaken.help,
    };
    await c.say('nieuw dossier');
    for (const q of QUESTIONS.slice(1) as Exclude<Question, 'start'>[]) {
      const reply = await c.say('help');
      expect(reply.text).toContain(helpOf[q]);
      expect(reply.text).toContain(ASKS[q]);
      await c.say(answerFor(q));
    }
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expectScriptAnswers(d);
    expect(d.status).toBe('gereed');
  });

  it('"terug" goes to the previous question, keeps the answers, and lets one be changed', async () => {
    await answerUntil(c, 'contactpersoon');
    const back = await c.say('terug');
    expect(back.text).toContain(ASKS.schooljaren);
    expect(back.text).toContain('Typ "ok" voor: 3'); // the earlier answer is proposed
    const back2 = await c.say('vorige');
    expect(back2.text).toContain(ASKS.categorieen);
    expect(back2.text).toContain('Typ "ok" voor: VVE, Verzuim, Toetsresultaten');
    expect((await c.say('geen')).text).toContain(ASKS.schooljaren);
    expect((await c.say('ok')).text).toContain(ASKS.contactpersoon);
    await answerFrom(c, 'contactpersoon');
    const d = await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer);
    expect(d).toMatchObject({ status: 'gereed', categorieen: [], aantalSchooljaren: 3, soortOverstap: 'POPO' });
  });

  it('"terug" skips a question that did not apply, and at the first question says it cannot', async () => {
    await answerUntil(c, 'brin');
    // The phone question was skipped (contact gewenst = nee): back goes to contact gewenst.
    expect((await c.say('terug')).text).toContain(ASKS.contactGewenst);
    // Back to the pupil: the pupil step and the "concept exists" step are skipped over.
    for (const q of ['voorlopig', 'bijlagen', 'contactpersoon', 'schooljaren', 'categorieen', 'soort', 'leerling'] as const) {
      expect((await c.say('terug')).text).toContain(ASKS[q]);
    }
    expect((await c.say('terug')).text).toContain('Terug kan hier niet');
    await answerFrom(c, 'leerling');
    expectScriptAnswers(await c.repos.dossiers.get(PUPILS.zoe.leerlingnummer));
  });
});

function answerFor(q: Question): string {
  return ({ leerling: 'zoe', soort: 'popo', categorieen: '1, 3 en 5', schooljaren: '3', contactpersoon: 'ok', bijlagen: 'geen', voorlopig: 'nee', contactGewenst: 'nee', brin: 'ok', inzage: 'ja', datum: '3-10-2026', medewerker: 'ok', akkoord: 'ja', gereedmaken: 'ja', start: '' } as Record<Question, string>)[q];
}
