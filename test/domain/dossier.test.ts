import { describe, expect, it } from 'vitest';
import {
  checkReady,
  createDossier,
  judgeRequest,
  makeReady,
  markProvided,
  withdraw,
  type Actor,
  type Dossier,
  type DossierStatus,
  type NewDossier,
} from '../../src/domain/dossier';
import { pupilSchema, type Pupil } from '../../src/domain/pupil';

const TODAY = '2026-09-03';
const AT = '2026-09-03T10:00:00.000Z';
const OWN_BRIN = '12AB';
const medewerker: Actor = { userId: 'u1', naam: 'Mieke de Vries' };
const directie: Actor = { userId: 'u2', naam: 'Jan Bakker' };

const pupil: Pupil = pupilSchema.parse({
  leerlingnummer: '123456782',
  voornamen: ['Zoë'],
  achternaam: 'Jansen',
  geboortedatum: '2016-04-12',
  groep: '6',
});

function newDossier(overrides: Partial<NewDossier> = {}): NewDossier {
  return {
    id: 'd1',
    leerlingnummer: '123456782',
    leerlingNaam: 'Zoë Jansen',
    soortOverstap: 'POPO',
    categorieen: ['verzuim'],
    aantalSchooljaren: 3,
    contactpersoon: { naam: 'Mieke de Vries', telefoon: '010-1234567' },
    bijlagen: [],
    voorlopig: false,
    contactGewenst: false,
    ontvangendeBrin: OWN_BRIN,
    inzage: { gehad: true, datum: '2026-09-01', medewerker: 'Mieke de Vries' },
    akkoord: 'Ja',
    aangemaaktDoor: medewerker,
    ...overrides,
  };
}

const concept = (overrides: Partial<NewDossier> = {}): Dossier => createDossier(newDossier(overrides), AT);

