/**
 * Issue 22, "apart, always": random interleaved actions of the staff of three schools in one
 * bot (searching, status, making dossiers, aanvraag overdracht, toon dossier, intrekken,
 * beheer, switching school). No reply, card, file or suggested action that a conversation
 * acting for one school gets carries a pupil name or number of another school (unless the
 * user typed it in that very message), and no log line carries a pupil name or number at all.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { TEXT as SCHOOL_TEXT } from '../../dialogs/shared/schoolKeuze';
import { pupilSchema, type Pupil } from '../../src/domain/pupil';
import { createLogger } from '../../src/log';
import { startConversation, type BotConversation } from '../helpers/botConversation';
import { bsnFrom, PUPILS } from '../helpers/dossierFixtures';
import { answerFrom } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';
import { ANJA, BEA, PIET, REGENBOOG_LABEL, twoSchools, VERA, VLINDER_LABEL, VLINDER_PUPILS } from './fixtures';

const ESDOORN = {
  brin: '56EF',
  naam: 'De Esdoorn',
  soort: 'BAO' as const,
  telefoon: '020-1112233',
  adres: { straat: 'Esdoornplein', huisnummer: '2', postcode: '1012AB', plaats: 'Amsterdam' },
};
const ESDOORN_LABEL = 'De Esdoorn (56EF)';
const esdoornPupil = (nr: string, voornaam: string, achternaam: string): Pupil =>
  pupilSchema.parse({
    leerlingnummer: nr,
    voornamen: [voornaam],
    achternaam,
    groep: '7',
    geboortedatum: '2015-09-09',
    geslacht: 'onbekend',
    datumInschrijving: '2019-08-19',
    schoolloopbaan: [{ schooljaar: '2026-2027', groep: '7', begindatum: '2026-08-24' }],
    verzorgers: [{ achternaam, relatie: 'moeder', voornamen: ['Ria'] }],
    adres: { straat: 'Kade', huisnummer: '5', postcode: '1012CD', plaats: 'Amsterdam' },
  });
const ESDOORN_PUPILS = [esdoornPupil(bsnFrom(81234560), 'Mila', 'Okafor'), esdoornPupil(bsnFrom(92345671), 'Teun', 'Hendriks')];
const COR = { id: 'cor', naam: 'Cor Claassen', telefoon: '06-44444444' };

type SchoolName = 'regenboog' | 'vlinder' | 'esdoorn';
const PUPILS_OF: Record<SchoolName, Pupil[]> = {
  regenboog: Object.values(PUPILS),
  vlinder: Object.values(VLINDER_PUPILS),
  esdoorn: ESDOORN_PUPILS,
};
const LABEL_OF: Record<SchoolName, string> = { regenboog: REGENBOOG_LABEL, vlinder: VLINDER_LABEL, esdoorn: ESDOORN_LABEL };
const ALL = (Object.keys(PUPILS_OF) as SchoolName[]).flatMap((school) => PUPILS_OF[school].map((pupil) => ({ school, pupil })));

const surname = (p: Pupil) => [p.voorvoegsel, p.achternaam].filter(Boolean).join(' ');
/**
 * What would give a pupil away: the number, its masked form, the name. (Not the surname
 * alone: the bot's own examples say "Anja de Vries", and Daan is a de Vries.)
 */
const tokensOf = (p: Pupil) => [p.leerlingnummer, `*****${p.leerlingnummer.slice(-4)}`, `${p.voornamen[0]} ${surname(p)}`];

/** The tokens of schools other than `acting` that the acting school does not have itself (Ilias shares Zoë's number). */
function forbidden(acting: SchoolName | undefined): string[] {
  const own = new Set(acting ? PUPILS_OF[acting].flatMap(tokensOf) : []);
  return ALL.filter((p) => p.school !== acting).flatMap((p) => tokensOf(p.pupil)).filter((t) => !own.has(t));
}

/** Everything a reply shows: texts, cards, buttons, and files (data: URLs decoded). */
function shown(activities: Partial<Activity>[]): string {
  const parts: string[] = [];
  for (const a of activities) {
    parts.push(JSON.stringify(a));
    for (const att of a.attachments ?? []) {
      const m = /^data:[^,]*;base64,(.*)$/.exec(att.contentUrl ?? '');
      if (m) parts.push(Buffer.from(m[1]!, 'base64').toString('utf8'));
    }
  }
  return parts.join('\n');
}

/** Whether the user typed this themselves (a masked number: the number it masks). */
const typedBy = (who: Staff, token: string): boolean =>
  who.typed.includes(token.toLowerCase()) || (token.startsWith('*****') && new RegExp(`\\d{5}${token.slice(5)}\\b`).test(who.typed));

interface Staff {
  name: string;
  /** The school they act for; undefined for Piet until he chose. */
  school?: SchoolName;
  conversation: BotConversation;
  /** Everything typed so far: the bot may repeat it (a number typed, masked, in the next summary). */
  typed: string;
}

