/**
 * One cleaning for every string that enters the bot (typed answers, roster rows, beheer input,
 * file names): what OSO's XML cannot carry and what can make text lie about itself is removed
 * once, at the boundary, so the rest of the code can trust its strings.
 *
 * - Characters outside XML 1.0's `Char` production are dropped; vertical tab and form feed (a
 *   line break pasted from Word) become a space, so words do not run together.
 * - Bidirectional overrides, embeddings, isolates and marks are dropped: they make "gpj.exe"
 *   look like "exe.jpg" and a name show differently from what is stored.
 * - Unicode NFC, so "Zoë" typed on a Mac and "Zoë" from Esis are the same string.
 */

/** Word's line break (U+000B) and the form feed: whitespace in the writer's mind. */
const SPACE_LIKE = /[\u000B\u000C]/g;
/** Outside XML 1.0 Char: C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** LRM, RLM, ALM, LRE…RLO, LRI…PDI. */
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** The text with what XML cannot carry and bidi controls removed, in NFC. */
export function cleanText(input: string): string {
  return input.replace(SPACE_LIKE, ' ').replace(NOT_XML_CHAR, '').replace(BIDI_CONTROLS, '').normalize('NFC');
}

/** Every string in a JSON-like value cleaned (objects and arrays walked); other values kept. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanStrings(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanStrings(v)])) as T;
  }
  return value;
}

/**
 * Text shown on a terminal: C0/C1 controls (ESC sequences among them) and bidi controls made
 * visible as `\u{…}`, so printed data cannot move the cursor, recolour or hide itself.
 * Newlines and tabs stay.
 */
export function visibleControls(input: string): string {
  return input.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
