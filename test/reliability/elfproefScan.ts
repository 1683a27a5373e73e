/**
 * Finds what a log must never contain: nine digits (optionally with the separators people
 * type) that pass the BSN or onderwijsnummer check.
 */
import * as leerlingnummer from '../../src/domain/identifiers/leerlingnummer';

const CANDIDATES = /(?<![0-9])[0-9](?:[\s.\-+_/]?[0-9]){8}(?![0-9])/g;

export function findElfproefNumbers(text: string): string[] {
  return [...text.matchAll(CANDIDATES)].map((m) => m[0]).filter((m) => leerlingnummer.isValid(m.replace(/[^0-9]/g, '')));
}
