/**
 * Files sent in the chat for a dossier (manual step 10). The channel delivers each file as a
 * `data:` URL (Web Chat, tests) or a URL to download (Emulator `contentUrl`, Teams
 * `downloadUrl`). At most 10 files of at most 10 MB, of the kinds a school sends along with
 * a dossier; anything else is refused with a clear Dutch reason and the other files are kept.
 */
import path from 'node:path';
import { fail, ok, type Result } from '../domain/result';

export const MAX_BIJLAGEN = 10;
export const MAX_BIJLAGE_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;

/** Extension → content type of the files that may go with a dossier. */
const ALLOWED: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.rtf': 'application/rtf',
  '.txt': 'text/plain',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};
const ALLOWED_TYPES = new Set(Object.values(ALLOWED));

/** A file as the channel announced it. */
export interface IncomingFile {
  naam?: string;
  contentType?: string;
  /** `data:` URL or http(s) URL. */
  url?: string;
}

export interface ReceivedFile {
  naam: string;
  contentType: string;
  inhoud: Buffer;
}

const TEXT = {
  soort: (naam: string) =>
    `"${naam}" heb ik niet bewaard: dit soort bestand kan niet mee als bijlage. Stuur een PDF-, Word-, Excel- of tekstbestand of een afbeelding (JPG, PNG).`,
  groot: (naam: string, bytes: number) =>
    `"${naam}" heb ik niet bewaard: het is ${formatSize(bytes)} en een bijlage mag hoogstens 10 MB zijn. Verklein het bestand (bijvoorbeeld als PDF opslaan) en stuur het opnieuw.`,
  teGroot: (naam: string) => `"${naam}" heb ik niet bewaard: het is groter dan 10 MB, het maximum voor een bijlage.`,
  geenInhoud: (naam: string) => `"${naam}" kon ik niet ophalen (geen inhoud ontvangen). Stuur het bestand opnieuw.`,
  ophalen: (naam: string) => `"${naam}" kon ik niet ophalen. Stuur het bestand opnieuw; lukt dat niet, sla het dan als PDF op en probeer het nog eens.`,
  leeg: (naam: string) => `"${naam}" is leeg (0 bytes) en heb ik niet bewaard.`,
};

/** "12 kB", "3,4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

/** The content type a file is stored with, or undefined when this kind of file is not allowed. */
export function allowedType(naam: string, contentType: string | undefined): string | undefined {
  const byName = ALLOWED[path.extname(naam).toLowerCase()];
  if (byName) return byName;
  const declared = contentType?.split(';')[0]?.trim().toLowerCase();
  return declared && ALLOWED_TYPES.has(declared) ? declared : undefined;
}

/** Reads one announced file: checks its kind, downloads or decodes it, checks its size. */
export async function receiveFile(file: IncomingFile): Promise<Result<ReceivedFile>> {
  const naam = (file.naam ?? '').trim() || 'bijlage';
  const contentType = allowedType(naam, file.contentType);
  if (!contentType) return fail('soort', TEXT.soort(naam));
  const url = file.url ?? '';
  let inhoud: Result<Buffer>;
  if (url.startsWith('data:')) inhoud = decodeDataUrl(url, naam);
  else if (/^https?:\/\//i.test(url)) inhoud = await download(url, naam);
  else return fail('inhoud', TEXT.geenInhoud(naam));
  if (!inhoud.ok) return inhoud;
  if (inhoud.value.length === 0) return fail('leeg', TEXT.leeg(naam));
  if (inhoud.value.length > MAX_BIJLAGE_BYTES) return fail('groot', TEXT.groot(naam, inhoud.value.length));
  return ok({ naam, contentType, inhoud: inhoud.value });
}

function decodeDataUrl(url: string, naam: string): Result<Buffer> {
  const comma = url.indexOf(',');
  if (comma < 0) return fail('inhoud', TEXT.geenInhoud(naam));
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  // base64 grows by 4/3: refuse before decoding something far too large.
  if (data.length > (MAX_BIJLAGE_BYTES * 4) / 3 + 4) return fail('groot', TEXT.teGroot(naam));
  const buffer = /;base64$/i.test(meta) ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
  return ok(buffer);
}

async function download(url: string, naam: string): Promise<Result<Buffer>> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok || !response.body) return fail('ophalen', TEXT.ophalen(naam));
    const announced = Number(response.headers.get('content-length') ?? NaN);
    if (announced > MAX_BIJLAGE_BYTES) {
      await response.body.cancel();
      return fail('groot', TEXT.groot(naam, announced));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_BIJLAGE_BYTES) return fail('groot', TEXT.teGroot(naam));
      chunks.push(Buffer.from(chunk));
    }
    return ok(Buffer.concat(chunks));
  } catch {
    return fail('ophalen', TEXT.ophalen(naam));
  }
}
