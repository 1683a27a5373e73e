/**
 * Cards stay in a Teams chat and their buttons stay live. A button answers only the asking of
 * the question it was sent with: an old summary's "Gereedmaken" pressed at another pupil's
 * "Gaan de ouders akkoord?" (or at another school's BRIN confirmation) is refused and the open
 * question asked again. An answered card is replaced by a read-only copy, and Teams, which shows
 * at most three suggested actions, gets every choice of a longer list on a card.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEXT } from '../../dialogs/dossierDialog.texts';
import { loadFixtures, PUPILS, USER } from '../helpers/dossierFixtures';
import { startTeamsEnvironment, teamsUser, type TeamsChat, type TeamsEnvironment, type Turn } from './teamsHarness';

const OLD_BUTTON = 'Die knop hoort bij een eerdere vraag';

let env: TeamsEnvironment;
const anja = teamsUser(USER.naam, USER.email!);

// A fresh school per test: a cancelled attempt leaves a concept that would change the next flow.
beforeEach(async () => {
  env = await startTeamsEnvironment();
  await loadFixtures(env.bot.repos);
  env.teams.addMember(anja);
});
afterEach(async () => env?.stop());

/** From "nieuw dossier <pupil>" to the akkoord question (own BRIN, inspection today). */
async function toAkkoord(chat: TeamsChat, pupil: string): Promise<Turn> {
  await chat.say(`nieuw dossier ${pupil}`);
  let turn: Turn | undefined;
  for (const answer of ['POPO', 'geen', '3', 'ok', 'geen', 'nee', 'nee', 'ok', 'ja', 'vandaag', 'ok']) turn = await chat.say(answer);
  expect(turn!.text).toContain(TEXT.akkoord.vraag);
  return turn!;
}

describe('old card buttons', () => {
  it('an old summary\'s "Gereedmaken" at another pupil\'s akkoord question is refused, twice, and changes nothing', async () => {
    const chat = env.chat(anja);
    await toAkkoord(chat, 'daan');
    const oudeSamenvatting = await chat.say('Onbekend');
    expect(oudeSamenvatting.cards).toHaveLength(1);
    expect((await chat.say('nee')).text).toContain('concept');

    await toAkkoord(chat, 'lotte');
    for (let keer = 0; keer < 2; keer++) {
      const turn = await chat.click(oudeSamenvatting, TEXT.gereedmaken.kaartGereedmaken);
      expect(turn.text).toContain(OLD_BUTTON);
      expect(turn.text).toContain(TEXT.akkoord.vraag);
      expect(turn.text).not.toContain('gereed');
    }
    expect((await env.bot.repos.dossiers.get(PUPILS.daan.leerlingnummer))?.status).toBe('concept');
    // The akkoord question is still open: it was not answered "Ja" by the old button.
    const samenvatting = await chat.say('Nee');
    expect(samenvatting.text).toContain('Waarom gaan de ouders niet akkoord?');
    await chat.say('annuleren');
    expect((await env.bot.repos.dossiers.get(PUPILS.lotte.leerlingnummer))?.status).not.toBe('gereed');
  });

  it('an old "Annuleren" does not cancel the conversation that is open now', async () => {
    const chat = env.chat(anja);
    await toAkkoord(chat, 'sem bakker');
    const oud = await chat.say('Ja');
    await chat.say('nee');
    await chat.say('nieuw dossier zoe');
    const turn = await chat.click(oud, TEXT.gereedmaken.kaartAnnuleren);
    expect(turn.text).toContain(OLD_BUTTON);
    expect(turn.text).not.toContain('Geannuleerd');
    expect((await chat.say('POPO')).text).toContain(TEXT.categorieen.vraag);
    await chat.say('annuleren');
  });

  it('an old "Gereedmaken" at the confirmation of another school\'s BRIN does not confirm it', async () => {
    const chat = env.chat(anja);
    await toAkkoord(chat, 'sem de jong');
    const oud = await chat.say('Ja');
    await chat.say('nee');
    await chat.say('nieuw dossier zoe');
    for (const answer of ['POPO', 'geen', '3', 'ok', 'geen', 'nee', 'nee']) await chat.say(answer);
    expect((await chat.say('34CD')).text).toContain('Weet u zeker dat het dossier naar 34CD moet?');
    const turn = await chat.click(oud, TEXT.gereedmaken.kaartGereedmaken);
    expect(turn.text).toContain(OLD_BUTTON);
    expect(turn.text).toContain('Weet u zeker dat het dossier naar 34CD moet?');
    await chat.say('annuleren');
  });

  it('after a submit the card is replaced by a read-only copy showing what was chosen', async () => {
    const chat = env.chat(anja);
    await chat.say('nieuw dossier zoe');
    const categorieen = await chat.say('POPO');
    const keuzes = categorieen.cards[0]!.body.find((e: any) => e.type === 'Input.ChoiceSet');
    const posted = env.teams.posted.length;
    const next = await chat.click(categorieen, TEXT.categorieen.kaartKnop, { [keuzes.id]: 'vve,verzuim' });
    expect(next.text).toContain(TEXT.schooljaren.vraag);
    const update = env.teams.posted.slice(posted).find((a) => (a as { updated?: boolean }).updated);
    expect(update?.id).toBe(categorieen.cardMessageIds[0]);
    const card = update!.attachments![0]!.content as Record<string, any>;
    expect(card.actions ?? []).toEqual([]);
    expect(JSON.stringify(card.body)).not.toContain('Input.');
    expect(JSON.stringify(card.body)).toContain('Gekozen: VVE, Verzuim');
    // Pressed again all the same (an old client): refused.
    expect((await chat.click(categorieen, TEXT.categorieen.kaartKnop, { [keuzes.id]: 'vve' })).text).toContain(OLD_BUTTON);
    await chat.say('annuleren');
  });

  it('a menu card pressed in the middle of a question is refused, and the question asked again', async () => {
    const chat = env.chat(anja);
    const menu = await chat.say('help');
    await chat.say('nieuw dossier zoe');
    const turn = await chat.click(menu, 'Nieuw dossier');
    expect(turn.text).toContain(OLD_BUTTON);
    expect(turn.text).toContain(TEXT.soort.vraag);
    await chat.say('annuleren');
  });
});

