/**
 * A board's roster: one file for all schools, with a column BRIN saying whose pupil each row
 * is. It is split into one roster per BRIN before anything is parsed, so each school's part
 * goes through the same import as a school's own file. A CSV keeps its row numbers (the
 * rows of other schools become empty rows, which the import skips), so every message still
 * names the row in the file; a JSON list is filtered.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import * as brin from '../domain/identifiers/brin';
import { cleanText } from '../domain/text/cleanText';
import { detectDelimiter } from './parseRoster';

/** Headers that name the school of a row. */
const BRIN_HEADERS = new Set(['brin', 'brinnummer', 'brin-nummer', 'brin_nummer', 'school brin', 'schoolbrin']);
const isBrinHeader = (cell: string): boolean => BRIN_HEADERS.has(cleanText(cell).trim().toLowerCase());

export interface BoardRoster {
  /** Per BRIN (as written in the file, compacted) the roster of that school, in the file's format. */
  perBrin: Map<string, string>;
  /** Per BRIN the number of rows (pupils) it has in the file. */
  rows: Map<string, number>;
  /** Rows without a valid BRIN. */
  problems: { row: number; message: string }[];
}

/** The file split by its BRIN column; undefined when it has none (a school's own file). */
export function splitBoardRoster(text: string, format: 'csv' | 'json'): BoardRoster | undefined {
  return format === 'json' ? splitJson(text) : splitCsv(text.replace(/^\uFEFF/, ''));
}

function splitCsv(text: string): BoardRoster | undefined {
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch {
    return undefined; // the import itself reports a file it cannot read
  }
  const [header = [], ...rows] = records;
  const column = header.findIndex(isBrinHeader);
  if (column === -1) return undefined;
  const without = (record: string[]) => record.filter((_, i) => i !== column);
  const line = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(delimiter);
  const lines = new Map<string, string[]>();
  const problems: BoardRoster['problems'] = [];
  rows.forEach((record, i) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const code = brin.compact(record[column] ?? '');
    if (!brin.isValid(code)) {
      problems.push({ row: i + 2, message: `rij ${i + 2}: ${code ? `"${code}" is geen BRIN-nummer` : 'de kolom BRIN is leeg'}; deze rij is overgeslagen.` });
      return;
    }
    if (!lines.has(code)) lines.set(code, rows.map(() => ''));
    lines.get(code)![i] = line(without(record));
  });
  const perBrin = new Map([...lines].map(([code, body]) => [code, [line(without(header)), ...body].join('\r\n')]));
  const counted = new Map([...lines].map(([code, body]) => [code, body.filter(Boolean).length]));
  return { perBrin, rows: counted, problems };
}

function splitJson(text: string): BoardRoster | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const list = Array.isArray(data) ? data : (data as { leerlingen?: unknown } | null)?.leerlingen;
  if (!Array.isArray(list)) return undefined;
  const brinOf = (item: unknown): unknown => {
    if (typeof item !== 'object' || item === null) return undefined;
    const key = Object.keys(item).find(isBrinHeader);
    return key === undefined ? undefined : (item as Record<string, unknown>)[key];
  };
  if (!list.some((item) => brinOf(item) !== undefined)) return undefined;
  const groups = new Map<string, unknown[]>();
  const problems: BoardRoster['problems'] = [];
  list.forEach((item, i) => {
    const raw = brinOf(item);
    const code = typeof raw === 'string' ? brin.compact(raw) : '';
    if (!brin.isValid(code)) {
      problems.push({ row: i + 1, message: `leerling ${i + 1}: ${code ? `"${code}" is geen BRIN-nummer` : 'BRIN ontbreekt'}; deze leerling is overgeslagen.` });
      return;
    }
    const key = Object.keys(item as object).find(isBrinHeader)!;
    const { [key]: _brin, ...rest } = item as Record<string, unknown>;
    if (!groups.has(code)) groups.set(code, []);
    groups.get(code)!.push(rest);
  });
  return {
    perBrin: new Map([...groups].map(([code, items]) => [code, JSON.stringify(items)])),
    rows: new Map([...groups].map(([code, items]) => [code, items.length])),
    problems,
  };
}
