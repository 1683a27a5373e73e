/**
 * Scrubs personal data from text that leaves the process through logs: a BSN or
 * onderwijsnummer (any 9 digits, with or without separators, that pass their check), e-mail
 * addresses and phone numbers. Used on every serialized log line, so nothing depends on
 * callers remembering to mask.
 */
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';

/**
 * Not preceded by a digit — except the last digit of a %XX escape, so `%20123456782` in a
 * URL is still caught.
 */
const NO_DIGIT_BEFORE = '(?<!(?<!%[0-9A-Fa-f])[0-9])';
/** What people and systems put between the digits: spaces, dots, dashes, +, _, /, %20. */
const SEPARATOR = '(?:[\\s.\\-+_/]|%20)?';
const NINE_DIGITS = new RegExp(`${NO_DIGIT_BEFORE}[0-9](?:${SEPARATOR}[0-9]){8}(?![0-9])`, 'g');
const EMAIL = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/g;
// Dutch phone numbers: 06-12345678, 0701234567, (020) 123 4567, +31 6 1234 5678, +31 (0)6 12345678, 0031…
const PHONE = new RegExp(
  `${NO_DIGIT_BEFORE}(?:(?:\\+|00)31[\\s\\-]?(?:\\(0\\)[\\s\\-]?)?|\\(?0)(?:[\\s\\-)]{0,2}[0-9]){9}(?![0-9])`,
  'g',
);

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[e-mail]')
    .replace(NINE_DIGITS, (m) => (leerlingnummer.isValid(compactDigits(m)) ? leerlingnummer.mask(compactDigits(m)) : m))
    .replace(PHONE, '[telefoon]');
}

/** The nine digits of a match, without its separators (and the digits inside a %20). */
const compactDigits = (s: string): string => s.replace(/%20/g, '').replace(/[^0-9]/g, '');