describe('Teams shows at most three suggested actions', () => {
  it('the menu and longer questions come as a card offering every choice; no message has more than three suggested actions', async () => {
    const chat = env.chat(anja);
    const menu = await chat.say('help');
    expect(menu.buttons).toEqual([]);
    expect(menu.cardChoices).toEqual(expect.arrayContaining(['Nieuw dossier', 'help']));
    const overTeams = env.teams.posted.filter((a) => (a.suggestedActions?.actions?.length ?? 0) > 3);
    expect(overTeams).toEqual([]);
    // The menu card's button starts the conversation.
    expect((await chat.click(menu, 'Nieuw dossier')).text).toContain(TEXT.leerling.vraag);
    await chat.say('annuleren');
  });
});

describe('small things users notice in Teams', () => {
  it('a pasted image gets "sla het op en voeg het toe als bestand", and nothing is fetched', async () => {
    const chat = env.chat(anja);
    await chat.say('nieuw dossier zoe');
    for (const answer of ['POPO', 'geen', '3']) await chat.say(answer);
    expect((await chat.say('ok')).text).toContain(TEXT.bijlagen.vraag);
    const turn = await chat.send({
      type: 'message',
      text: '',
      attachments: [
        { contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original' },
        { contentType: 'text/html', content: '<p><img src="https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original"></p>' },
      ],
    });
    expect(turn.text).toContain('sla het op en voeg het toe als bestand');
    expect(turn.text).not.toContain('soort bestand');
    await chat.say('annuleren');
  });

  it('shows "typing" while files are fetched and while the dossier is made ready', async () => {
    const chat = env.chat(anja);
    await chat.say('nieuw dossier zoe');
    for (const answer of ['POPO', 'geen', '3', 'ok']) await chat.say(answer);
    const bestand = await chat.sendFiles([{ name: 'verslag.pdf', data: Buffer.from('%PDF-1.4\n') }]);
    expect(bestand.activities[0]?.type).toBe('typing');
    expect(bestand.text).toContain('Bewaard: verslag.pdf');
    for (const answer of ['klaar', 'nee', 'nee', 'ok', 'ja', 'vandaag', 'ok']) await chat.say(answer);
    const samenvatting = await chat.say('Ja');
    const gereed = await chat.click(samenvatting, TEXT.gereedmaken.kaartGereedmaken);
    // (First the answered summary card is replaced by its read-only copy.)
    const typing = gereed.activities.findIndex((a) => a.type === 'typing');
    const klaar = gereed.activities.findIndex((a) => a.text?.includes('status "gereed"'));
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(klaar);
  });
});
