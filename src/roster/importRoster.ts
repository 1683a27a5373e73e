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
  for (const pupil of roster.pupils) {
    const stored = await pupils.get(pupil.leerlingnummer);
    const outcome = await pupils.upsert(stored ? keepUnsupplied(stored, pupil, supplied) : pupil);
    report[outcome] += 1;
  }
  return report;
}

function keepUnsupplied(stored: Pupil, incoming: Pupil, supplied: Set<string>): Pupil {
  const kept = Object.fromEntries(Object.entries(stored).filter(([field]) => !supplied.has(field)));
  // Parsing again puts the fields in schema order, so an unchanged pupil compares equal.
  return pupilSchema.parse({ ...kept, ...pickSupplied(incoming, supplied) });
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
  samenvatting: (bestand: string, report: ImportReport) => `Leerlingen geïmporteerd uit ${bestand}: ${summarize(report)}.`,
  fouten: (fouten: number) =>
    `${fouten === 1 ? 'Eén rij is' : `${fouten} rijen zijn`} niet geïmporteerd; verbeter ze en importeer het bestand opnieuw (de goede rijen blijven ongewijzigd).`,
};
