/**
 * Scrubs personal data from text that leaves the process through logs: a BSN or
 * onderwijsnummer (any 9 digits, with or without separators, that pass their check), e-mail
 * addresses and phone numbers. Used on every serialized log line, so nothing depends on
 * callers remembering to mask.
 */
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';

/** ASCII and full-width digits (０-９, what a Japanese or Chinese input method types). */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
/**
 * Not preceded by a digit — except the last digit of a %XX escape, so `%20123456782` in a
 * URL is still caught.
 */
const NO_DIGIT_BEFORE = '(?<!(?<!%[0-9A-Fa-f])[0-9\\uFF10-\\uFF19])';
/**
 * What people and systems put between the digits: spaces (any, NBSP included), dots, commas,
 * dashes, +, _, /, %20, and the invisible characters a copy from a web page or Word brings
 * along (zero-width space and joiners, word joiner, soft hyphen); at most two in a row, so
 * "123, 456, 782" is one number.
 */
const SEPARATOR = '(?:[\\s.,\\-+_/\\u200B-\\u200D\\u2060\\u00AD]|%20){0,2}';
const NINE_DIGITS = new RegExp(`${NO_DIGIT_BEFORE}${DIGIT}(?:${SEPARATOR}${DIGIT}){8}(?!${DIGIT})`, 'g');
const EMAIL = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}/g;
// Dutch phone numbers: 06-12345678, 0701234567, (020) 123 4567, +31 6 1234 5678, +31 (0)6 12345678, 0031…
const PHONE = new RegExp(
  `${NO_DIGIT_BEFORE}(?:(?:\\+|00)31[\\s\\-]?(?:\\(0\\)[\\s\\-]?)?|\\(?0)(?:[\\s\\-)]{0,2}[0-9]){9}(?![0-9])`,
  'g',
);

/**
 * A UUID (conversation, activity and request ids in Web Chat, the Emulator and Direct Line)
 * is generated, never personal data, and about one in 130 holds nine digits around a dash
 * that pass the elfproef. Masking those would make a conversation's log lines impossible to
 * find by its id, so UUIDs are kept whole. Only a complete UUID standing on its own counts, so
 * digits glued to one are still scrubbed.
 */
const UUID = /(?<![0-9A-Za-z])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])/g;

export function redact(text: string): string {
  return outsideUuids(text, (part) =>
    part
      .replace(EMAIL, '[e-mail]')
      .replace(NINE_DIGITS, (m) => (leerlingnummer.isValid(compactDigits(m)) ? leerlingnummer.mask(compactDigits(m)) : m))
      .replace(PHONE, '[telefoon]'),
  );
}

/** Applies `scrub` to the text between UUIDs; the UUIDs themselves pass through unchanged. */
function outsideUuids(text: string, scrub: (part: string) => string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(UUID)) {
    out += scrub(text.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return from === 0 ? scrub(text) : out + scrub(text.slice(from));
}

/** The nine digits of a match as ASCII, without its separators (and the digits inside a %20). */
const compactDigits = (s: string): string =>
  s
    .replace(/%20/g, '')
    .replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[^0-9]/g, '');
