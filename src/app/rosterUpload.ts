/**
 * The pupil roster sent as a file in "beheer" (issue 21): the Esis export as CSV (or JSON in the
 * pupil model's shape), or an OSO dossier (.xml) another school's system handed out, imported
 * exactly as `npm run admin -- import-leerlingen` does, with the same report. So a school in
 * Azure needs no shell on the server for its roster.
 */
import path from 'node:path';
import type { IsoDate } from '../domain/dates';
import { cleanText } from '../domain/text/cleanText';
import type { PupilRepository } from '../repositories/pupilRepository';
import { IMPORT_TEXT, importRoster, type ImportReport } from '../roster/importRoster';
import { importOsoFile, osoFileReport, readOsoContent } from '../roster/importOsoDocument';
import { parseRoster } from '../roster/parseRoster';
import { splitBoardRoster } from '../roster/boardRoster';
import * as brin from '../domain/identifiers/brin';
import { readAttachmentContent, type AttachmentSources } from './attachmentContent';
import { DOWNLOAD_DEADLINE_MS, formatSize, type IncomingFile } from './attachments';

/** A roster of a large school with parents and addresses is well under 1 MB. */
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
/** Rows reported in one chat message; a longer list is cut off with a count (Teams messages have a size limit). */
export const MAX_REPORTED_ROWS = 50;

type Format = 'csv' | 'json' | 'oso';
const FORMAT_BY_EXTENSION: Record<string, Format | undefined> = { '.csv': 'csv', '.txt': 'csv', '.json': 'json', '.xml': 'oso' };
const FORMAT_BY_TYPE: Record<string, Format | undefined> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/plain': 'csv',
  'application/json': 'json',
  'application/xml': 'oso',
  'text/xml': 'oso',
};

const TEXT = {
  soort: (naam: string) =>
    `"${naam}" kan ik niet importeren: stuur de leerlingenlijst uit Esis als CSV-bestand (in Excel: Opslaan als → "CSV (gescheiden door lijstscheidingsteken)"), als JSON, of een OSO-dossier (.xml).`,
  groot: (naam: string) =>
    `"${naam}" is te groot; een leerlingenlijst mag hoogstens ${formatSize(MAX_ROSTER_BYTES)} zijn. Laat in de export alleen de kolommen staan die de bot gebruikt (BSN, namen, geboortedatum, groep, adres, ouders).`,
  andereScholen: (rijen: number, brins: string[]) =>
    `${rijen === 1 ? 'Eén rij is' : `${rijen} rijen zijn`} van een andere school (BRIN ${brins.join(', ')}) en niet geïmporteerd: die importeert de beheerder van die school.`,
  geenEigenRijen: (brin: string) => `In dit bestand staat geen enkele rij met het BRIN van deze school (${brin}).`,
  schoolOnbekend: 'Dit bestand heeft een kolom BRIN (een bestand van het hele bestuur), maar het BRIN van deze school is nog niet ingesteld. Vul eerst de school in ("beheer" → "school wijzigen") en stuur het bestand opnieuw.',
  meerFouten: (n: number) =>
    `… en nog ${n} ${n === 1 ? 'rij' : 'rijen'} met een fout. Verbeter eerst de rijen hierboven en stuur het bestand opnieuw; dan ziet u de rest.`,
};

export interface RosterUploadOutcome {
  /** The report, as the admin CLI prints it: remarks, bad rows, the summary and what to do. */
  lines: string[];
  report?: ImportReport;
}

export interface RosterUploadOptions {
  today: IsoDate;
  /** Where sent files may be read from (BotServices.attachmentSources). */
  sources?: AttachmentSources;
  /**
   * The BRIN of the school importing. A board's file (a column BRIN) gives this school only
   * its own rows: another school's pupils never enter this school's roster.
   */
  ownBrin?: string;
}

/**
 * Fetches, parses and imports one sent file; every outcome is told in `lines`. The file is read
 * by readAttachmentContent, as bijlagen are: only from a data: URL, a local Web Chat upload or
 * an allowed host.
 */
