/**
 * No BSN, onderwijsnummer, phone number or e-mail address reaches a log line, however it is
 * written and wherever in the line it sits.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { redact } from '../../src/privacy/redact';
import { withoutQuotedValues } from '../../src/privacy/withoutQuotedValues';
import { findElfproefNumbers } from './elfproefScan';

const BSN = '123456782'; // passes the elfproef
const BSN2 = '012345672';
const ONDERWIJSNUMMER = '101234564'; // starts with 10, sum mod 11 = 5

describe('redact', () => {
  it.each([
    ['plain', `BSN ${BSN} gevonden`],
    ['with dots (written form)', 'BSN 1234.56.782 gevonden'],
    ['with spaces', 'BSN 123 456 782 gevonden'],
    ['with dashes', 'BSN 123-456-782 gevonden'],
    ['with a non-breaking space', 'BSN 123\u00a0456\u00a0782'],
    ['with a leading zero', `nummer ${BSN2}.`],
    ['at the start and end of the text', BSN],
    ['glued to letters', `bsn${BSN}x`],
    ['inside JSON', JSON.stringify({ leerlingnummer: BSN, nested: { list: [BSN2] } })],
    ['inside JSON with separators', JSON.stringify({ text: 'mijn bsn is 1234 56 782' })],
    ['in a URL path and query', `GET /dossiers/${BSN}?bsn=${BSN2}&q=1234.56.782`],
    ['URL-encoded with %20', `/zoek?q=123%20456%20782`],
    ['URL-encoded right after an escape', `/zoek?q=%20${BSN}`],
    ['form-encoded with +', `q=123+456+782`],
    ['onderwijsnummer', `onderwijsnummer ${ONDERWIJSNUMMER}`],
    // Issue 17: separators and digits that a plain [0-9] with one optional separator missed.
    ['with dots in threes', 'BSN 123.456.782'],
    ['in full-width digits', 'BSN １２３４５６７８２'],
    ['with a zero-width space', 'BSN 123\u200B456782'],
    ['with zero-width joiners between every digit', `BSN ${[...BSN].join('\u200D')}`],
    ['with a word joiner', 'BSN 123\u2060456\u2060782'],
    ['in pairs with spaces', 'BSN 12 34 56 782'],
    ['with commas', 'BSN 123,456,782'],
    ['with comma and space', 'BSN 123, 456, 782'],
    ['with narrow non-breaking spaces', 'BSN 123\u202F456\u202F782'],
    ['with a soft hyphen', 'BSN 1234\u00AD56\u00AD782'],
  ])('masks a BSN or onderwijsnummer %s', (_name, text) => {
    const out = redact(text);
    expect(findElfproefNumbers(out)).toEqual([]);
    expect(out).toMatch(/\*{5}(6782|5672|4564)/);
  });

  it('masks a BSN in an error message and stack as pino writes them', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    const err = new Error(`Leerling met BSN ${BSN} niet gevonden (onderwijsnummer ${ONDERWIJSNUMMER})`);
    logger.error({ err, activity: { text: `dit is 1234.56.782`, from: { email: 'juf.anna@school.nl' } } }, `turn error for ${BSN2}`);
    const line = lines.join('');
    expect(line).toContain('"stack"');
    expect(findElfproefNumbers(line)).toEqual([]);
    expect(line).not.toContain('juf.anna@school.nl');
    expect(line).toContain('*****6782');
    expect(JSON.parse(line).msg).toBe('turn error for *****5672');
  });

  it.each([
    'bel 06-12345678',
    'bel 0612345678',
    'bel 06 1234 5678',
    'bel 020-1234567',
    'bel (020) 123 4567',
    'bel +31 6 1234 5678',
    'bel +31 (0)6 12345678',
    'bel 0031612345678',
    'bel +31612345678',
  ])('removes the phone number in "%s"', (text) => {
    const out = redact(text);
    expect(out).toBe('bel [telefoon]');
  });

  it.each(['juf.anna@school.nl', 'a.b+tag@sub.example.com', 'ANNA@SCHOOL.NL'])('removes the e-mail address %s', (email) => {
    expect(redact(`mail ${email} graag`)).toBe('mail [e-mail] graag');
  });

  it('leaves numbers alone that are not personal data', () => {
    const text = [
      'port 3978',
      'took 123456789 ns', // 9 digits failing the elfproef
      'id 1234567820', // 10 digits: not a BSN
      'time 2026-11-28T16:30:38.523Z',
      'BRIN 12AB00',
      'ip 127.0.0.1',
      'eTag 7f3a9c',
    ].join('; ');
    expect(redact(text)).toBe(text);
  });

  it('keeps a conversation id whole even when its digits pass the elfproef, so its log lines can be found', () => {
    // From a real CI run: "29631553-9" passes the elfproef, and was masked to "*****5539d86…".
    const id = '29631553-9d86-4111-844c-b6d9d3ebe828|livechat';
    expect(redact(`{"conversationId":"${id}","bsn":"${BSN}"}`)).toBe(`{"conversationId":"${id}","bsn":"*****6782"}`);
    expect(redact(`/v3/conversations/${id}/activities`)).toBe(`/v3/conversations/${id}/activities`);
  });

  it('still masks a BSN that is glued to something shaped like an id', () => {
    // Without a boundary check, "23456782-1234-…" would be taken for an id and the BSN kept.
    for (const text of [`${BSN}-1234-1234-1234-123456789012`, `leerling:${BSN}-aaaa-bbbb-cccc-dddddddddddd`]) {
      expect(redact(text)).toMatch(/^(leerling:)?\*{5}6782-/);
    }
  });

  it('masks exactly the number written with separators or full-width digits, and keeps the text around it', () => {
    expect(redact('BSN 123.456.782 gevonden')).toBe('BSN *****6782 gevonden');
    expect(redact('BSN １２３４５６７８２.')).toBe('BSN *****6782.');
    expect(redact('x 123\u200B456782 y')).toBe('x *****6782 y');
    expect(redact('12 34 56 782')).toBe('*****6782');
  });

  it('masks every one of several numbers in one line', () => {
    const out = redact(`${BSN}, ${BSN2} en ${ONDERWIJSNUMMER}`);
    expect(out).toBe('*****6782, *****5672 en *****4564');
  });
});

describe('withoutQuotedValues (validator messages in the log)', () => {
  it('removes the quoted values and keeps the rest of the message', () => {
    const message = "Element '{http://www.edustandaard.nl/leerresultaten/2/leerlingdossier}achternaam': [facet 'maxLength'] The value 'van den Berg-Zoëstra' has a length of 20.";
    const out = withoutQuotedValues(message);
    expect(out).not.toContain('Berg');
    expect(out).toContain('has a length of 20');
    expect(out).toContain("Element '{http://www.edustandaard.nl/leerresultaten/2/leerlingdossier}achternaam'");
    expect(withoutQuotedValues('regel 12: naam "Zoë van den Berg" te lang')).toBe("regel 12: naam '[…]' te lang");
  });
});