function unwrap<T>(r: { ok: true; value: T } | { ok: false; problem: { message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.problem.message}`);
  return r.value;
}

const gereed = (overrides: Partial<NewDossier> = {}): Dossier =>
  unwrap(makeReady(concept(overrides), medewerker, AT, TODAY, { snapshot: pupil, osoDocument: '<xml/>' }));
const verstrekt = (overrides: Partial<NewDossier> = {}): Dossier =>
  unwrap(markProvided(gereed(overrides), directie, '2026-09-04T09:00:00.000Z', OWN_BRIN));

const inStatus: Record<DossierStatus, () => Dossier> = { concept: () => concept(), gereed: () => gereed(), verstrekt: () => verstrekt() };

describe('createDossier', () => {
  it('starts as concept with an "aangemaakt" history entry by the creator', () => {
    const d = concept();
    expect(d.status).toBe('concept');
    expect(d.history).toEqual([{ at: AT, door: medewerker, actie: 'aangemaakt' }]);
    expect(d.snapshot).toBeUndefined();
    expect(d.verstrekt).toBeUndefined();
  });
});

describe('concept → gereed (makeReady / checkReady)', () => {
  it('a complete concept becomes gereed with the pupil snapshot, the OSO document and a history entry', () => {
    const d = concept();
    const r = makeReady(d, medewerker, '2026-09-03T11:00:00.000Z', TODAY, { snapshot: pupil, osoDocument: '<xml/>' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.status).toBe('gereed');
    expect(r.value.snapshot).toEqual(pupil);
    expect(r.value.osoDocument).toBe('<xml/>');
    expect(r.value.history.at(-1)).toEqual({ at: '2026-09-03T11:00:00.000Z', door: medewerker, actie: 'gereed' });
    expect(d.status).toBe('concept'); // the input is not changed
    expect(d.history).toHaveLength(1);
  });

  it('inzage on today itself is fine', () => {
    expect(checkReady(concept({ inzage: { gehad: true, datum: TODAY } }), TODAY)).toEqual({ ok: true, value: true });
  });

  it('akkoord Nee with a reason can still be made ready (the reason travels along)', () => {
    const d = gereed({ akkoord: 'Nee', redenNietAkkoord: 'Ouders zijn het niet eens met het advies.' });
    expect(d.status).toBe('gereed');
    expect(d.redenNietAkkoord).toBe('Ouders zijn het niet eens met het advies.');
  });

  it('akkoord Onbekend can be made ready', () => {
    expect(checkReady(concept({ akkoord: 'Onbekend' }), TODAY).ok).toBe(true);
  });

  it('contact gewenst with name and phone (e-mail optional) can be made ready', () => {
    expect(checkReady(concept({ contactGewenst: true }), TODAY).ok).toBe(true);
  });

  it('without contact gewenst the phone number is not needed', () => {
    expect(checkReady(concept({ contactGewenst: false, contactpersoon: { naam: '', telefoon: '' } }), TODAY).ok).toBe(true);
  });

  it('a receiving BRIN with vestiging is fine', () => {
    expect(checkReady(concept({ ontvangendeBrin: '12AB00' }), TODAY).ok).toBe(true);
  });

  const problems: [string, Partial<NewDossier>, string, RegExp[]][] = [
    ['no inzage', { inzage: { gehad: false } }, 'geen-inzage', [/nog niet ingezien/, /eerst inzien/, /LeerlinginfoNietOpvraagbaar/]],
    ['inzage without a date', { inzage: { gehad: true } }, 'inzage-datum', [/datum/, /ingezien/]],
    ['inzage date in the future', { inzage: { gehad: true, datum: '2026-09-04' } }, 'inzage-toekomst', [/4 september 2026/, /in de toekomst/]],
    ['akkoord Nee without reason', { akkoord: 'Nee' }, 'reden-niet-akkoord', [/niet akkoord/, /reden/]],
    ['akkoord Nee with a blank reason', { akkoord: 'Nee', redenNietAkkoord: '   ' }, 'reden-niet-akkoord', [/reden/]],
    ['contact gewenst without phone', { contactGewenst: true, contactpersoon: { naam: 'Mieke', telefoon: '' } }, 'contact', [/contact gewenst/, /telefoonnummer/]],
    ['contact gewenst with a blank phone', { contactGewenst: true, contactpersoon: { naam: 'Mieke', telefoon: '  ' } }, 'contact', [/telefoonnummer/]],
    ['contact gewenst without name', { contactGewenst: true, contactpersoon: { naam: '', telefoon: '010-1234567' } }, 'contact', [/naam/]],
    ['an invalid receiving BRIN', { ontvangendeBrin: '12A8' }, 'brin', [/BRIN-nummer/, /niet geldig/]],
  ];

  it.each(problems)('%s: refused (%s) with a Dutch reason, dossier stays concept', (_label, overrides, code, texts) => {
    const d = concept(overrides);
    const check = checkReady(d, TODAY);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem.code).toBe(code);
    for (const t of texts) expect(check.problem.message).toMatch(t);

    const r = makeReady(d, medewerker, AT, TODAY, { snapshot: pupil });
    expect(r).toEqual(check);
    expect(d.status).toBe('concept');
    expect(d.snapshot).toBeUndefined();
  });

  it.each(['gereed', 'verstrekt'] as const)('a %s dossier cannot be made ready again', (status) => {
    const d = inStatus[status]();
    const r = makeReady(d, medewerker, AT, TODAY, { snapshot: pupil });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('status');
    expect(r.problem.message).toContain(`status "${status}"`);
    expect(r.problem.message).toContain('alleen een concept');
  });
});

describe('gereed → concept (withdraw / intrekken)', () => {
  it('withdraws a gereed dossier: concept again, snapshot and document dropped, history kept', () => {
    const d = gereed();
    const r = withdraw(d, medewerker, '2026-09-03T12:00:00.000Z');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.status).toBe('concept');
    expect(r.value).not.toHaveProperty('snapshot');
    expect(r.value).not.toHaveProperty('osoDocument');
    expect(r.value.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gereed', 'ingetrokken']);
    expect(r.value.history.at(-1)).toEqual({ at: '2026-09-03T12:00:00.000Z', door: medewerker, actie: 'ingetrokken' });
    expect(d.status).toBe('gereed'); // input unchanged
  });

  it('a withdrawn dossier can be made ready again', () => {
    const again = unwrap(makeReady(unwrap(withdraw(gereed(), medewerker, AT)), medewerker, AT, TODAY, { snapshot: pupil }));
    expect(again.status).toBe('gereed');
    expect(again.history.map((h) => h.actie)).toEqual(['aangemaakt', 'gereed', 'ingetrokken', 'gereed']);
  });

  it('a verstrekt dossier cannot be withdrawn', () => {
    const d = verstrekt();
    const r = withdraw(d, medewerker, AT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('status');
    expect(r.problem.message).toContain('al verstrekt');
    expect(r.problem.message).toContain('niet meer worden ingetrokken');
  });

  it('a concept cannot be withdrawn', () => {
    const r = withdraw(concept(), medewerker, AT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('status');
    expect(r.problem.message).toContain('nog een concept');
    expect(r.problem.message).toContain('status "gereed"');
  });
});

describe('gereed → verstrekt (markProvided)', () => {
  it('marks a gereed dossier verstrekt, recording who, when and to which BRIN', () => {
    const d = gereed();
    const r = markProvided(d, directie, '2026-09-04T09:00:00.000Z', '12AB00');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.status).toBe('verstrekt');
    expect(r.value.verstrekt).toEqual({ at: '2026-09-04T09:00:00.000Z', door: directie, brin: '12AB00' });
    expect(r.value.history.at(-1)).toEqual({
      at: '2026-09-04T09:00:00.000Z',
      door: directie,
      actie: 'verstrekt',
      detail: 'aan LDOS (12AB00)',
    });
    expect(r.value.snapshot).toEqual(pupil); // what was made ready is what was provided
    expect(d.status).toBe('gereed');
  });

  it('a concept cannot be provided', () => {
    const r = markProvided(concept(), directie, AT, OWN_BRIN);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('status');
    expect(r.problem.message).toContain('Alleen een dossier met status "gereed"');
  });

  it('providing twice is refused', () => {
    const r = markProvided(verstrekt(), directie, AT, OWN_BRIN);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('status');
    expect(r.problem.message).toBe('Dit dossier is al verstrekt.');
  });
});

describe('every transition from every status', () => {
  // allowed[from][action] = resulting status, or undefined when refused
  const table: Record<DossierStatus, Record<'makeReady' | 'withdraw' | 'markProvided', DossierStatus | undefined>> = {
    concept: { makeReady: 'gereed', withdraw: undefined, markProvided: undefined },
    gereed: { makeReady: undefined, withdraw: 'concept', markProvided: 'verstrekt' },
    verstrekt: { makeReady: undefined, withdraw: undefined, markProvided: undefined },
  };
  const run = {
    makeReady: (d: Dossier) => makeReady(d, medewerker, AT, TODAY, { snapshot: pupil }),
    withdraw: (d: Dossier) => withdraw(d, medewerker, AT),
    markProvided: (d: Dossier) => markProvided(d, directie, AT, OWN_BRIN),
  };
  const cases = (Object.keys(table) as DossierStatus[]).flatMap((from) =>
    (Object.keys(run) as (keyof typeof run)[]).map((action) => [from, action, table[from][action]] as const),
  );

  it.each(cases)('%s --%s--> %s', (from, action, to) => {
    const before = inStatus[from]();
    const r = run[action](before);
    if (to === undefined) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.code).toBe('status');
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.status).toBe(to);
    }
    expect(before.status).toBe(from);
  });
});

describe('judgeRequest (aanvraag overdracht)', () => {
  const none = judgeRequest(undefined, OWN_BRIN);

  it('no dossier: LeerlinginfoNietBeschikbaar', () => {
    expect(none).toEqual({ soort: 'LeerlinginfoNietBeschikbaar' });
  });

  it('gereed for the requesting BRIN: beschikbaar with the dossier', () => {
    const d = gereed();
    expect(judgeRequest(d, OWN_BRIN)).toEqual({ soort: 'beschikbaar', dossier: d });
  });

  it('a concept without inzage: LeerlinginfoNietOpvraagbaar', () => {
    expect(judgeRequest(concept({ inzage: { gehad: false } }), OWN_BRIN)).toEqual({ soort: 'LeerlinginfoNietOpvraagbaar' });
  });

  it('a concept with inzage (not yet made ready): LeerlinginfoNietBeschikbaar', () => {
    expect(judgeRequest(concept(), OWN_BRIN)).toEqual({ soort: 'LeerlinginfoNietBeschikbaar' });
  });

  it('verstrekt: tells who provided it when', () => {
    const d = verstrekt();
    expect(judgeRequest(d, OWN_BRIN)).toEqual({ soort: 'alVerstrekt', verstrekt: d.verstrekt });
  });

  it.each([
    ['gereed', () => gereed({ ontvangendeBrin: '34CD' })],
    ['verstrekt', () => verstrekt({ ontvangendeBrin: '34CD' })],
    ['concept without inzage', () => concept({ ontvangendeBrin: '34CD', inzage: { gehad: false } })],
    ['concept with inzage', () => concept({ ontvangendeBrin: '34CD' })],
  ])('%s for another BRIN gives exactly the same answer as no dossier', (_label, make) => {
    expect(judgeRequest(make(), OWN_BRIN)).toStrictEqual(none);
  });

  it('the BRIN with or without vestiging names the same school', () => {
    expect(judgeRequest(gereed({ ontvangendeBrin: '12AB' }), '12AB00').soort).toBe('beschikbaar');
    expect(judgeRequest(gereed({ ontvangendeBrin: '12AB00' }), '12AB').soort).toBe('beschikbaar');
  });

  it('a dossier addressed to one vestiging is not available to another vestiging', () => {
    expect(judgeRequest(gereed({ ontvangendeBrin: '12AB00' }), '12AB01')).toStrictEqual(none);
  });

  it('the requesting BRIN may be typed in lower case', () => {
    expect(judgeRequest(gereed(), '12ab').soort).toBe('beschikbaar');
  });

  it('an invalid requesting BRIN gets the same answer as no dossier', () => {
    expect(judgeRequest(gereed(), '12A8')).toStrictEqual(none);
    expect(judgeRequest(gereed(), '')).toStrictEqual(none);
  });
});