export async function importRosterUpload(pupils: PupilRepository, file: IncomingFile, options: RosterUploadOptions): Promise<RosterUploadOutcome> {
  const naam = cleanText(typeof file.naam === 'string' ? file.naam : '').trim() || 'leerlingen.csv';
  const format = rosterFormat(naam, typeof file.contentType === 'string' ? file.contentType : undefined);
  if (format === null) return { lines: [TEXT.soort(naam)] };
  const deadline = Date.now() + DOWNLOAD_DEADLINE_MS;
  const inhoud = await readAttachmentContent({ naam, url: file.url }, { maxBytes: MAX_ROSTER_BYTES, deadline, sources: options.sources });
  if (!inhoud.ok) return { lines: [inhoud.problem.code === 'groot' ? TEXT.groot(naam) : inhoud.problem.message] };
  if (format === 'oso') {
    const outcome = await readOsoContent(naam, inhoud.value);
    const report = await importOsoFile(pupils, outcome);
    const lines = osoFileReport(outcome, report).map((l) => l.text);
    lines.push(IMPORT_TEXT.samenvatting(naam, report));
    if (report.fouten > 0) lines.push(IMPORT_TEXT.fouten(report.fouten));
    return { lines, report };
  }

  const own = ownRows(inhoud.value, format, options.ownBrin);
  if (own && 'weigering' in own) return { lines: [own.weigering] };
  const roster = parseRoster(own ? own.text : inhoud.value, { ...(format ? { format } : {}), today: options.today });
  const lines = [...(own?.opmerkingen ?? []), ...roster.warnings.map(IMPORT_TEXT.letOp)];
  if (roster.pupils.length === 0 && roster.problems.length === 0) return { lines: [...lines, IMPORT_TEXT.geenLeerlingen(naam)] };
  const report = await importRoster(pupils, roster);
  const shown = report.problems.slice(0, MAX_REPORTED_ROWS).map((p) => p.message);
  const hidden = new Set(report.problems.slice(MAX_REPORTED_ROWS).map((p) => p.row)).size;
  lines.push(...shown, ...(hidden > 0 ? [TEXT.meerFouten(hidden)] : []), IMPORT_TEXT.samenvatting(naam, report));
  if (report.fouten > 0) lines.push(IMPORT_TEXT.fouten(report.fouten));
  return { lines, report };
}

/** A board's file: only this school's rows, and what was left out (counts and BRINs, never pupils). */
function ownRows(
  content: Uint8Array,
  format: 'csv' | 'json' | undefined,
  ownBrin: string | undefined,
): { text: string; opmerkingen: string[] } | { weigering: string } | undefined {
  const text = new TextDecoder().decode(content);
  const split = splitBoardRoster(text, format ?? (/^\s*[[{]/.test(text) ? 'json' : 'csv'));
  if (!split) return undefined;
  if (!ownBrin) return { weigering: TEXT.schoolOnbekend };
  const code = brin.compact(ownBrin);
  const mine = [...split.perBrin.keys()].find((b) => b === code) ?? [...split.perBrin.keys()].find((b) => b.slice(0, 4) === code.slice(0, 4) && (b.length === 4 || code.length === 4));
  const others = [...split.perBrin.keys()].filter((b) => b !== mine);
  const skipped = others.reduce((n, b) => n + (split.rows.get(b) ?? 0), 0);
  const opmerkingen = [...split.problems.map((p) => p.message), ...(others.length ? [TEXT.andereScholen(skipped, others)] : [])];
  if (!mine) return { weigering: [...opmerkingen, TEXT.geenEigenRijen(code)].join('\n\n') };
  return { text: split.perBrin.get(mine)!, opmerkingen };
}

/** csv, json or an OSO document by extension or declared type; undefined: let the content decide; null: not a roster. */
function rosterFormat(naam: string, contentType: string | undefined): Format | undefined | null {
  const extension = path.extname(naam).toLowerCase();
  if (extension in FORMAT_BY_EXTENSION) return FORMAT_BY_EXTENSION[extension];
  const declared = FORMAT_BY_TYPE[contentType?.split(';')[0]?.trim().toLowerCase() ?? ''];
  if (declared) return declared;
  return extension === '' ? undefined : null;
}