const KINDS = ['status', 'statusNummer', 'dossier', 'mijn', 'toon', 'aanvraag', 'intrekken', 'beheer', 'wissel', 'kies', 'annuleren', 'hallo'] as const;
const action = fc.record({ who: fc.nat(4), kind: fc.constantFrom(...KINDS), pupil: fc.nat(ALL.length - 1), keuze: fc.nat(2) });

async function board() {
  const store = new MemoryDocumentStore();
  const logLines: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));
  const { board, regenboog, vlinder } = await twoSchools(store);
  await regenboog.users.save({ ...ANJA, rollen: ['medewerker', 'directie'] });
  const esdoorn = board.repositoriesFor((await board.addSchool(ESDOORN))!.entry);
  for (const p of ESDOORN_PUPILS) await esdoorn.pupils.upsert(p);
  await esdoorn.users.save({ ...COR, rollen: ['medewerker', 'directie', 'beheerder'] });
  const talk = (user: { id: string; naam: string }) =>
    startConversation(store, { conversationId: `c-${user.id}`, user: { id: user.id, name: user.naam }, logger });
  const staff: Staff[] = [
    { name: 'anja', school: 'regenboog', conversation: talk(ANJA), typed: '' },
    { name: 'vera', school: 'vlinder', conversation: talk(VERA), typed: '' },
    { name: 'piet', conversation: talk(PIET), typed: '' },
    { name: 'bea', school: 'vlinder', conversation: talk(BEA), typed: '' },
    { name: 'cor', school: 'esdoorn', conversation: talk(COR), typed: '' },
  ];
  // Each school has a dossier delivered to its LDOS already.
  for (const [who, pupil] of [[0, PUPILS.daan], [4, ESDOORN_PUPILS[0]!]] as const) {
    const c = staff[who]!.conversation;
    await answerFrom(c, 'start', { leerling: pupil.voornamen[0]!, categorieen: 'geen' });
    for (const t of ['OSO – aanvraag overdracht', pupil.leerlingnummer, 'ok', 'Aanvragen overdracht', 'later']) await c.say(t);
  }
  await answerFrom(staff[1]!.conversation, 'start', { leerling: 'fenna', categorieen: 'geen' });
  expect(await regenboog.ldos.get(PUPILS.daan.leerlingnummer)).toBeDefined();
  expect(await esdoorn.ldos.get(ESDOORN_PUPILS[0]!.leerlingnummer)).toBeDefined();
  expect((await vlinder.dossiers.get(VLINDER_PUPILS.fenna.leerlingnummer))?.status).toBe('gereed');
  return { staff, logLines };
}

/** The messages one action types. */
function messages(kind: (typeof KINDS)[number], pupil: Pupil, keuze: number): string[] {
  const naam = `${pupil.voornamen[0]} ${surname(pupil)}`;
  switch (kind) {
    case 'status': return [`status ${pupil.voornamen[0]}`];
    case 'statusNummer': return [`status ${pupil.leerlingnummer}`];
    case 'dossier': return ['nieuw dossier', pupil.voornamen[0]!, 'ok', 'geen', 'ok', 'ok', 'geen', 'ok', 'nee', 'ok', 'ja', 'vandaag', 'ok', 'ja', 'ja'];
    case 'mijn': return ['mijn dossiers'];
    case 'toon': return [`toon dossier ${naam}`];
    case 'aanvraag': return ['OSO – aanvraag overdracht', pupil.leerlingnummer, 'ok', 'Aanvragen overdracht'];
    case 'intrekken': return [`intrekken ${pupil.voornamen[0]}`, 'ja'];
    case 'beheer': return ['beheer gebruikers', 'klaar'];
    case 'wissel': return ['andere school'];
    case 'kies': return [[REGENBOOG_LABEL, VLINDER_LABEL, 'ok'][keuze]!];
    case 'annuleren': return ['annuleren'];
    case 'hallo': return ['hallo'];
  }
}

describe('isolation between the schools of one board', () => {
  it('never shows a conversation of one school another school\'s pupils, and never logs a pupil', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const { staff, logLines } = await board();
        for (const a of actions) {
          const who = staff[a.who]!;
          const target = ALL[a.pupil]!;
          for (const text of messages(a.kind, target.pupil, a.keuze)) {
            const reply = await who.conversation.say(text);
            // Piet's school is what the bot last told him.
            if (who.name === 'piet') {
              const chosen = (Object.keys(LABEL_OF) as SchoolName[]).find((s) => reply.text.includes(SCHOOL_TEXT.gekozen(LABEL_OF[s])));
              if (chosen) who.school = chosen;
              else if (reply.text.includes(SCHOOL_TEXT.vraag)) who.school = undefined;
            }
            const seen = shown(reply.activities);
            who.typed += `\n${text.toLowerCase()}`;
            const leaked = forbidden(who.school).filter((t) => seen.includes(t) && !typedBy(who, t));
            expect(leaked, `${who.name} (${who.school ?? 'geen school'}) typed "${text}"`).toEqual([]);
          }
        }
        const logs = logLines.join('\n');
        for (const { pupil } of ALL) {
          expect(logs).not.toContain(pupil.leerlingnummer);
          expect(logs).not.toContain(`${pupil.voornamen[0]} ${surname(pupil)}`);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
