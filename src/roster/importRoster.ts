/**
 * Stores a parsed roster: each pupil is upserted by leerlingnummer, so importing the same file
 * again changes nothing and an updated export updates the pupils it names. Fields the file does
 * not carry (a CSV has no verzuim or toetsresultaten) keep their stored values.
 */
import { pupilSchema, type Pupil } from '../domain/pupil';
import type { PupilRepository } from '../repositories/pupilRepository';
import type { ParsedRoster, RosterProblem } from './parseRoster';

export interface ImportReport {
  nieuw: number;
  bijgewerkt: number;
  ongewijzigd: number;
  /** Rows (or JSON entries) that were not imported. */
  fouten: number;
  problems: RosterProblem[];
  warnings: string[];
}

export async function importRoster(pupils: PupilRepository, roster: ParsedRoster): Promise<ImportReport> {
  const report: ImportReport = {
    nieuw: 0,
    bijgewerkt: 0,
    ongewijzigd: 0,
    fouten: new Set(roster.problems.map((p) => p.row)).size,
    problems: roster.problems,
    warnings: roster.warnings,
  };
  const supplied = new Set<string>(roster.fields);
  let bronVervangen = 0;
  for (const pupil of roster.pupils) {
    const stored = await pupils.get(pupil.leerlingnummer);
    let next = stored ? keepUnsupplied(stored, pupil, supplied, roster.format) : pupil;
    // A pupil read from an OSO document goes out as that document says (sourceProjection). When
    // this list says otherwise, the document is out of date: the list's data goes out instead.
    if (stored?.osoBron && !supplied.has('osoBron') && differs(stored, next, supplied)) {
      next = pupilSchema.parse({ ...next, osoBron: undefined });
      bronVervangen += 1;
    }
    const outcome = await pupils.upsert(next);
    report[outcome] += 1;
  }
  if (bronVervangen > 0) report.warnings.push(IMPORT_TEXT.osoBronVervangen(bronVervangen));
  return report;
}

function differs(stored: Pupil, next: Pupil, supplied: Set<string>): boolean {
  return [...supplied].some((field) => JSON.stringify(stored[field as keyof Pupil]) !== JSON.stringify(next[field as keyof Pupil]));
}

function keepUnsupplied(stored: Pupil, incoming: Pupil, supplied: Set<string>, format: ParsedRoster['format']): Pupil {
  const kept = Object.fromEntries(Object.entries(stored).filter(([field]) => !supplied.has(field)));
  const merged: Partial<Pupil> = { ...kept, ...pickSupplied(incoming, supplied) };
  // A CSV's `advies` column is the advice alone: the argumentation, aandachtspunten and wishes
  // an earlier JSON or OSO import gave stay (an empty cell clears only the advice).
  if (format === 'csv' && supplied.has('overstapadvies') && stored.overstapadvies) {
    const { advies: _old, ...rest } = stored.overstapadvies;
    const advies = incoming.overstapadvies?.advies;
    const combined = { ...rest, ...(advies ? { advies } : {}) };
    merged.overstapadvies = Object.keys(combined).length > 0 ? combined : undefined;
  }
  // Parsing again puts the fields in schema order, so an unchanged pupil compares equal.
  return pupilSchema.parse(merged);
}

function pickSupplied(p: Pupil, supplied: Set<string>): Partial<Pupil> {
  return Object.fromEntries(Object.entries(p).filter(([field]) => supplied.has(field))) as Partial<Pupil>;
}

/** "3 nieuw, 1 bijgewerkt, 8 ongewijzigd, 2 fouten" */
export function summarize(r: Pick<ImportReport, 'nieuw' | 'bijgewerkt' | 'ongewijzigd' | 'fouten'>): string {
  return `${r.nieuw} nieuw, ${r.bijgewerkt} bijgewerkt, ${r.ongewijzigd} ongewijzigd, ${r.fouten} ${r.fouten === 1 ? 'fout' : 'fouten'}`;
}

/** The row report's own lines, the same for the admin CLI and a file sent in "beheer". */
export const IMPORT_TEXT = {
  letOp: (warning: string) => `Let op: ${warning}`,
  geenLeerlingen: (bestand: string) => `In "${bestand}" staan geen leerlingen.`,
  osoBronVervangen: (n: number) =>
    `bij ${n === 1 ? 'één leerling' : `${n} leerlingen`} wijkt deze lijst af van een eerder ingelezen OSO-dossier; voor ${n === 1 ? 'die leerling' : 'hen'} gaan nu de gegevens uit deze lijst mee. Wat alleen in het OSO-dossier stond (zoals VVE of cijferlijsten) gaat niet meer mee; lees het OSO-dossier opnieuw in als dat nodig is.`,
  samenvatting: (bestand: string, report: ImportReport) => `Leerlingen geïmporteerd uit ${bestand}: ${summarize(report)}.`,
  fouten: (fouten: number) =>
    `${fouten === 1 ? 'Eén rij is' : `${fouten} rijen zijn`} niet geïmporteerd; verbeter ze en importeer het bestand opnieuw (de goede rijen blijven ongewijzigd).`,
};
