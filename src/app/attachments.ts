/**
 * Files sent in the chat for a dossier (manual step 10). The channel delivers each file as a
 * `data:` URL (Web Chat, tests) or a URL to download (Emulator `contentUrl`, Teams
 * `downloadUrl`). At most 10 files of at most 10 MB, of the kinds a school sends along with
 * a dossier; anything else is refused with a clear Dutch reason and the other files are kept.
 */
import path from 'node:path';
import { BIJLAGE_EXTENSIES, isAllowedBijlage } from '../domain/oso/osoCodes';
import { fail, ok, type Result } from '../domain/result';

export const MAX_BIJLAGEN = 10;
export const MAX_BIJLAGE_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 20_000;

/**
 * Content type of each extension OSO accepts for a bijlage (BIJLAGE_EXTENSIES of the standard);
 * anything else would be refused when the dossier is made ready, so it is refused here.
 */
const CONTENT_TYPES: Record<(typeof BIJLAGE_EXTENSIES)[number], string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odf: 'application/vnd.oasis.opendocument.formula',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
/** A file without extension: its declared type says which extension it gets. */
const EXTENSION_OF: Record<string, string> = { ...Object.fromEntries(Object.entries(CONTENT_TYPES).map(([e, t]) => [t, e])), 'image/jpg': 'jpg' };

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
    `"${naam}" heb ik niet bewaard: dit soort bestand kan niet mee als bijlage. OSO neemt alleen ${BIJLAGE_EXTENSIES.map((e) => e.toUpperCase()).join(', ')} aan; sla het bijvoorbeeld op als PDF en stuur het opnieuw.`,
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

/** The name and content type a file is stored with, or undefined when OSO does not accept this kind of file. */
export function acceptedFile(naam: string, contentType: string | undefined): { naam: string; contentType: string } | undefined {
  const ext = path.extname(naam).slice(1).toLowerCase() as keyof typeof CONTENT_TYPES;
  if (isAllowedBijlage(naam)) return { naam, contentType: CONTENT_TYPES[ext] };
  const declared = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const guessed = EXTENSION_OF[declared];
  if (path.extname(naam) === '' && guessed) return { naam: `${naam}.${guessed}`, contentType: CONTENT_TYPES[guessed as keyof typeof CONTENT_TYPES] };
  return undefined;
}

/** Reads one announced file: checks its kind, downloads or decodes it, checks its size. */
export async function receiveFile(file: IncomingFile): Promise<Result<ReceivedFile>> {
  const announced = (file.naam ?? '').trim() || 'bijlage';
  const accepted = acceptedFile(announced, file.contentType);
  if (!accepted) return fail('soort', TEXT.soort(announced));
  const { naam, contentType } = accepted;
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

/**
 * The content of any announced file (a `data:` URL or a download URL), whatever its kind: the
 * caller checks the kind and uses the problem codes (`inhoud`, `ophalen`, `groot`) for its own
 * messages. The one place besides `receiveFile` where a sent file is fetched (the roster upload).
 */
export async function fileContent(file: IncomingFile, maxBytes: number = MAX_BIJLAGE_BYTES): Promise<Result<Buffer>> {
  const naam = (file.naam ?? '').trim() || 'bestand';
  const url = file.url ?? '';
  let inhoud: Result<Buffer>;
  if (url.startsWith('data:')) inhoud = decodeDataUrl(url, naam);
  else if (/^https?:\/\//i.test(url)) inhoud = await download(url, naam);
  else return fail('inhoud', TEXT.geenInhoud(naam));
  if (inhoud.ok && inhoud.value.length > maxBytes) return fail('groot', TEXT.groot(naam, inhoud.value.length));
  return inhoud;
}
