/**
 * `import-leerlingen` for OSO-gegevensset 2019.1 documents (issue 19): one .xml file or a
 * folder of them, the form another school's system hands out. Each file becomes one pupil
 * (every field the document has, see readOsoDocument) and is stored like a roster row, so the
 * outcome per file is nieuw/bijgewerkt/ongewijzigd or the reasons it was not imported.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as leerlingnummer from '../domain/identifiers/leerlingnummer';
import { readOsoDocument } from '../domain/oso/readOsoDocument';
import { displayName, pupilSchema, type Pupil } from '../domain/pupil';
import { parseXml } from '../oso/parseXml';
import type { PupilRepository } from '../repositories/pupilRepository';
import { importRoster, type ImportReport } from './importRoster';
import type { ParsedRoster, PupilField } from './parseRoster';

export interface OsoFileOutcome {
  bestand: string;
  pupil?: Pupil;
  /** Dutch; empty when the file was read. */
  problems: string[];
  warnings: string[];
}

/** Whether a path names OSO documents: an .xml file or a folder. */
export async function isOsoSource(target: string): Promise<boolean> {
  if (path.extname(target).toLowerCase() === '.xml') return true;
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/** The .xml files of a folder (sorted), or the one file. */
export async function osoFiles(target: string): Promise<string[]> {
  if (!(await stat(target)).isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => n.toLowerCase().endsWith('.xml')).sort((a, b) => a.localeCompare(b));
  return names.map((n) => path.join(target, n));
}

/** Reads one OSO document file into a pupil, or the Dutch reasons it cannot be read. */
export async function readOsoFile(file: string): Promise<OsoFileOutcome> {
  const bestand = path.basename(file);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    return { bestand, problems: [`kan niet gelezen worden (${(err as NodeJS.ErrnoException).code ?? 'onbekende fout'})`], warnings: [] };
  }
  return readOsoContent(bestand, content);
}

/** Reads one OSO document (a file's bytes, e.g. sent in the beheer dialog) into a pupil. */
export async function readOsoContent(bestand: string, content: Buffer): Promise<OsoFileOutcome> {
  const xml = await parseXml(content);
  if (!xml.ok) return { bestand, problems: [`geen geldige XML: ${xml.problems.join('; ')}`], warnings: [] };
  const read = readOsoDocument(xml.root, { bestand });
  if (!read.ok) return { bestand, problems: read.problems, warnings: [] };
  return { bestand, pupil: read.pupil, problems: [], warnings: read.warnings };
}

/** The document is the whole source for its pupil: every field is supplied. */
const ALL_FIELDS = Object.keys(pupilSchema.shape) as PupilField[];

/** Stores the pupil of one read file; same upsert as a roster (see importRoster). */
export async function importOsoFile(pupils: PupilRepository, outcome: OsoFileOutcome): Promise<ImportReport> {
  const roster: ParsedRoster = {
    format: 'oso',
    pupils: outcome.pupil ? [outcome.pupil] : [],
    problems: outcome.problems.map((message) => ({ row: 1, message: `${outcome.bestand}: ${message}` })),
    warnings: outcome.warnings.map((w) => `${outcome.bestand}: ${w}`),
    fields: ALL_FIELDS,
  };
  return importRoster(pupils, roster);
}

/** What one imported file did, line by line, as the admin CLI and the beheer dialog report it. */
export function osoFileReport(outcome: OsoFileOutcome, report: ImportReport): { level: 'info' | 'error'; text: string }[] {
  const lines: { level: 'info' | 'error'; text: string }[] = [
    ...report.warnings.map((w) => ({ level: 'info' as const, text: `Let op: ${w}` })),
    ...report.problems.map((p) => ({ level: 'error' as const, text: p.message })),
  ];
  if (outcome.pupil) {
    const wat = report.nieuw ? 'nieuw' : report.bijgewerkt ? 'bijgewerkt' : 'ongewijzigd';
    lines.push({ level: 'info', text: `${outcome.bestand}: ${displayName(outcome.pupil)} (${leerlingnummer.mask(outcome.pupil.leerlingnummer)}), ${wat}.` });
  } else {
    lines.push({ level: 'info', text: `${outcome.bestand}: niet geïmporteerd.` });
  }
  return lines;
}
