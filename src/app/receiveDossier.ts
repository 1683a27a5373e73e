/**
 * Receives an overstapdossier from another school's system into LDOS (`import-dossier`, issue
 * 19): the document is checked first — well-formed XML, the structure this bot reads, and the
 * official XSD and business rules when a validator is given — and refused with the findings in
 * Dutch; otherwise the pupil is stored in LDOS the way "aanvraag overdracht" stores it, so
 * "klas plaatsen" and "toon dossier" find it.
 */
import { createHash } from 'node:crypto';
import { CATEGORY_CODES, type CategoryCode } from '../domain/categories';
import type { Actor, Akkoord } from '../domain/dossier';
import type { LdosLeerling } from '../domain/ldos';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { readOsoDocument } from '../domain/oso/readOsoDocument';
import { displayName } from '../domain/pupil';
import type { AantalSchooljaren } from '../domain/schooljaren';
import { SOORTEN_OVERSTAP, type SoortOverstap } from '../domain/soortOverstap';
import type { OfficialValidator } from '../oso/officialValidator';
import { parseXml } from '../oso/parseXml';
import type { LdosRepository } from '../repositories/ldosRepository';

export type ReceiveOutcome =
  | { soort: 'geweigerd'; bevindingen: string[] }
  | { soort: 'ontvangen' | 'vervangen' | 'alOntvangen'; leerling: LdosLeerling; waarschuwingen: string[] };

export interface ReceiveDeps {
  ldos: LdosRepository;
  /** The official XSD + business-rule validator, when OSO_VALIDATOR_DIR is set. */
  validator?: OfficialValidator;
  /** ISO timestamp of receipt. */
  at: string;
  door: Actor;
  /** The own BRIN (the receiving school), when the school is set. */
  eigenBrin?: string;
}

export async function receiveDossier(xml: string, deps: ReceiveDeps): Promise<ReceiveOutcome> {
  const parsed = await parseXml(xml);
  if (!parsed.ok) return { soort: 'geweigerd', bevindingen: parsed.problems.map((p) => `Geen geldige XML: ${p}`) };
  // All findings at once: what this bot needs to read it, then the official checks.
  const read = readOsoDocument(parsed.root);
  const bevindingen: string[] = read.ok ? [] : read.problems.map(capitalize);
  const overstap = read.ok ? read.dossier.overstap : undefined;
  if (read.ok && (!overstap || !(SOORTEN_OVERSTAP as readonly string[]).includes(overstap))) {
    bevindingen.push(`Soort overstap "${overstap ?? ''}" ken ik niet; verwacht ${SOORTEN_OVERSTAP.join(', ')}.`);
  }
  if (deps.validator) {
    const result = deps.validator.validate(xml);
    bevindingen.push(...result.xsdErrors.map((e) => `XSD: ${e}`), ...result.ruleErrors.map((e) => `Validatieregel: ${e}`));
  }
  // The validators quote values; a BSN among them is shown masked (PRODUCT.md §8).
  if (!read.ok || bevindingen.length > 0) return { soort: 'geweigerd', bevindingen: bevindingen.map(maskNumbers) };

  const pupil = read.pupil;
  const uitlevering = read.dossier.uitlevering;
  const categorieen = CATEGORY_CODES.filter((c): c is CategoryCode => uitlevering[c] === 'OPTIONEEL');
  const jaren = new Set(pupil.schoolloopbaan.map((s) => s.schooljaar)).size;
  const akkoord = (['Ja', 'Nee'] as const).find((a) => a === read.dossier.inzage.akkoord) ?? 'Onbekend';
  const record: LdosLeerling = {
    leerlingnummer: pupil.leerlingnummer,
    naam: displayName(pupil),
    leerling: pupil,
    dossier: {
      // The same document received twice is the same dossier.
      id: `oso-${createHash('sha256').update(xml).digest('hex').slice(0, 16)}`,
      soortOverstap: overstap as SoortOverstap,
      categorieen,
      aantalSchooljaren: Math.min(3, Math.max(1, jaren)) as AantalSchooljaren,
      akkoord: akkoord as Akkoord,
      ...(read.dossier.inzage.redenNietAkkoord ? { redenNietAkkoord: read.dossier.inzage.redenNietAkkoord } : {}),
      osoDocument: xml,
      bijlagen: [],
      herkomst: { ...(read.dossier.school.naam ? { naam: read.dossier.school.naam } : {}), ...(read.dossier.school.brin ? { brin: read.dossier.school.brin } : {}) },
    },
    ontvangen: { at: deps.at, door: deps.door, brin: deps.eigenBrin ?? '' },
  };
  const existing = await deps.ldos.get(record.leerlingnummer);
  if (existing?.dossier.id === record.dossier.id) return { soort: 'alOntvangen', leerling: existing, waarschuwingen: read.warnings };
  const created = await deps.ldos.importOnce(record);
  if (!created) await deps.ldos.replaceDossier(record);
  return { soort: created ? 'ontvangen' : 'vervangen', leerling: (await deps.ldos.get(record.leerlingnummer)) ?? record, waarschuwingen: read.warnings };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const maskNumbers = (s: string): string => s.replace(/(?<!\d)\d{8,9}(?!\d)/g, (n) => leerlingnummer.mask(n));
