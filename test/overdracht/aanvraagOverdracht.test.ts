import { describe, expect, it } from 'vitest';
import { Chat, createBot } from './chat';
import { actor, conceptDossier, createSchool, gereedDossier, NOW, OTHER_BRIN, OWN_BRIN, TIM, users, ZOE } from './fixtures';

/** jan (directie) gets as far as the "Aanvragen overdracht" button for `bsn`. */
async function upToConfirm(chat: Chat, bsn: string) {
  await chat.say('aanvraag overdracht');
  await chat.say(bsn);
  return chat.say('ok');
}

describe('aanvraag overdracht (directie)', () => {
  it('asks BSN and own BRIN, delivers the dossier, tells the maker, and places the pupil in a class', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);

    expect(await jan.sayText('OSO – aanvraag overdracht')).toContain('Wat is het BSN van de leerling?');
    const brinVraag = await jan.say('1234 56 782');
    expect(brinVraag.at(-1)?.text).toContain('BRIN-nummer van uw eigen school');
    expect(brinVraag.at(-1)?.buttons).toEqual([OWN_BRIN]);
    const bevestig = await jan.say('ok');
    expect(bevestig.at(-1)?.text).toContain('Zoë Jansen, *****6782');
    expect(bevestig.at(-1)?.text).toContain(`BRIN-nummer: ${OWN_BRIN}`);
    expect(bevestig.at(-1)?.text).not.toContain('123456782');
    expect(bevestig.at(-1)?.buttons).toEqual(['Aanvragen overdracht', 'annuleren']);

    const uitkomst = await jan.say('Aanvragen overdracht');
    expect(uitkomst[0]?.text).toMatch(/^Gelukt: het dossier van Zoë Jansen staat nu in LDOS\. In Esis staat het dossier op "verstrekt" \(3 september 2026 om 12:15, door Jan Bakker\)\./);
    expect(uitkomst[0]?.text).toContain('Mieke de Vries, die het dossier gereed heeft gemaakt, heeft hiervan een bericht gekregen');
    // Plain Dutch first, the OSO term after it.
    expect(uitkomst[0]!.text.indexOf('Gelukt')).toBeLessThan(uitkomst[0]!.text.indexOf('(OSO:'));
    expect(uitkomst.at(-1)?.text).toContain('In welke klas plaatst u Zoë Jansen?');
    expect(uitkomst.at(-1)?.buttons).toEqual(['groep 6', 'groep 7', 'later']);

    // Esis side: verstrekt with who and when, in the history.
    const esis = await repos.dossiers.get(ZOE);
    expect(esis?.status).toBe('verstrekt');
    expect(esis?.verstrekt).toEqual({ at: NOW.toISOString(), door: actor(users.jan), brin: OWN_BRIN });
    expect(esis?.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gereed', 'verstrekt']);
    // LDOS side: the pupil and the dossier, no class yet.
    const ldos = await repos.ldos.get(ZOE);
    expect(ldos).toMatchObject({ naam: 'Zoë Jansen', dossier: { id: `dossier-${ZOE}` }, ontvangen: { door: actor(users.jan) } });
    expect(ldos?.klas).toBeUndefined();
    expect(notifier.sent).toEqual([{ userId: 'mieke', text: expect.stringContaining('Het dossier van Zoë Jansen is verstrekt aan LDOS') }]);

    expect(await jan.sayText('groep 6')).toBe('Zoë Jansen staat nu in LDOS in klas groep 6.');
    expect((await repos.ldos.get(ZOE))?.klas).toBe('groep 6');

    // "status" shows the delivery in the history, for the medewerker who made the dossier.
    const status = await new Chat(createBot(services), users.mieke).sayText(`status ${ZOE}`);
    expect(status).toMatch(/verstrekt door Jan Bakker \(aan LDOS \(12AB\)\)/);
  });

  it('takes the BSN typed after the command, and "later" leaves the pupil without a class until "klas plaatsen"', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);

    expect((await jan.say('aanvraag overdracht 123456782')).at(-1)?.text).toContain('Wat is het BRIN-nummer van uw eigen school?');
    await jan.say('12AB');
    await jan.say('Aanvragen overdracht');
    expect(await jan.sayText('later')).toContain('Zoë Jansen staat in LDOS zonder klas');
    expect((await repos.ldos.get(ZOE))?.klas).toBeUndefined();

    const kies = await jan.say('klas plaatsen');
    expect(kies.at(-1)?.buttons).toEqual(['Zoë Jansen (*****6782)']);
    expect((await jan.say('1')).at(-1)?.buttons).toEqual(['groep 6', 'groep 7', 'later']);
    expect(await jan.sayText('groep 7')).toBe('Zoë Jansen staat nu in LDOS in klas groep 7.');
    expect((await repos.ldos.get(ZOE))?.klas).toBe('groep 7');
  });

  it('"terug" at the class question does not request the dossier again', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);
    await upToConfirm(jan, ZOE);
    await jan.say('Aanvragen overdracht');

    const terug = await jan.say('terug');
    expect(terug.map((r) => r.text).join('\n')).toContain('terug naar de aanvraag kan niet meer');
    expect(terug.at(-1)?.buttons).toEqual(['groep 6', 'groep 7', 'later']);
    expect((await repos.dossiers.get(ZOE))?.history.filter((h) => h.actie === 'verstrekt')).toHaveLength(1);
  });

  it('warns about the classic mistake: another school\'s BRIN is not accepted', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);
    await jan.say('aanvraag overdracht');
    await jan.say(ZOE);

    const fout = await jan.sayText(OTHER_BRIN);
    expect(fout).toContain(`in LDOS haalt u het dossier op met het BRIN-nummer van uw eigen school (${OWN_BRIN})`);
    expect((await jan.say('12ab')).at(-1)?.buttons).toEqual(['Aanvragen overdracht', 'annuleren']);
  });

  it('gives exactly the same LeerlinginfoNietBeschikbaar answer for no dossier, a concept and a dossier for another BRIN', async () => {
    const answers: string[] = [];
    for (const setup of ['geen', 'concept', 'anderBrin'] as const) {
      const { repos, services, notifier } = await createSchool();
      if (setup === 'concept') await repos.dossiers.save(conceptDossier(ZOE));
      if (setup === 'anderBrin') await repos.dossiers.save(gereedDossier(ZOE, { ontvangendeBrin: OTHER_BRIN }));
      const jan = new Chat(createBot(services), users.jan);
      await upToConfirm(jan, ZOE);
      answers.push(await jan.sayText('Aanvragen overdracht'));
      expect(await repos.ldos.list()).toEqual([]);
      expect((await repos.dossiers.get(ZOE))?.status).toBe(setup === 'geen' ? undefined : setup === 'concept' ? 'concept' : 'gereed');
      expect(notifier.sent).toEqual([]);
    }
    expect(answers[0]).toMatch(/^Er staat voor leerling \*{5}6782 geen dossier klaar voor BRIN 12AB\. .*\(OSO: LeerlinginfoNietBeschikbaar\)$/);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
  });

  it('answers LeerlinginfoNietOpvraagbaar when the parents have not had inspection', async () => {
    const { repos, services } = await createSchool();
    await repos.dossiers.save(conceptDossier(TIM, { inzage: { gehad: false } }));
    const jan = new Chat(createBot(services), users.jan);
    await upToConfirm(jan, TIM);

    const text = await jan.sayText('Aanvragen overdracht');
    expect(text).toMatch(/^Het dossier kan nog niet worden opgehaald: de ouders hebben het nog niet ingezien\..*\(OSO: LeerlinginfoNietOpvraagbaar\)$/);
    expect((await repos.dossiers.get(TIM))?.status).toBe('concept');
    expect(await repos.ldos.get(TIM)).toBeUndefined();
  });

  it('says when and by whom a dossier was already delivered, and imports nothing twice', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const bot = createBot(services);
    const jan = new Chat(bot, users.jan);
    await upToConfirm(jan, ZOE);
    await jan.say('Aanvragen overdracht');
    await jan.say('groep 6');
    const ldosBefore = await repos.ldos.get(ZOE);

    const els = new Chat(bot, users.els);
    await upToConfirm(els, ZOE);
    const replies = await els.say('Aanvragen overdracht');

    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(
      'Het dossier van Zoë Jansen is al eerder verstrekt: op 3 september 2026 om 12:15 door Jan Bakker, aan LDOS (BRIN 12AB). Er is niets opnieuw ingelezen. (OSO: dossier al verstrekt)',
    );
    expect(await repos.ldos.list()).toHaveLength(1);
    expect(await repos.ldos.get(ZOE)).toEqual(ldosBefore);
    expect((await repos.dossiers.get(ZOE))?.history.filter((h) => h.actie === 'verstrekt')).toHaveLength(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it('two directors clicking "Aanvragen overdracht" at the same moment: one success, one "already delivered", one LDOS record', async () => {
    const { repos, services, notifier } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const bot = createBot(services);
    const jan = new Chat(bot, users.jan);
    const els = new Chat(bot, users.els);
    await upToConfirm(jan, ZOE);
    await upToConfirm(els, ZOE);

    const [a, b] = await Promise.all([jan.sayText('Aanvragen overdracht'), els.sayText('Aanvragen overdracht')]);

    const texts = [a, b];
    expect(texts.filter((t) => t.startsWith('Gelukt:'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('is al eerder verstrekt'))).toHaveLength(1);
    expect(await repos.ldos.list()).toHaveLength(1);
    const esis = await repos.dossiers.get(ZOE);
    expect(esis?.history.filter((h) => h.actie === 'verstrekt')).toHaveLength(1);
    const winner = a.startsWith('Gelukt:') ? users.jan : users.els;
    expect(esis?.verstrekt?.door).toEqual(actor(winner));
    expect((await repos.ldos.get(ZOE))?.ontvangen.door).toEqual(actor(winner));
    expect(notifier.sent).toHaveLength(1);
  });
});

describe('role check', () => {
  for (const who of ['mieke', 'bea'] as const) {
    it(`refuses "aanvraag overdracht" to ${who} without revealing anything about the pupil or the dossier`, async () => {
      const { repos, services, notifier } = await createSchool();
      await repos.dossiers.save(gereedDossier(ZOE));
      const chat = new Chat(createBot(services), users[who]);

      const replies = await chat.say(`aanvraag overdracht ${ZOE}`);

      expect(replies).toEqual([
        {
          text: '"OSO – aanvraag overdracht" is alleen voor de directie. Vraag de beheerder van uw school als u dit nodig heeft.',
          buttons: [],
        },
      ]);
      expect((await chat.say('klas plaatsen'))[0]?.text).toContain('alleen voor de directie');
      expect((await repos.dossiers.get(ZOE))?.status).toBe('gereed');
      expect(await repos.ldos.list()).toEqual([]);
      expect(notifier.sent).toEqual([]);
    });
  }

  it('shows the LDOS commands only to the directie', async () => {
    const { services } = await createSchool();
    const bot = createBot(services);
    const menuOf = async (u: (typeof users)[keyof typeof users]) => (await new Chat(bot, u).say('help')).at(-1)?.buttons ?? [];
    expect(await menuOf(users.jan)).toContain('OSO – aanvraag overdracht');
    expect(await menuOf(users.mieke)).not.toContain('OSO – aanvraag overdracht');
    expect(await menuOf(users.bea)).not.toContain('OSO – aanvraag overdracht');
    expect(await menuOf(users.bea)).toContain('Beheer');
    expect(await menuOf(users.jan)).not.toContain('Beheer');
  });
});
