import { describe, expect, it } from 'vitest';
import { cleanStrings, cleanText, visibleControls } from '../../src/domain/text/cleanText';

describe('cleanText', () => {
  it('turns a Word line break (vertical tab) and form feed into a space', () => {
    expect(cleanText('Anja\u000Bde Vries\u000C')).toBe('Anja de Vries ');
  });

  it('drops characters XML 1.0 cannot carry, keeps tab, newline and carriage return', () => {
    expect(cleanText('a\u0000b\u0008c\u001Fd\uFFFEe\uFFFF\tf\ng\rh')).toBe('abcde\tf\ng\rh');
  });

  it('drops lone surrogates but keeps a pair (an emoji)', () => {
    expect(cleanText('x\uD800y\uDC00z')).toBe('xyz');
    expect(cleanText('ok 👍')).toBe('ok 👍');
  });

  it('drops bidi overrides, isolates and marks', () => {
    expect(cleanText('rapport\u202Efdp.exe')).toBe('rapportfdp.exe');
    expect(cleanText('\u2066Zoë\u2069\u200F')).toBe('Zoë');
  });

  it('composes to NFC', () => {
    const decomposed = 'Zoe\u0308';
    expect(cleanText(decomposed)).toBe('Zoë');
    expect(cleanText(decomposed).length).toBe(3);
  });

  it('cleans every string of a parsed roster row, keys included', () => {
    expect(cleanStrings({ naam: 'A\u000Bb', ouders: [{ 'e\u202Email': 'x\u0000y' }], n: 3, ok: true })).toEqual({
      naam: 'A b',
      ouders: [{ email: 'xy' }],
      n: 3,
      ok: true,
    });
  });
});

describe('visibleControls', () => {
  it('shows escape sequences and bidi controls instead of obeying them', () => {
    expect(visibleControls('\u001B[31mrood\u001B[0m')).toBe('\\u{1b}[31mrood\\u{1b}[0m');
    expect(visibleControls('a\u202Eb')).toBe('a\\u{202e}b');
  });

  it('keeps newlines and tabs', () => {
    expect(visibleControls('a\n\tb')).toBe('a\n\tb');
  });
});
