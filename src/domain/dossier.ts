/**
 * The overstapdossier and its life cycle: concept → gereed → verstrekt, and intrekken
 * (gereed → concept). Pure functions: each returns the new dossier or the reason why the
 * transition is not allowed, in Dutch, saying what to do first.
 */
import type { CategoryCode } from './categories';
import { formatDutchDate, type IsoDate } from './dates';
import * as brin from './identifiers/brin';
import { fail, ok, type Result } from './result';
import type { Pupil } from './pupil';
import type { AantalSchooljaren } from './schooljaren';
import type { SoortOverstap } from './soortOverstap';

export type DossierStatus = 'concept' | 'gereed' | 'verstrekt';
export type Akkoord = 'Ja' | 'Nee' | 'Onbekend';

export interface Actor {
  userId: string;
  naam: string;
}

export interface Contactpersoon {
  naam: string;
  telefoon: string;
  email?: string;
}

export interface Bijlage {
  id: string;
  naam: string;
  contentType: string;
  grootte: number;
  /** Key of the stored content (kept apart so the dossier document stays small). */
  inhoudKey: string;
}

export interface Inzage {
  gehad: boolean;
  datum?: IsoDate;
  medewerker?: string;
}

export interface HistoryEntry {
  /** ISO timestamp. */
  at: string;
  door: Actor;
  actie: 'aangemaakt' | 'gewijzigd' | 'gereed' | 'ingetrokken' | 'verstrekt';
  detail?: string;
}

export interface Dossier {
  id: string;
  /** BSN or onderwijsnummer of the pupil. */
  leerlingnummer: string;
  /** Display name at the time of creation, for lists and messages. */
  leerlingNaam: string;
  soortOverstap: SoortOverstap;
  /** Chosen optional categories; required ones are always included. */
  categorieen: CategoryCode[];
  aantalSchooljaren: AantalSchooljaren;
  contactpersoon: Contactpersoon;
  bijlagen: Bijlage[];
  voorlopig: boolean;
  contactGewenst: boolean;
  /** BRIN the dossier is addressed to; for LDOS: the school's own BRIN. */
  ontvangendeBrin: string;
  inzage: Inzage;
  akkoord: Akkoord;
  redenNietAkkoord?: string;
  /** POVO: the advice for VO (DUO code) given in the conversation, when the pupil's source has none. */
  schooladvies?: string;
  /** VOVO: whether the parents consent to the transfer (OSO `toestemming`), asked in the conversation. */
  toestemming?: Akkoord;
  status: DossierStatus;
  aangemaaktDoor: Actor;
  /** Pupil data as it was when the dossier was made ready. */
  snapshot?: Pupil;
  /** The OSO-gegevensset document built when it was made ready. */
  osoDocument?: string;
  verstrekt?: { at: string; door: Actor; brin: string };
  /**
   * The maker's notice "verstrekt" still has to be sent: set in the same write as
   * "verstrekt", removed once it was sent, so a crash in between cannot lose it (the outbox).
   */
  makerNoticePending?: true;
  history: HistoryEntry[];
}

export type NewDossier = Omit<Dossier, 'status' | 'history' | 'snapshot' | 'osoDocument' | 'verstrekt' | 'makerNoticePending'>;

export function createDossier(input: NewDossier, at: string): Dossier {
  return {
    ...input,
    status: 'concept',
    history: [{ at, door: input.aangemaaktDoor, actie: 'aangemaakt' }],
  };
}

export type ReadyProblem =
  | 'status'
  | 'geen-inzage'
  | 'inzage-datum'
  | 'inzage-toekomst'
  | 'reden-niet-akkoord'
  | 'contact'
  | 'brin';

