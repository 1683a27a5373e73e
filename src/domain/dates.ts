/**
 * Dates as Dutch school staff type them, and the school year. Dates are ISO strings
 * (YYYY-MM-DD) in the Europe/Amsterdam calendar; "today" is always passed in, so the
 * domain stays pure and testable.
 */
import * as chrono from 'chrono-node';
import { fail, ok, type Result } from './result';
import { quoteInput } from './text/quoteInput';

export type IsoDate = string;

/** Today's date in the Netherlands for a moment in time. */
// en-CA formats as YYYY-MM-DD. Made once: building a DateTimeFormat costs far more than using it.
const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function isoDateInAmsterdam(moment: Date): IsoDate {
  return AMSTERDAM_DATE.format(moment);
}

// "morgen" is read so that it gets "ligt in de toekomst" rather than "herken ik niet".
const RELATIVE: Record<string, number> = { vandaag: 0, gisteren: -1, eergisteren: -2, morgen: 1, overmorgen: 2 };

const MONTHS = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
];

export type DateProblem = 'onbekend' | 'bestaat-niet' | 'toekomst';

const EXAMPLES = 'bijvoorbeeld 3-9-2026, 03-09-2026, 2026-09-03, "vandaag" of "gisteren"';

export interface DateOptions {
  /** A date after `today` is refused. */
  notInFuture?: boolean;
  /**
   * "3 oktober", "3 okt", "3-10" are read as the most recent such date that is not after
   * `today` (something that already happened). Off for data like a birth date.
   */
  withoutYear?: boolean;
}

/** Parses a Dutch date answer. */
export function parseDutchDate(input: string, today: IsoDate, options: DateOptions = {}): Result<IsoDate, DateProblem> {
  const text = input.trim().toLowerCase().replace(/[!.]+$/, '');
  let result: IsoDate | undefined;
  // Own keys only: "constructor" or "__proto__" must not be read as a relative day.
  if (Object.hasOwn(RELATIVE, text)) {
    result = addDays(today, RELATIVE[text]!);
  } else {
    const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
    const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
    const written = /^(\d{1,2})\s+([a-z]+)\s+(\d{4})$/.exec(text);
    let parts: [number, number, number] | undefined;
    if (dmy) parts = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
    else if (ymd) parts = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    else if (written) {
      const month = MONTHS.findIndex((m) => m === written[2] || m.slice(0, 3) === written[2]);
      if (month >= 0) parts = [Number(written[3]), month + 1, Number(written[1])];
    }
    if (!parts && options.withoutYear) {
      const yearless = readWithoutYear(text, today);
      if (yearless && !yearless.ok) return yearless;
      if (yearless) return ok(yearless.value);
    }
    if (!parts) return fail('onbekend', `Ik herken "${quoteInput(input)}" niet als datum. Typ de datum als dag-maand-jaar, ${EXAMPLES}.`);
    const [y, m, d] = parts;
    if (!isRealDate(y, m, d)) return fail('bestaat-niet', `De datum ${input.trim()} bestaat niet. Typ een bestaande datum, ${EXAMPLES}.`);
    result = toIso(y, m, d);
  }
  if (options.notInFuture && result > today) {
    return fail('toekomst', `${formatDutchDate(result)} ligt in de toekomst. Vul de datum in waarop het al gebeurd is (vandaag of eerder).`);
  }
  return ok(result);
}

/**
 * A day and month without a year, read by chrono's Dutch parser ("3 okt", "28 november",
 * "3/10"; "3-10" is given to it as "3/10"), placed in the most recent year in which it is
 * not after `today`. Only an answer that is the date and nothing else counts. Chrono reads
 * "vorige week dinsdag" as the Tuesday of this week, so a weekday is refused, never guessed.
 * undefined: not such a date.
 */
function readWithoutYear(text: string, today: IsoDate): Result<IsoDate, DateProblem> | undefined {
  const numeric = /^(\d{1,2})[-/.](\d{1,2})$/.exec(text);
  const normalised = numeric ? `${numeric[1]}/${numeric[2]}` : text;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // Noon UTC is the same calendar day in Amsterdam, so chrono's "today" is `today`.
  const results = chrono.nl.parse(normalised, new Date(Date.UTC(y, m - 1, d, 12)));
  const only = results.length === 1 && results[0]!.index === 0 && results[0]!.text.length === normalised.length ? results[0]! : undefined;
  if (!only) return undefined;
  const known = only.start;
  if (known.isCertain('weekday') && !known.isCertain('day')) {
    return fail('onbekend', `Bij "${quoteInput(text)}" weet ik niet zeker welke dag u bedoelt. Typ de datum zelf, ${EXAMPLES}.`);
  }
  if (!known.isCertain('day') || !known.isCertain('month') || known.isCertain('year') || known.isCertain('hour')) return undefined;
  const day = known.get('day')!;
  const month = known.get('month')!;
  // Chrono swaps an impossible "3-13" into 13 March; in the Netherlands the day comes first.
  if (numeric && (Number(numeric[1]) !== day || Number(numeric[2]) !== month)) return undefined;
  // 29 February goes back to the last leap year.
  for (let year = y; year >= y - 8; year--) {
    if (!isRealDate(year, month, day)) continue;
    const iso = toIso(year, month, day);
    if (iso <= today) return ok(iso);
  }
  return undefined;
}

/** 2026-09-03 → "3 september 2026". */
export function formatDutchDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** A school year runs 1 August – 31 July: 2026-09-03 → 2026 (school year 2026-2027). */
export function schoolYearStart(iso: IsoDate): number {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return m >= 8 ? y : y - 1;
}

/** "2026-2027" for the school year a date falls in. */
export function schoolYearLabel(iso: IsoDate): string {
  const start = schoolYearStart(iso);
  return `${start}-${start + 1}`;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function toIso(y: number, m: number, d: number): IsoDate {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const AMSTERDAM_TIME = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });

/** A moment as staff read it, in Dutch time: "15 oktober 2026 om 12:00". */
export function formatDutchMoment(isoTimestamp: string): string {
  const moment = new Date(isoTimestamp);
  return `${formatDutchDate(isoDateInAmsterdam(moment))} om ${AMSTERDAM_TIME.format(moment)}`;
}
