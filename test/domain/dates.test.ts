import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDutchDate,
  isoDateInAmsterdam,
  parseDutchDate,
  schoolYearLabel,
  schoolYearStart,
} from '../../src/domain/dates';

const TODAY = '2026-09-03';

describe('parseDutchDate', () => {
  it.each([
    ['3-9-2026', '2026-09-03'],
    ['03-09-2026', '2026-09-03'],
    ['2026-09-03', '2026-09-03'],
    ['3/9/2026', '2026-09-03'],
    ['3.9.2026', '2026-09-03'],
    ['  03-09-2026  ', '2026-09-03'],
    ['1-9-2026.', '2026-09-01'],
    ['3 september 2026', '2026-09-03'],
    ['3 sep 2026', '2026-09-03'],
    ['29-02-2028', '2028-02-29'],
  ])('reads %j as %s', (input, iso) => {
    expect(parseDutchDate(input, TODAY)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['vandaag', '2026-09-03'],
    ['Vandaag', '2026-09-03'],
    ['vandaag!', '2026-09-03'],
    ['gisteren', '2026-09-02'],
    ['GISTEREN', '2026-09-02'],
    ['eergisteren', '2026-09-01'],
  ])('reads %j relative to today', (input, iso) => {
    expect(parseDutchDate(input, TODAY)).toEqual({ ok: true, value: iso });
  });

  it('gisteren on 1 January is 31 December of the year before', () => {
    expect(parseDutchDate('gisteren', '2027-01-01')).toEqual({ ok: true, value: '2026-12-31' });
  });

  it.each(['31-02-2026', '29-02-2026', '32-01-2026', '0-1-2026', '15-13-2026', '2026-02-30'])(
    'refuses %j: the date does not exist',
    (input) => {
      const r = parseDutchDate(input, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.code).toBe('bestaat-niet');
        expect(r.problem.message).toContain(`De datum ${input} bestaat niet`);
        expect(r.problem.message).toContain('3-9-2026');
      }
    },
  );

  it.each(['volgende week', '3-9', '3-9-26', 'toen', '', 'constructor', '__proto__', 'toString'])(
    'does not recognise %j as a date and gives examples',
    (input) => {
      const r = parseDutchDate(input, TODAY);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.code).toBe('onbekend');
        expect(r.problem.message).toContain('niet als datum');
        expect(r.problem.message).toMatch(/3-9-2026, 03-09-2026, 2026-09-03, "vandaag" of "gisteren"/);
      }
    },
  );

  it('refuses a date in the future when notInFuture, naming the date in Dutch', () => {
    const r = parseDutchDate('4-9-2026', TODAY, { notInFuture: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('toekomst');
      expect(r.problem.message).toContain('4 september 2026 ligt in de toekomst');
      expect(r.problem.message).toContain('vandaag of eerder');
    }
  });

  it('accepts today and earlier with notInFuture', () => {
    expect(parseDutchDate('3-9-2026', TODAY, { notInFuture: true })).toEqual({ ok: true, value: TODAY });
    expect(parseDutchDate('vandaag', TODAY, { notInFuture: true })).toEqual({ ok: true, value: TODAY });
    expect(parseDutchDate('31-12-2025', TODAY, { notInFuture: true })).toEqual({ ok: true, value: '2025-12-31' });
  });

  it('accepts a future date when notInFuture is not asked for', () => {
    expect(parseDutchDate('1-1-2030', TODAY)).toEqual({ ok: true, value: '2030-01-01' });
  });
});