/** What must hold before a dossier can be made ready (PRODUCT.md §4). */
export function checkReady(d: Dossier, today: IsoDate): Result<true, ReadyProblem> {
  if (d.status !== 'concept') {
    return fail('status', `Dit dossier heeft status "${d.status}"; alleen een concept kan gereed gemaakt worden.`);
  }
  if (!d.inzage.gehad) {
    return fail('geen-inzage', 'De ouders hebben het dossier nog niet ingezien. Laat de ouders het dossier eerst inzien; zonder inzage kan de ontvangende school het niet opvragen (OSO: LeerlinginfoNietOpvraagbaar).');
  }
  if (!d.inzage.datum) return fail('inzage-datum', 'Vul de datum in waarop de ouders het dossier hebben ingezien.');
  if (d.inzage.datum > today) {
    return fail('inzage-toekomst', `De inzagedatum ${formatDutchDate(d.inzage.datum)} ligt in de toekomst; vul de datum in waarop de ouders het dossier echt hebben ingezien.`);
  }
  if (d.akkoord === 'Nee' && !d.redenNietAkkoord?.trim()) {
    return fail('reden-niet-akkoord', 'De ouders gaan niet akkoord: vul hun reden in; die gaat met het dossier mee.');
  }
  if (d.contactGewenst && (!d.contactpersoon.naam.trim() || !d.contactpersoon.telefoon.trim())) {
    return fail('contact', 'Bij "contact gewenst" horen de naam en het telefoonnummer van een contactpersoon.');
  }
  if (!brin.isValid(d.ontvangendeBrin)) return fail('brin', 'Het BRIN-nummer van de ontvangende school is niet geldig.');
  return ok(true);
}

export function makeReady(
  d: Dossier,
  by: Actor,
  at: string,
  today: IsoDate,
  built: { snapshot: Pupil; osoDocument?: string },
): Result<Dossier, ReadyProblem> {
  const check = checkReady(d, today);
  if (!check.ok) return check;
  return ok({
    ...d,
    status: 'gereed',
    snapshot: built.snapshot,
    osoDocument: built.osoDocument,
    history: [...d.history, { at, door: by, actie: 'gereed' }],
  });
}

export function withdraw(d: Dossier, by: Actor, at: string): Result<Dossier, 'status'> {
  if (d.status === 'verstrekt') {
    return fail('status', 'Dit dossier is al verstrekt aan de ontvangende school en kan niet meer worden ingetrokken.');
  }
  if (d.status !== 'gereed') return fail('status', 'Dit dossier is nog een concept; intrekken kan alleen bij een dossier met status "gereed".');
  const { snapshot: _snapshot, osoDocument: _doc, ...rest } = d;
  return ok({ ...rest, status: 'concept', history: [...d.history, { at, door: by, actie: 'ingetrokken' }] });
}

export function markProvided(d: Dossier, by: Actor, at: string, toBrin: string): Result<Dossier, 'status'> {
  if (d.status === 'verstrekt') return fail('status', 'Dit dossier is al verstrekt.');
  if (d.status !== 'gereed') return fail('status', 'Alleen een dossier met status "gereed" kan worden verstrekt.');
  return ok({
    ...d,
    status: 'verstrekt',
    verstrekt: { at, door: by, brin: toBrin },
    history: [...d.history, { at, door: by, actie: 'verstrekt', detail: `aan LDOS (${toBrin})` }],
  });
}

/** The answers OSO gives to a request for a pupil's dossier (PRODUCT.md §6). */
export type AanvraagUitkomst =
  | { soort: 'beschikbaar'; dossier: Dossier }
  | { soort: 'LeerlinginfoNietBeschikbaar' }
  | { soort: 'LeerlinginfoNietOpvraagbaar' }
  | { soort: 'alVerstrekt'; verstrekt: NonNullable<Dossier['verstrekt']> };

/**
 * Decides the outcome of "aanvraag overdracht". A dossier addressed to another BRIN gives
 * the same answer as no dossier at all, so nothing is revealed about other schools.
 */
export function judgeRequest(d: Dossier | undefined, requestingBrin: string): AanvraagUitkomst {
  const requested = brin.validate(requestingBrin);
  const addressed = d ? brin.validate(d.ontvangendeBrin) : undefined;
  if (!d || !requested.ok || !addressed?.ok || !brin.addressedTo(addressed.value, requested.value)) {
    return { soort: 'LeerlinginfoNietBeschikbaar' };
  }
  if (d.status === 'verstrekt' && d.verstrekt) return { soort: 'alVerstrekt', verstrekt: d.verstrekt };
  if (d.status === 'gereed') return { soort: 'beschikbaar', dossier: d };
  if (!d.inzage.gehad) return { soort: 'LeerlinginfoNietOpvraagbaar' };
  return { soort: 'LeerlinginfoNietBeschikbaar' };
}
