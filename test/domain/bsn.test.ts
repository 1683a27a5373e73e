import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as bsn from '../../src/domain/identifiers/bsn';

// Hand-checked: 123456782 (sum 154), 012345672 (sum 110), 001007919 (sum 55), 111111110 (sum 44).
const VALID = ['123456782', '012345672', '001007919', '111111110'];
const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1];
const weightedSum = (n: string): number => [...n].reduce((s, ch, i) => s + WEIGHTS[i]! * Number(ch), 0);

describe('BSN validate', () => {
  it.each(VALID)('accepts %s and keeps it as 9 digits', (n) => {
    expect(bsn.validate(n)).toEqual({ ok: true, value: n });
    expect(bsn.isValid(n)).toBe(true);
  });

  it('keeps leading zeros (a BSN starting with 0, and with 00)', () => {
    expect(weightedSum('012345672') % 11).toBe(0); // the fixture really passes the elfproef
    const r = bsn.validate('012345672');
    expect(r).toEqual({ ok: true, value: '012345672' });
    expect(bsn.validate('001007919')).toEqual({ ok: true, value: '001007919' });
  });

  it('refuses 000000000: weighted sum 0 is divisible by 11 but not allowed', () => {
    const r = bsn.validate('000000000');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('elfproef');
      expect(r.problem.message).toContain('elfproef');
    }
  });

  it('refuses another number whose weighted sum is exactly 0 (000000012)', () => {
    expect(weightedSum('000000012')).toBe(0);
    const r = bsn.validate('000000012');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe('elfproef');
  });

  it('refuses a typo with a message naming the elfproef and the number', () => {
    const r = bsn.validate('123456789');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('elfproef');
      expect(r.problem.message).toMatch(/BSN 123456789 voldoet niet aan de elfproef/);
      expect(r.problem.message).toMatch(/tikfout/);
    }
  });

  it.each([
    ['12345678', 8],
    ['1234567820', 10],
    ['12345672', 8], // 012345672 with the leading zero lost, as spreadsheets do
  ])('refuses %s: wrong length, says how many digits it has and mentions voorloopnullen', (input, count) => {
    const r = bsn.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('lengte');
      expect(r.problem.message).toContain('9 cijfers');
      expect(r.problem.message).toContain('voorloopnullen');
      expect(r.problem.message).toContain(`heeft er ${count}`);
    }
  });

  it.each(['12345678a', 'abcdefghi', '1234S6782', '+31123456782'])('refuses %s because of letters or signs', (input) => {
    const r = bsn.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('tekens');
      expect(r.problem.message).toContain('alleen uit cijfers');
      expect(r.problem.message).toContain(input);
    }
  });

  it.each(['', '   ', '..'])('asks for a BSN when the answer is empty (%j)', (input) => {
    const r = bsn.validate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('leeg');
      expect(r.problem.message).toContain('Vul een BSN in');
    }
  });

  it.each(['1234.56.782', '1234 56 782', ' 123 456 782 ', '123-456-782', '1234\u00a056\u00a0782'])(
    'accepts separators people type: %j',
    (input) => {
      expect(bsn.validate(input)).toEqual({ ok: true, value: '123456782' });
    },
  );

  it('property: every 9-digit number with weighted sum ≡ 0 (mod 11) and ≠ 0 is accepted, all others refused', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), (n) => {
        const s = weightedSum(n);
        expect(bsn.isValid(n)).toBe(s !== 0 && s % 11 === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: changing a single digit of a valid BSN is always caught', () => {
    const validBsn = fc
      .stringMatching(/^[0-9]{8}$/)
      .map((eight) => {
        const s8 = weightedSum(`${eight}0`);
        return `${eight}${s8 % 11}`; // check digit d with s8 - d ≡ 0
      })
      .filter((n) => n.length === 9 && bsn.isValid(n));
    fc.assert(
      fc.property(validBsn, fc.nat(8), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
        const digit = (Number(n[pos]) + delta) % 10;
        const typo = n.slice(0, pos) + digit + n.slice(pos + 1);
        expect(bsn.isValid(typo)).toBe(false);
      }),
    );
  });
});

describe('BSN format and mask', () => {
  it('formats as 1234.56.782, also from a typed form with spaces', () => {
    expect(bsn.format('123456782')).toBe('1234.56.782');
    expect(bsn.format('1234 56 782')).toBe('1234.56.782');
    expect(bsn.format('012345672')).toBe('0123.45.672');
  });

  it('compact removes dots, spaces and dashes', () => {
    expect(bsn.compact('0123.45-672 ')).toBe('012345672');
  });

  it.each([
    ['123456782', '*****6782'],
    ['1234.56.782', '*****6782'],
    ['012345672', '*****5672'],
  ])('mask(%s) shows only the last 4 digits', (input, masked) => {
    const m = bsn.mask(input);
    expect(m).toBe(masked);
    // None of the first five digits leak.
    expect(m.replace(/\*/g, '')).toHaveLength(4);
  });
});
