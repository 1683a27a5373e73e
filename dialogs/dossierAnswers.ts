/**
 * Parsers for the answers that only the dossier conversation asks: categories (text or
 * Teams checkboxes), contact person, files, akkoord.
 */
import type { Activity, Attachment } from 'botbuilder';
import type { IncomingFile } from '../src/app/attachments';
import { CATEGORY_CODES, optionalCategories, parseCategorySelection, type CategoryCode } from '../src/domain/categories';
import type { Akkoord, Contactpersoon } from '../src/domain/dossier';
import { checkPersonName, looksLikeDate, splitNameAndPhone } from '../src/domain/personName';
import { fail, ok, type Result } from '../src/domain/result';
import type { SoortOverstap } from '../src/domain/soortOverstap';
import { looksLikeEmail, parseJaNee, parseTelefoon, plain } from './shared/answers';
import { quoteInput } from '../src/domain/text/quoteInput';

const TEXT = {
  contactLeeg: 'Typ de naam, het telefoonnummer en eventueel het e-mailadres van de contactpersoon, gescheiden door komma\'s, bijvoorbeeld: Anja de Vries, 06-12345678, a.devries@school.nl.',
  contactTeVeel: (deel: string) =>
    `"${quoteInput(deel)}" herken ik niet als telefoonnummer of e-mailadres. Typ naam, telefoon en e-mail gescheiden door komma's, bijvoorbeeld: Anja de Vries, 06-12345678, a.devries@school.nl.`,
  email: (deel: string) => `"${quoteInput(deel)}" is geen geldig e-mailadres. Bijvoorbeeld: a.devries@school.nl.`,
  akkoord: (input: string) => `"${quoteInput(input)}" begrijp ik niet. Antwoord met Ja, Nee of Onbekend.`,
  bijlagen: 'Stuur de bestanden als bijlage in de chat (paperclip), of typ "geen" als er geen bijlagen zijn.',
  kaartLeeg: 'Kies in de lijst de categorieën die mee moeten, of typ "geen".',
};

/** Categories typed ("1, 3 en 5", names, "alle", "geen") or ticked in the Teams card. */
export function parseCategorieen(activity: Partial<Activity>, text: string, soort: SoortOverstap): Result<CategoryCode[]> {
  const value = activity.value as { categorieen?: unknown } | undefined;
  if (!text && value && typeof value.categorieen === 'string') {
    const ticked = value.categorieen.split(',').map((c) => c.trim()).filter(Boolean);
    const offered = optionalCategories(soort).map((c) => c.code);
    const chosen = ticked.filter((c): c is CategoryCode => (CATEGORY_CODES as readonly string[]).includes(c) && offered.includes(c as CategoryCode));
    return ok(offered.filter((c) => chosen.includes(c)));
  }
  if (!text && value) return fail('leeg', TEXT.kaartLeeg);
  return parseCategorySelection(text, soort);
}

/**
 * The contact person: the proposed one, with the parts the user typed replaced. The parts
 * are told apart by their form: an e-mail has an @, a phone number only digits, a name must
 * look like one ("volgende" or a date is refused); "Petra Jansen 0612345678" is both.
 */
export function parseContactpersoon(input: string, standaard: Contactpersoon): Result<Contactpersoon> {
  const parts = input.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return fail('leeg', TEXT.contactLeeg);
  let naam: string | undefined;
  let telefoon: string | undefined;
  let email: string | undefined;
  for (const part of parts) {
    if (part.includes('@')) {
      if (!looksLikeEmail(part)) return fail('email', TEXT.email(part));
      email = part;
    } else if (/^[+0-9\s\-().]+$/.test(part) && !looksLikeDate(part)) {
      const t = parseTelefoon(part);
      if (!t.ok) return t;
      telefoon = t.value;
    } else if (naam === undefined) {
      const split = splitNameAndPhone(part);
      if (split.telefoon !== undefined) {
        if (telefoon !== undefined) return fail('onbekend', TEXT.contactTeVeel(split.telefoon));
        const t = parseTelefoon(split.telefoon);
        if (!t.ok) return t;
        telefoon = t.value;
      }
      const n = checkPersonName(split.naam);
      if (!n.ok) return n;
      naam = n.value;
    } else {
      return fail('onbekend', TEXT.contactTeVeel(part));
    }
  }
  return ok({
    naam: naam ?? standaard.naam,
    telefoon: telefoon ?? standaard.telefoon,
    ...((email ?? standaard.email) ? { email: email ?? standaard.email } : {}),
  });
}

/** "Anja de Vries, 06-12345678, a.devries@school.nl" — also what "ok" stands for. */
export const formatContactpersoon = (c: Contactpersoon): string => [c.naam, c.telefoon, c.email].filter(Boolean).join(', ');

export function parseAkkoord(input: string): Result<Akkoord> {
  const jaNee = parseJaNee(input);
  if (jaNee.ok) return ok(jaNee.value ? 'Ja' : 'Nee');
  const t = plain(input);
  if (['onbekend', 'weet niet', 'weet ik niet', 'nog onbekend', 'niet bekend', 'onduidelijk', 'o'].includes(t)) return ok('Onbekend');
  return fail('akkoord', TEXT.akkoord(input));
}

/** What the bijlagen question receives: files, or "geen"/"klaar". */
export type BijlagenAntwoord = { soort: 'bestanden'; bestanden: IncomingFile[] } | { soort: 'klaar' };

const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';

/**
 * The files in a message, in a form the attachments service reads (not the card or Teams' HTML
 * copy of the text). The channel's JSON is not trusted: `attachments` that is not a list, or
 * an entry that is not an object, becomes a file without URL, which is answered with "kon ik
 * niet ophalen" rather than failing the turn.
 */
export function incomingFiles(attachments: unknown): IncomingFile[] {
  if (attachments === undefined || attachments === null) return [];
  if (!Array.isArray(attachments)) return [{}];
  return attachments.flatMap((item: unknown): IncomingFile[] => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return [{}];
    const a = item as Partial<Record<keyof Attachment, unknown>>;
    const contentType = typeof a.contentType === 'string' ? a.contentType : undefined;
    if (contentType === TEAMS_FILE) {
      const content = (a.content && typeof a.content === 'object' ? a.content : {}) as { downloadUrl?: unknown };
      return [{ naam: a.name, url: content.downloadUrl }];
    }
    if (contentType?.startsWith('application/vnd.microsoft.card')) return [];
    // Teams sends a pasted image as an unnamed image ("image/*") behind a Teams-only URL.
    if (contentType?.startsWith('image/') && !a.name && a.contentUrl) return [{ geplakt: true }];
    if (!a.contentUrl && !a.name) return []; // Teams adds the message text as a text/html attachment
    return [{ naam: a.name, contentType, url: a.contentUrl }];
  });
}

export function parseBijlagen(activity: Partial<Activity>, text: string): Result<BijlagenAntwoord> {
  const bestanden = incomingFiles(activity.attachments);
  if (bestanden.length > 0) return ok({ soort: 'bestanden', bestanden });
  const t = plain(text);
  if (['geen', 'nee', 'klaar', 'geen bijlagen', 'niets', 'niks', 'verder', 'dat was het', 'klaar ermee', 'nee dank je'].includes(t)) return ok({ soort: 'klaar' });
  return fail('bijlagen', TEXT.bijlagen);
}
