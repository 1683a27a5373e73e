/**
 * Finds what a log must never contain: nine digits (optionally with the separators people
 * type) that pass the BSN or onderwijsnummer check.
 */
import * as leerlingnummer from '../../src/domain/identifiers/leerlingnummer';

const CANDIDATES = /(?<![0-9])[0-9](?:[\s.\-+_/]?[0-9]){8}(?![0-9])/g;
/** Generated ids (conversation and activity ids) are not personal data, whatever digits they hold. */
const UUID = /(?<![0-9A-Za-z])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])/g;

export function findElfproefNumbers(text: string): string[] {
  return [...text.replace(UUID, ' ').matchAll(CANDIDATES)].map((m) => m[0]).filter((m) => leerlingnummer.isValid(m.replace(/[^0-9]/g, '')));
}
