/**
 * Scrubs personal data from text that leaves the process through logs: a BSN or
 * onderwijsnummer (any 9 digits, with or without separators, that pass their check), e-mail
 * addresses and phone numbers. Used on every serialized log line, so nothing depends on
 * callers remembering to mask.
 */
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';

const NINE_DIGITS = /(?<![0-9])[0-9](?:[ .\-]?[0-9]){8}(?![0-9])/g;
const EMAIL = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/g;
// Dutch phone numbers: 06-12345678, 0701234567, +31 6 1234 5678.
const PHONE = /(?<![0-9])(?:\+31|0031|0)(?:[ \-]?[0-9]){9}(?![0-9])/g;

export function redact(text: string): string {
  return text
    .replace(EMAIL, '[e-mail]')
    .replace(NINE_DIGITS, (m) => (leerlingnummer.isValid(m) ? leerlingnummer.mask(m) : m))
    .replace(PHONE, '[telefoon]');
}
