/**
 * "toon dossier <naam of BSN>" (issue 19): the directie sees a received dossier readably and
 * gets the OSO XML as a file; a medewerker is refused; a pupil LDOS does not hold gets the
 * same answer whether the school knows it or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { OverdrachtService } from '../../src/app/overdrachtService';
import { receiveDossier } from '../../src/app/receiveDossier';
import type { OsoBot } from '../../src/bot';
import { OSO_DIR } from '../oso/fixtures';
import { Chat, createBot } from './chat';
import { pupilSchema } from '../../src/domain/pupil';
import { skipNote } from '../helpers/skipReason';
import { actor, createSchool, gereedDossier, NOW, OWN_BRIN, pupils, users, ZOE } from './fixtures';

const EXAMPLE = path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POVO_full.xml');
const present = fs.existsSync(EXAMPLE);
const BSN = '269326728';

/** All activities the bot sends for one message, on the given channel. */
function rawChat(bot: OsoBot, user: { id: string; naam: string }, channelId = 'test') {
  const adapter = new TestAdapter((context) => bot.run(context), {
    locale: 'nl-NL',
    channelId,
    serviceUrl: 'https://channel.test',
    // On Teams a user is known by their object id, and the bot talks in personal chats only.
    from: { id: user.id, name: user.naam, ...(channelId === 'msteams' ? { aadObjectId: user.id } : {}) },
    recipient: { id: 'bot', name: 'OSO-overstapbot' },
    conversation: { id: `gesprek-${user.id}-${channelId}`, ...(channelId === 'msteams' ? { conversationType: 'personal' } : {}) } as Activity['conversation'],
  });
  return async (text: string | Partial<Activity>): Promise<Partial<Activity>[]> => {
    await adapter.receiveActivity(text);
    return adapter.activeQueue.splice(0);
  };
}

async function schoolWithReceivedDossier() {
  const school = await createSchool();
  const xml = fs.readFileSync(EXAMPLE, 'utf8');
  const outcome = await receiveDossier(xml, { ldos: school.repos.ldos, at: NOW.toISOString(), door: actor(users.jan), eigenBrin: '12AB' });
  expect(outcome.soort).toBe('ontvangen');
  return { ...school, xml };
}

