/**
 * Parsers every conversation can ask with (by name, see QuestionPrompt): ja/nee, a choice, a
 * free text, a phone number, a date that is not in the future, a BRIN, pupils.
 */
import { parseDutchDate, type IsoDate } from '../../src/domain/dates';
import * as brin from '../../src/domain/identifiers/brin';
import * as leerlingnummer from '../../src/domain/identifiers/leerlingnummer';
import { ok } from '../../src/domain/result';
import type { Repositories } from '../../src/repositories';
import { parseJaNee, parseKeuze, parseTekst, parseTelefoon, type Keuze } from './answers';
import { zoekLeerlingen } from './leerlingZoeken';
import type { AnswerParser } from './questionPrompt';

export const PARSER = {
  jaNee: 'jaNee',
  keuze: 'keuze',
  tekst: 'tekst',
  telefoon: 'telefoon',
  datumNietInToekomst: 'datumNietInToekomst',
  brin: 'brin',
  leerlingnummer: 'leerlingnummer',
  leerlingen: 'leerlingen',
} as const;

export interface KeuzeArgs {
  keuzes: Keuze[];
}
export interface TekstArgs {
  wat: string;
  voorbeeld: string;
  max?: number;
}
export interface DatumArgs {
  /** "Today" when the question was asked (Europe/Amsterdam). */
  vandaag: IsoDate;
}

export function commonParsers(repos: Repositories): Record<string, AnswerParser> {
  return {
    [PARSER.jaNee]: ({ text }) => parseJaNee(text),
    [PARSER.keuze]: ({ text }, args: KeuzeArgs) => parseKeuze(text, args.keuzes),
    [PARSER.tekst]: ({ text }, args: TekstArgs) => parseTekst(text, args),
    [PARSER.telefoon]: ({ text }) => parseTelefoon(text),
    [PARSER.datumNietInToekomst]: ({ text }, args: DatumArgs) => parseDutchDate(text, args.vandaag, { notInFuture: true, withoutYear: true }),
    /** Returns the BRIN as written in the standard: 12AB or 12AB00. */
    [PARSER.brin]: ({ text }) => {
      const r = brin.validate(text);
      return r.ok ? ok(brin.format(r.value)) : r;
    },
    /** BSN or onderwijsnummer, returned as 9 digits. */
    [PARSER.leerlingnummer]: ({ text }) => {
      const r = leerlingnummer.validate(text);
      return r.ok ? ok(r.value.nummer) : r;
    },
    [PARSER.leerlingen]: ({ text }) => zoekLeerlingen(repos, text),
  };
}
