import { describe, expect, it } from 'vitest';
import { MAX_SCHOOLJAREN, coveredSchoolYearStarts, parseAantalSchooljaren } from '../../src/domain/schooljaren';

describe('parseAantalSchooljaren', () => {
  it.each([
    ['3', 3],
    ['2', 2],
    ['1', 1],
    [' 3 ', 3],
    ['drie', 3],
    ['Drie', 3],
    ['twee', 2],
    ['één', 1],
    ['eén', 1],
    ['een', 1],
    ['3!', 3],
    ['3 jaren', 3],
    ['3 jaar', 3],
    ['1 schooljaar', 1],
    ['2 schooljaren', 2],
    ['drie jaar', 3],
    ['3 jaren!', 3],
  ])('reads %j as %d', (input, n) => {
    expect(parseAantalSchooljaren(input)).toEqual({ ok: true, value: n });
  });

  it.each([
    ['4', '4'],
    ['vier', '4'],
    ['0', '0'],
    ['10', '10'],
    ['vijf', '5'],
  ])('refuses %j: at most 3, says why', (input, shown) => {
    const r = parseAantalSchooljaren(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('bereik');
      expect(r.problem.message).toContain('1, 2 of 3');
      expect(r.problem.message).toContain('maximaal 3');
      expect(r.problem.message).toContain(`${shown} kan niet`);
    }
  });

  it.each(['veel', '', '-1', '2,5', 'constructor', '__proto__', 'toString'])('does not understand %j', (input) => {
    const r = parseAantalSchooljaren(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('onbekend');
      expect(r.problem.message).toContain('begrijp ik niet als aantal schooljaren');
      expect(r.problem.message).toContain('Typ 1, 2 of 3');
    }
  });
});

describe('coveredSchoolYearStarts', () => {
  it('3 years in 2026-2027 covers 2024, 2025 and 2026', () => {
    expect(MAX_SCHOOLJAREN).toBe(3);
    expect(coveredSchoolYearStarts(3, 2026)).toEqual([2024, 2025, 2026]);
  });

  it('1 year covers only the current school year; 2 the one before too', () => {
    expect(coveredSchoolYearStarts(1, 2026)).toEqual([2026]);
    expect(coveredSchoolYearStarts(2, 2026)).toEqual([2025, 2026]);
  });
});
