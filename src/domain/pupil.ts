/**
 * A pupil as the Esis roster knows it (PRODUCT.md §3): what the required OSO categories need
 * (Leerling, Ouders/Verzorgers, Schoolloopbaan, Overstapadvies) plus optional category data.
 * The zod schema is the single definition; import, demo data and the OSO document use it.
 */
import { z } from 'zod';
import * as leerlingnummer from './identifiers/leerlingnummer';
import { eindtoetsSchema, osoBronSchema, osoDocumentInfoSchema } from './oso/sourceData';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'verwacht een datum als jjjj-mm-dd' });
const text = z.string().trim().min(1);
const optionalText = z.string().trim().optional();

export const adresSchema = z.object({
  straat: text,
  huisnummer: text,
  toevoeging: optionalText,
  postcode: z.string().trim().regex(/^[1-9][0-9]{3}\s?[A-Za-z]{2}$/, { error: 'verwacht een postcode als 1234AB' }).transform((p) => p.replace(/\s/g, '').toUpperCase()),
  plaats: text,
  gemeente: optionalText,
});
export type Adres = z.infer<typeof adresSchema>;

/** OSO codelijst "relatie tot kind": 1 vader, 2 moeder, 3 grootvader, 4 grootmoeder, 5 broer/zus, 6 stiefouder, 7 pleegouder, 8 voogd, 9 overig. */
export const RELATIES = ['vader', 'moeder', 'grootvader', 'grootmoeder', 'broer/zus', 'stiefouder', 'pleegouder', 'voogd', 'overig'] as const;
export type Relatie = (typeof RELATIES)[number];

export const verzorgerSchema = z.object({
  voornamen: z.array(text).default([]),
  voorletters: optionalText,
  voorvoegsel: optionalText,
  achternaam: text,
  geslacht: z.enum(['M', 'V', 'X', 'onbekend']).default('onbekend'),
  relatie: z.enum(RELATIES),
  wettigVertegenwoordiger: z.boolean().default(true),
  telefoon: optionalText,
  email: z.string().trim().email({ error: 'verwacht een e-mailadres' }).optional(),
  adres: adresSchema.optional(),
});
export type Verzorger = z.infer<typeof verzorgerSchema>;

export const schoolloopbaanSchema = z.object({
  /** "2025-2026" */
  schooljaar: z.string().regex(/^\d{4}-\d{4}$/, { error: 'verwacht een schooljaar als 2025-2026' }),
  groep: text,
  jaargroep: z.number().int().min(0).max(8).optional(),
  begindatum: isoDate,
  einddatum: isoDate.optional(),
});
export type Schoolloopbaan = z.infer<typeof schoolloopbaanSchema>;

export const overstapadviesSchema = z.object({
  advies: optionalText,
  argumentatie: optionalText,
  aandachtspunten: optionalText,
  /** What the parents and the pupil wish (OSO `wensouders`, `wensleerling`: DUO codes). */
  wensOuders: optionalText,
  wensLeerling: optionalText,
  /** OSO `profiel` (VO: "plus", a sector). */
  profiel: optionalText,
});

/** Optional category data, dated so it can be limited to the chosen school years. */
export const verzuimSchema = z.object({
  schooljaar: z.string().regex(/^\d{4}-\d{4}$/),
  geoorloofdUren: z.number().int().min(0).default(0),
  ongeoorloofdUren: z.number().int().min(0).default(0),
  /** Primary schools count half days (OSO `dagdelen…`): the two counts are then dagdelen. Absent: uren. */
  eenheid: z.enum(['uren', 'dagdelen']).optional(),
});
export const toetsresultaatSchema = z.object({
  datum: isoDate,
  /** The test's code in the ELD toetsenlijst (OSO `eldtoetscode`, required), e.g. "RW2006-12-155". */
  code: optionalText,
  toets: text,
  onderdeel: text,
  score: text,
});
export const ondersteuningSchema = z.object({
  begindatum: isoDate,
  einddatum: isoDate.optional(),
  omschrijving: text,
});

export const pupilSchema = z.object({
  leerlingnummer: z.string().trim().refine(leerlingnummer.isValid, { error: 'geen geldig BSN of onderwijsnummer' }),
  voornamen: z.array(text).min(1, { error: 'minstens één voornaam' }),
  roepnaam: optionalText,
  voorvoegsel: optionalText,
  achternaam: text,
  geboortedatum: isoDate,
  geslacht: z.enum(['M', 'V', 'X', 'onbekend']).default('onbekend'),
  groep: text,
  /** Code of the pupil in the school's own administration (OSO `leerlingid`, required for POVO). */
  leerlingId: optionalText,
  adres: adresSchema.optional(),
  /** The address is secret (OSO `adresgeheim`): it is then left out of the dossier. */
  adresGeheim: z.boolean().optional(),
  telefoon: optionalText,
  email: z.string().trim().email().optional(),
  /** Date the pupil was enrolled at this school. */
  datumInschrijving: isoDate.optional(),
  verzorgers: z.array(verzorgerSchema).default([]),
  schoolloopbaan: z.array(schoolloopbaanSchema).default([]),
  overstapadvies: overstapadviesSchema.optional(),
  verzuim: z.array(verzuimSchema).default([]),
  toetsresultaten: z.array(toetsresultaatSchema).default([]),
  ondersteuning: z.array(ondersteuningSchema).default([]),
  /** Result of the eindtoets basisonderwijs. */
  eindtoets: eindtoetsSchema.optional(),
  /** The documents (bijlagen) an imported OSO dossier carried. */
  documenten: z.array(osoDocumentInfoSchema).optional(),
  /** Everything an OSO-gegevensset document said about the pupil, when the pupil came from one. */
  osoBron: osoBronSchema.optional(),
});
export type Pupil = z.infer<typeof pupilSchema>;
export type PupilInput = z.input<typeof pupilSchema>;

/** "Zoë van den Berg": roepnaam (or first voornaam), voorvoegsel, achternaam. */
export function displayName(p: Pick<Pupil, 'roepnaam' | 'voornamen' | 'voorvoegsel' | 'achternaam'>): string {
  return [p.roepnaam || p.voornamen[0], p.voorvoegsel, p.achternaam].filter(Boolean).join(' ');
}

/** Case- and accent-insensitive form for searching: "Zoë" and "zoe" match. */
export function searchForm(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Everything a name search looks in, as one searchable string. */
export function searchableName(p: Pupil): string {
  return searchForm([...p.voornamen, p.roepnaam, p.voorvoegsel, p.achternaam].filter(Boolean).join(' '));
}
