import { describe, expect, it } from 'vitest';
import { checkPersonName, splitNameAndPhone } from '../../src/domain/personName';

describe('checkPersonName', () => {
  it.each(['Anja de Vries', 'A.J. de Vries', "Jan-Willem 't Hart", 'Zoë van den Berg', 'Petra', '  Petra   Jansen '])('%j is a name', (input) => {
    expect(checkPersonName(input)).toEqual({ ok: true, value: input.trim().replace(/\s+/g, ' ') });
  });

  it.each(['volgende', 'Volgende!', 'klaar', 'ok?', 'OK', 'stap 9', 'Stap 9: klik op Volgende', 'verder', 'x', '---'])(
    '%j is not a name: a Dutch message with an example',
    (input) => {
      const r = checkPersonName(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.message).toContain('is geen naam');
        expect(r.problem.message).toContain('bijvoorbeeld: Anja de Vries');
      }
    },
  );

  it.each(['3 oktober', '03-10-2026', '2026-10-03', '3-10'])('%j is a date, not a name', (input) => {
    const r = checkPersonName(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain('is geen naam maar een datum');
  });

  it('a name with digits is refused', () => {
    const r = checkPersonName('Petra 2');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toContain('er staan cijfers in');
  });
});

describe('splitNameAndPhone', () => {
  it.each([
    ['Petra Jansen 0612345678', { naam: 'Petra Jansen', telefoon: '0612345678' }],
    ['Petra Jansen 06-12345678', { naam: 'Petra Jansen', telefoon: '06-12345678' }],
    ['Petra Jansen 06 1234 5678', { naam: 'Petra Jansen', telefoon: '06 1234 5678' }],
    ['0612345678 Petra Jansen', { naam: 'Petra Jansen', telefoon: '0612345678' }],
    ['Petra Jansen', { naam: 'Petra Jansen' }],
    // A date is not a phone number: left whole, so the name check refuses it.
    ['3 oktober', { naam: '3 oktober' }],
  ])('%j', (input, expected) => {
    expect(splitNameAndPhone(input)).toEqual(expected);
  });
});
