/**
 * Pupil data that only an OSO-gegevensset document carries, kept as it came so nothing of a
 * received or imported dossier is lost (issue 19): the typed fields of the pupil hold what the
 * bot works with (names, parents, schoolloopbaan, advice, eindtoets, toetsen, verzuim, OPP);
 * `OsoBron` keeps every element of the document below `leerling` per OSO category, as JSON.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'verwacht een datum als jjjj-mm-dd' });
const text = z.string().trim().min(1);
const optionalText = z.string().trim().optional();

/**
 * An XML element as JSON: an element with only text is its text; otherwise an object with its
 * attributes as "@naam", its own text as "#" and its child elements by name (an array when the
 * name repeats, in document order).
 */
export type OsoElement = string | { [naam: string]: OsoElement | OsoElement[] };
export const osoElementSchema: z.ZodType<OsoElement> = z.lazy(() =>
  z.union([z.string(), z.record(z.string(), z.union([osoElementSchema, z.array(osoElementSchema)]))]),
);

/** The eindtoets of primary school: which test, when, the standard score and its advice. */
export const eindtoetsSchema = z.object({
  /** "Centrale eindtoets (CET)", "IEP", "Route 8" */
  naam: text,
  datum: isoDate.optional(),
  /** Standard score as the test reports it ("535", "82"). */
  score: optionalText,
  /** The test's school advice in words or as a DUO code. */
  advies: optionalText,
});
export type Eindtoets = z.infer<typeof eindtoetsSchema>;

/** A document (bijlage) in an OSO dossier: where it sat, its name and description; content stays in the raw category data. */
export const osoDocumentInfoSchema = z.object({
  /** The OSO category it belongs to, e.g. "bijlagedocs", "onderwijsondersteuning", "verzuim". */
  categorie: text,
  bestandsnaam: text,
  omschrijving: optionalText,
});
export type OsoDocumentInfo = z.infer<typeof osoDocumentInfoSchema>;

/** The OSO categories whose data sits below `leerling`, as the document's `cat_…` names them. */
export const OSO_CATEGORIE_ELEMENTEN = {
  vve: ['vanpeuterspeelzaal', 'naampeuterspeelzaal', 'voorschools', 'vroegschools'],
  onderwijsondersteuning: ['onderwijsondersteuning'],
  verzuim: ['verzuim'],
  eindtoetsbo: ['eindtoets_basisonderwijs'],
  toetsresultaten: ['toetslijst'],
  cijferlijsten: ['cijferlijstlijst'],
  vombo: ['bevorderd', 'examenresultaat', 'resultaatvakkenvo', 'certificaat', 'competenties', 'stage'],
  bijlagedocs: ['overigdocumentlijst'],
  oudersverzorgers: ['verzorger'],
  schoolloopbaan: ['schoolloopbaanlijst'],
  overstapadvies: ['overstapadvies'],
} as const;
export type OsoCategorieNaam = keyof typeof OSO_CATEGORIE_ELEMENTEN;

export const osoBronSchema = z.object({
  /** File name the data was read from. */
  bestand: optionalText,
  /** `metadata/datum`: the day the sending system made the document. */
  documentDatum: isoDate.optional(),
  pakket: optionalText,
  /** `metadata/overstap`: POPO, POVO, VOVO, BB … */
  overstap: optionalText,
  school: z.object({ naam: optionalText, brin: optionalText, vestiging: optionalText, soort: optionalText }).default({}),
  /** Every element of `leerling` that belongs to no category below (gba, huisarts, onderwijssinds …). */
  leerling: z.record(z.string(), z.union([osoElementSchema, z.array(osoElementSchema)])).default({}),
  /** Per category the document's elements, as they came. */
  categorieen: z.partialRecord(z.enum(Object.keys(OSO_CATEGORIE_ELEMENTEN) as [OsoCategorieNaam, ...OsoCategorieNaam[]]), z.record(z.string(), z.union([osoElementSchema, z.array(osoElementSchema)]))).default({}),
});
export type OsoBron = z.infer<typeof osoBronSchema>;