describe.skipIf(!present)('toon dossier (directie)' + skipNote(!present, `the official OSO example ${EXAMPLE} is not there`), () => {
  it('shows the received dossier readably, BSN masked, and sends the XML as a file', async () => {
    const { services, xml } = await schoolWithReceivedDossier();
    const say = rawChat(createBot(services), users.jan);
    const replies = await say('toon dossier daan');
    const [summary, file] = replies.filter((a) => a.type === 'message');
    const text = summary!.text!;
    expect(text).toContain('Overstapdossier van Daan van de Berg');
    expect(text).toContain('- Leerling: Daan van de Berg, geboren 17 maart 2003, BSN *****6728, groep 8');
    expect(text).toContain('- School van herkomst: Testschool, BRIN 00YY');
    expect(text).toContain('- Soort overstap: POVO (van basisschool naar voortgezet onderwijs)');
    expect(text).toContain('- Ouderinzage: ingezien op 31 maart 2016; akkoord: Nee (Teveel zorggegevens in het dossier)');
    expect(text).toContain('- VVE: hoort niet bij deze overstap');
    expect(text).toContain('- Eindtoets BO: meegeleverd, Centrale eindtoets (CET), score 525, advies vmbo kb/vmbo gl-tl');
    expect(text).toContain('- Pieter van de Berg: vader, wettelijk vertegenwoordiger');
    expect(text).toMatch(/- 2015-2016: groep 8 \(1 augustus 2015 – 31 juli 2016\)/);
    expect(text).toContain('- Advies: 40');
    expect(text).toContain('- Wens ouders: 42');
    for (const r of replies) expect(JSON.stringify(r)).not.toContain(BSN);

    expect(file!.text).toContain('OSO-bestand (XML)');
    const bijlage = file!.attachments![0]!;
    expect(bijlage).toMatchObject({ contentType: 'application/xml', name: 'berg-overstapdossier.xml' });
    expect(bijlage.contentUrl!.startsWith('data:application/xml;base64,')).toBe(true);
    expect(Buffer.from(bijlage.contentUrl!.split(',')[1]!, 'base64').toString('utf8')).toBe(xml);
  });

  it('asks for the pupil when none is named, and finds it by BSN', async () => {
    const { services } = await schoolWithReceivedDossier();
    const jan = new Chat(createBot(services), users.jan);
    expect(await jan.sayText('toon dossier')).toContain('Van welke leerling wilt u het ontvangen dossier zien?');
    expect(await jan.sayText('2693 26 728')).toContain('Overstapdossier van Daan van de Berg');
  });

  it('on Teams the summary is a card', async () => {
    const { services } = await schoolWithReceivedDossier();
    const say = rawChat(createBot(services), users.jan, 'msteams');
    const replies = (await say('toon dossier berg')).filter((a) => a.type === 'message');
    expect(replies[0]!.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(replies[0]!.attachments![0]!.content)).toContain('Testschool, BRIN 00YY');
    // Teams takes no data: URL file: the XML is offered for the user's OneDrive instead.
    const offer = replies[1]!.attachments?.[0];
    expect(offer?.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
    expect(offer?.contentUrl).toBeUndefined();
  });

  describe('the XML as a file on Teams (consent card, OneDrive upload)', () => {
    const UPLOAD = 'https://regenboog-my.sharepoint.com/personal/jan/uploadSession?id=1';
    const consent = (token: unknown, action: 'accept' | 'decline', uploadUrl = UPLOAD): Partial<Activity> => ({
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action,
        context: { token },
        uploadInfo: { name: 'berg-overstapdossier.xml', uploadUrl, contentUrl: 'https://regenboog-my.sharepoint.com/personal/jan/berg-overstapdossier.xml', uniqueId: 'f1', fileType: 'xml' },
      },
    });
    const tokenOf = (replies: Partial<Activity>[]): unknown =>
      (replies.filter((a) => a.type === 'message')[1]!.attachments![0]!.content as { acceptContext: { token: unknown } }).acceptContext.token;

    async function offered() {
      const school = await schoolWithReceivedDossier();
      const uploads: { url: string; body: string }[] = [];
      school.services.teamsUpload = async (url, body) => {
        uploads.push({ url: url.href, body: body.toString('utf8') });
      };
      const bot = createBot(school.services);
      const jan = rawChat(bot, users.jan, 'msteams');
      const token = tokenOf(await jan('toon dossier berg'));
      return { ...school, bot, jan, token, uploads };
    }
    const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '').join('\n');

    it('accepting puts exactly the received XML in OneDrive and shows it as a file; the card holds no BSN', async () => {
      const { jan, token, uploads, xml } = await offered();
      expect(JSON.stringify(token)).not.toContain(BSN);
      const replies = await jan(consent(token, 'accept'));
      expect(uploads).toEqual([{ url: UPLOAD, body: xml }]);
      const info = replies.find((a) => a.type === 'message')?.attachments?.[0];
      expect(info?.contentType).toBe('application/vnd.microsoft.teams.card.file.info');
      expect(info?.contentUrl).toContain('berg-overstapdossier.xml');
      // The same card again: the offer is used up.
      expect(texts(await jan(consent(token, 'accept')))).toContain('verlopen of al gebruikt');
      expect(uploads).toHaveLength(1);
    });

    it('another person pressing the card gets nothing', async () => {
      const { bot, token, uploads } = await offered();
      const els = rawChat(bot, users.els, 'msteams');
      expect(texts(await els(consent(token, 'accept')))).toContain('voor iemand anders klaargezet');
      expect(uploads).toEqual([]);
    });

    it('an upload URL outside SharePoint is refused, nothing is sent there', async () => {
      const { jan, token, uploads } = await offered();
      expect(texts(await jan(consent(token, 'accept', 'https://evil.example.com/upload')))).toContain('kon ik niet in uw OneDrive zetten');
      expect(texts(await jan(consent(token, 'accept', 'http://127.0.0.1:8080/upload')))).toContain('kon ik niet in uw OneDrive zetten');
      expect(uploads).toEqual([]);
    });

    it('declining sends nothing and ends the offer; a made-up token does nothing', async () => {
      const { jan, token, uploads } = await offered();
      expect(texts(await jan(consent(token, 'decline')))).toContain('ik stuur het bestand niet');
      expect(texts(await jan(consent(token, 'accept')))).toContain('verlopen of al gebruikt');
      expect(texts(await jan(consent('../../school', 'accept')))).toContain('verlopen of al gebruikt');
      expect(uploads).toEqual([]);
    });

    it('a failing upload says so in Dutch and the card can be used again', async () => {
      const { jan, token, uploads, services } = await offered();
      services.teamsUpload = async () => {
        throw new Error('HTTP 503');
      };
      expect(texts(await jan(consent(token, 'accept')))).toContain('kon ik niet in uw OneDrive zetten');
      services.teamsUpload = async (url, body) => {
        uploads.push({ url: url.href, body: body.toString('utf8') });
      };
      await jan(consent(token, 'accept'));
      expect(uploads).toHaveLength(1);
    });
  });

  it('gives the same answer for a pupil only Esis knows and for one nobody knows', async () => {
    const { services, repos } = await schoolWithReceivedDossier();
    await repos.dossiers.save(gereedDossier(ZOE));
    const jan = new Chat(createBot(services), users.jan);
    const esisOnly = (await jan.say(`toon dossier ${ZOE}`))[0]!.text;
    await jan.say('stop');
    const nobody = (await jan.say('toon dossier 999990019'))[0]!.text;
    expect(esisOnly.replace('*****6782', 'X')).toBe(nobody.replace('*****0019', 'X'));
    expect(esisOnly).toMatch(/^Ik vind geen ontvangen dossier bij "\*{5}6782" in LDOS/);
    await jan.say('stop');
    const byName = (await jan.say('toon dossier zoë'))[0]!.text;
    expect(byName).toBe('Ik vind geen ontvangen dossier bij "zoë" in LDOS. Controleer de naam of het BSN; is het dossier nog niet opgehaald, gebruik dan eerst "aanvraag overdracht".');
  });

  it('is refused for a medewerker', async () => {
    const { services } = await schoolWithReceivedDossier();
    const mieke = new Chat(createBot(services), users.mieke);
    const reply = await mieke.sayText('toon dossier daan');
    expect(reply).toContain('"LDOS – toon dossier" is alleen voor de directie.');
    expect(reply).not.toContain('Overstapdossier');
  });

  it('also shows a dossier fetched with "aanvraag overdracht", from the stored pupil when its document cannot be read', async () => {
    const { services, repos } = await createSchool();
    await repos.dossiers.save(gereedDossier(ZOE));
    const uitkomst = await new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) });
    expect(uitkomst.soort).toBe('verstrekt');
    const say = rawChat(createBot(services), users.jan);
    const [summary, file] = (await say('toon dossier zoë')).filter((a) => a.type === 'message');
    expect(summary!.text).toContain('- Leerling: Zoë Jansen, geboren 12 april 2016, BSN *****6782, groep 6');
    expect(summary!.text).toContain('- Soort overstap: POPO');
    expect(summary!.text).toContain('- Ontvangen: 3 september 2026 om 12:15, door Jan Bakker');
    const stored = (await repos.ldos.get(ZOE))!.dossier.osoDocument!;
    expect(Buffer.from(file!.attachments![0]!.contentUrl!.split(',')[1]!, 'base64').toString('utf8')).toBe(stored);
    expect(file!.attachments![0]!.name).toBe('jansen-overstapdossier.xml');
  });

  it('shows names and typed text literally, never as a link, image or HTML', async () => {
    const { services, repos } = await createSchool();
    const hostile = pupilSchema.parse({ ...pupils[ZOE]!, voornamen: ['[Klik](http://evil.example)'], achternaam: '<img src=x onerror=alert(1)>' });
    await repos.dossiers.save(gereedDossier(ZOE));
    expect((await new OverdrachtService(services).requestTransfer({ leerlingnummer: ZOE, brin: OWN_BRIN, by: actor(users.jan) })).soort).toBe('verstrekt');
    // LDOS holds what the sending school wrote: here, a name made to look like Markdown.
    const received = (await repos.ldos.get(ZOE))!;
    await repos.ldos.replaceDossier({ ...received, leerling: hostile, naam: `${hostile.voornamen[0]} ${hostile.achternaam}`, dossier: { ...received.dossier, id: 'ander-dossier' } });
    const say = rawChat(createBot(services), users.jan);
    const [summary] = (await say(`toon dossier ${ZOE}`)).filter((a) => a.type === 'message');
    expect(summary!.text).toContain('\\[Klik\\](http\\://evil.example)');
    expect(summary!.text).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(summary!.text).not.toContain('[Klik](http://');
    const echo = (await say(`toon dossier [x](http://evil.example) ${'lang '.repeat(40)}`))[0]!.text!;
    expect(echo).not.toContain('[x](http://');
    expect(echo).toContain('…');
  });

  it('a dossier received from another school\'s system can be placed with "klas plaatsen"', async () => {
    const { services, repos } = await schoolWithReceivedDossier();
    const jan = new Chat(createBot(services), users.jan);
    expect((await jan.say('klas plaatsen')).at(-1)?.buttons).toEqual(['Daan van de Berg (*****6728)']);
    expect((await jan.say('1')).at(-1)?.buttons).toEqual(['groep 6', 'groep 7', 'later']);
    expect(await jan.sayText('groep 7')).toBe('Daan van de Berg staat nu in LDOS in klas groep 7.');
    expect((await repos.ldos.get(BSN))?.klas).toBe('groep 7');
    expect(await jan.sayText('toon dossier daan')).toContain('- Klas: groep 7');
  });
});

