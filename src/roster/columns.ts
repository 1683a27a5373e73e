/**
 * The flat CSV columns of a pupil roster (documented in docs/roster.md). Header cells are
 * matched case-insensitively and ignoring spaces, dashes and underscores, so "E-mail",
 * "email" and "Ouder1 Voornaam" all work; a few common Esis/Excel names are aliases.
 */

export const PUPIL_COLUMNS = [
  'bsn', 'onderwijsnummer', 'voornamen', 'roepnaam', 'voorvoegsel', 'achternaam', 'geboortedatum',
  'geslacht', 'groep', 'straat', 'huisnummer', 'toevoeging', 'postcode', 'plaats', 'gemeente',
  'adresgeheim', 'telefoon', 'email', 'datum_inschrijving', 'schoolloopbaan', 'leerlingid',
  'advies', 'eindtoets', 'eindtoets_score', 'eindtoets_advies', 'verzuim',
] as const;

export const PARENT_FIELDS = ['voornaam', 'voorvoegsel', 'achternaam', 'relatie', 'telefoon', 'email', 'wettelijk_vertegenwoordiger'] as const;
export type ParentField = (typeof PARENT_FIELDS)[number];

/** Up to two parents/guardians per row: ouder1_…, ouder2_…. */
export const PARENT_PREFIXES = ['ouder1', 'ouder2'] as const;

export const ADDRESS_COLUMNS = ['straat', 'huisnummer', 'toevoeging', 'postcode', 'plaats', 'gemeente'] as const;

/** Without these the file cannot be a roster (plus bsn or onderwijsnummer). */
export const REQUIRED_COLUMNS = ['voornamen', 'achternaam', 'geboortedatum', 'groep'] as const;

export type Column = (typeof PUPIL_COLUMNS)[number] | `${(typeof PARENT_PREFIXES)[number]}_${ParentField}`;

const ALIASES: Record<string, Column> = {
  voornaam: 'voornamen',
  tussenvoegsel: 'voorvoegsel',
  tussenvoegsels: 'voorvoegsel',
  voorvoegsels: 'voorvoegsel',
  geslachtsnaam: 'achternaam',
  klas: 'groep',
  huisnummertoevoeging: 'toevoeging',
  woonplaats: 'plaats',
  telefoonnummer: 'telefoon',
  emailadres: 'email',
  inschrijfdatum: 'datum_inschrijving',
  datuminschrijving: 'datum_inschrijving',
  overstapadvies: 'advies',
  schooladvies: 'advies',
  eindtoetsscore: 'eindtoets_score',
  eindtoetsadvies: 'eindtoets_advies',
  toetsadvies: 'eindtoets_advies',
};
const PARENT_ALIASES: Record<string, ParentField> = {
  voornamen: 'voornaam',
  tussenvoegsel: 'voorvoegsel',
  telefoonnummer: 'telefoon',
  emailadres: 'email',
  wettelijkvertegenwoordiger: 'wettelijk_vertegenwoordiger',
  wettigvertegenwoordiger: 'wettelijk_vertegenwoordiger',
  wettigevertegenwoordiger: 'wettelijk_vertegenwoordiger',
  gezag: 'wettelijk_vertegenwoordiger',
};

export const normalizeHeader = (cell: string): string => cell.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The column a header cell names, or undefined when it is not a roster column. */
export function columnFor(headerCell: string): Column | undefined {
  const n = normalizeHeader(headerCell);
  const own = PUPIL_COLUMNS.find((c) => normalizeHeader(c) === n) ?? ALIASES[n];
  if (own) return own;
  for (const prefix of PARENT_PREFIXES) {
    if (!n.startsWith(prefix)) continue;
    const rest = n.slice(prefix.length);
    const field = PARENT_FIELDS.find((f) => f === rest) ?? PARENT_ALIASES[rest];
    if (field) return `${prefix}_${field}`;
  }
  return undefined;
}