describe('parseDutchDate: dates as staff type them in a conversation (withoutYear)', () => {
  // Wednesday 2 December 2026.
  const WED = '2026-12-02';
  const answer = (input: string) => parseDutchDate(input, WED, { notInFuture: true, withoutYear: true });

  it.each([
    ['gisteren', '2026-12-01'],
    ['eergisteren', '2026-11-30'],
    ['vandaag', '2026-12-02'],
    ['28 november', '2026-11-28'],
    ['3 okt', '2026-10-03'],
    ['3 okt.', '2026-10-03'],
    ['3 oktober', '2026-10-03'],
    ['3-10', '2026-10-03'],
    ['3/10', '2026-10-03'],
    ['2 december', '2026-12-02'],
    // Not yet this year, so last year: the most recent 3 December that is not in the future.
    ['3 december', '2025-12-03'],
    ['31-12', '2025-12-31'],
    // The forms with a year keep working.
    ['3-10-2026', '2026-10-03'],
    ['03-10-2026', '2026-10-03'],
    ['2026-10-03', '2026-10-03'],
    ['3 oktober 2025', '2025-10-03'],
  ])('reads %j on Wednesday 2 December 2026 as %s', (input, iso) => {
    expect(answer(input)).toEqual({ ok: true, value: iso });
  });

  it.each([
    ['morgen', '3 december 2026'],
    ['overmorgen', '4 december 2026'],
    ['3-12-2026', '3 december 2026'],
  ])('%j ligt in de toekomst', (input, datum) => {
    const r = answer(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('toekomst');
      expect(r.problem.message).toContain(`${datum} ligt in de toekomst`);
    }
  });

  it('"vorige week dinsdag" is not guessed (chrono would say 1 December, this week\'s Tuesday): the user is asked for the date', () => {
    const r = answer('vorige week dinsdag');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toContain('Bij "vorige week dinsdag" weet ik niet zeker welke dag u bedoelt');
      expect(r.problem.message).toContain('3-9-2026');
    }
  });

  it.each(['3 okt volgende', 'klaar', 'volgende week', '32-10', '3-13', '13/25', '3 okt om 10 uur'])('%j is not a date', (input) => {
    const r = answer(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain('niet als datum');
  });

  it('without the option (a birth date in a roster), a date without a year is not guessed', () => {
    expect(parseDutchDate('3 okt', WED).ok).toBe(false);
    expect(parseDutchDate('3-10', WED).ok).toBe(false);
  });
});

describe('formatDutchDate and addDays', () => {
  it.each([
    ['2026-09-03', '3 september 2026'],
    ['2026-01-01', '1 januari 2026'],
    ['2026-12-31', '31 december 2026'],
  ])('formats %s as %s', (iso, text) => {
    expect(formatDutchDate(iso)).toBe(text);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-08-31', 1)).toBe('2026-09-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});

describe('school year (1 August – 31 July)', () => {
  it('31 July belongs to the school year that started the August before', () => {
    expect(schoolYearStart('2026-07-31')).toBe(2025);
    expect(schoolYearLabel('2026-07-31')).toBe('2025-2026');
  });

  it('1 August starts a new school year', () => {
    expect(schoolYearStart('2026-08-01')).toBe(2026);
    expect(schoolYearLabel('2026-08-01')).toBe('2026-2027');
  });

  it('January is in the school year of the August before', () => {
    expect(schoolYearLabel('2027-01-15')).toBe('2026-2027');
  });
});

describe('isoDateInAmsterdam', () => {
  it.each([
    // Summer time (UTC+2)
    ['2026-06-30T21:59:59Z', '2026-06-30'],
    ['2026-06-30T22:00:00Z', '2026-07-01'],
    ['2026-06-30T22:30:00Z', '2026-07-01'],
    // Winter time (UTC+1)
    ['2026-12-31T22:59:59Z', '2026-12-31'],
    ['2026-12-31T23:00:00Z', '2027-01-01'],
    // Day of the switch to summer time
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-03-28T23:30:00Z', '2026-03-29'],
  ])('%s is %s in the Netherlands', (moment, iso) => {
    expect(isoDateInAmsterdam(new Date(moment))).toBe(iso);
  });

  it('the evening of 31 July UTC can already be the new school year in Amsterdam', () => {
    const today = isoDateInAmsterdam(new Date('2026-07-31T22:30:00Z'));
    expect(today).toBe('2026-08-01');
    expect(schoolYearStart(today)).toBe(2026);
  });
});
