/**
 * A small school for the LDOS-side tests: users with each role, two pupils in the roster,
 * and dossiers in each state the "aanvraag overdracht" outcomes depend on.
 */
import type { Clock } from '../../src/app/clock';
import type { BotServices, Notifier } from '../../src/app/services';
import { createDossier, makeReady, type Actor, type Dossier, type NewDossier } from '../../src/domain/dossier';
import { pupilSchema, type Pupil } from '../../src/domain/pupil';
import type { User } from '../../src/domain/users';
import { createLogger } from '../../src/log';
import { createRepositories, type Repositories } from '../../src/repositories';
import type { DocumentStore } from '../../src/storage/documentStore';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

export const OWN_BRIN = '12AB';
export const OTHER_BRIN = '34CD';
export const TODAY = '2026-09-03';
export const NOW = new Date('2026-09-03T10:15:00.000Z');

export const users = {
  mieke: { id: 'mieke', naam: 'Mieke de Vries', rollen: ['medewerker'] },
  jan: { id: 'jan', naam: 'Jan Bakker', rollen: ['directie'] },
  els: { id: 'els', naam: 'Els Smit', rollen: ['directie'] },
  bea: { id: 'bea', naam: 'Bea Beheer', rollen: ['beheerder'] },
} satisfies Record<string, User>;

export const actor = (u: User): Actor => ({ userId: u.id, naam: u.naam });

export const ZOE = '123456782';
export const TIM = '123456708';
export const NOOR = '123456721';

export const pupils: Record<string, Pupil> = {
  [ZOE]: pupilSchema.parse({ leerlingnummer: ZOE, voornamen: ['Zoë'], achternaam: 'Jansen', geboortedatum: '2016-04-12', groep: '6' }),
  [TIM]: pupilSchema.parse({ leerlingnummer: TIM, voornamen: ['Tim'], voorvoegsel: 'de', achternaam: 'Boer', geboortedatum: '2015-02-01', groep: '7' }),
  [NOOR]: pupilSchema.parse({ leerlingnummer: NOOR, voornamen: ['Noor'], achternaam: 'Visser', geboortedatum: '2014-11-30', groep: '8' }),
};

export const fixedClock: Clock = { now: () => new Date(NOW) };

/** Records what would have been sent to each user's own chat. */
export class RecordingNotifier implements Notifier {
  readonly sent: { userId: string; text: string }[] = [];
  async notify(userId: string, text: string): Promise<boolean> {
    this.sent.push({ userId, text });
    return true;
  }
}

export interface TestSchool {
  repos: Repositories;
  services: BotServices;
  notifier: RecordingNotifier;
}

export async function createSchool(store: DocumentStore = new MemoryDocumentStore()): Promise<TestSchool> {
  const repos = createRepositories(store);
  await repos.school.save({ brin: OWN_BRIN, naam: 'De Regenboog', soort: 'BAO' });
  for (const u of Object.values(users)) await repos.users.save({ ...u, rollen: [...u.rollen] });
  for (const p of Object.values(pupils)) await repos.pupils.upsert(p);
  await repos.ldos.addClass('groep 6');
  await repos.ldos.addClass('groep 7');
  const notifier = new RecordingNotifier();
  const services: BotServices = { repos, clock: fixedClock, logger: createLogger('silent'), demoMode: false, notifier };
  return { repos, services, notifier };
}

function newDossier(leerlingnummer: string, overrides: Partial<NewDossier>): NewDossier {
  const p = pupils[leerlingnummer]!;
  return {
    id: `dossier-${leerlingnummer}`,
    leerlingnummer,
    leerlingNaam: `${p.voornamen[0]}${p.voorvoegsel ? ` ${p.voorvoegsel}` : ''} ${p.achternaam}`,
    soortOverstap: 'POPO',
    categorieen: ['verzuim'],
    aantalSchooljaren: 3,
    contactpersoon: { naam: users.mieke.naam, telefoon: '010-1234567' },
    bijlagen: [{ id: 'b1', naam: 'verslag.pdf', contentType: 'application/pdf', grootte: 1234, inhoudKey: 'bijlage:b1' }],
    voorlopig: false,
    contactGewenst: false,
    ontvangendeBrin: OWN_BRIN,
    inzage: { gehad: true, datum: '2026-09-01', medewerker: users.mieke.naam },
    akkoord: 'Ja',
    aangemaaktDoor: actor(users.mieke),
    ...overrides,
  };
}

export function conceptDossier(leerlingnummer: string, overrides: Partial<NewDossier> = {}): Dossier {
  return createDossier(newDossier(leerlingnummer, overrides), '2026-09-02T08:00:00.000Z');
}

export function gereedDossier(leerlingnummer: string, overrides: Partial<NewDossier> = {}): Dossier {
  const made = makeReady(conceptDossier(leerlingnummer, overrides), actor(users.mieke), '2026-09-02T09:00:00.000Z', TODAY, {
    snapshot: pupils[leerlingnummer]!,
    osoDocument: `<overstapdossier leerling="${leerlingnummer}"/>`,
  });
  if (!made.ok) throw new Error(made.problem.message);
  return made.value;
}
