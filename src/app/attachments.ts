/**
 * Files sent in the chat for a dossier (manual step 10). The channel delivers each file as a
 * `data:` URL (Web Chat, tests), a local Web Chat upload, or a URL to download (Teams
 * `downloadUrl` on SharePoint); attachmentContent.ts reads it, from those places only. At most
 * 10 files of at most 10 MB, 25 MB together, of the kinds a school sends along with a
 * dossier; anything else is refused with a clear Dutch reason and the other files are kept.
 */
import path from 'node:path';
import { BIJLAGE_EXTENSIES, isAllowedBijlage } from '../domain/oso/osoCodes';
import { fail, ok, type Result } from '../domain/result';
import { safeFileName } from '../domain/text/fileName';
import { readAttachmentContent, TEXT as CONTENT_TEXT, type AttachmentSources } from './attachmentContent';

export const MAX_BIJLAGEN = 10;
export const MAX_BIJLAGE_BYTES = 10 * 1024 * 1024;
/** All files of one dossier together (what LDOS receives in one document). */
export const MAX_DOSSIER_BIJLAGEN_BYTES = 25 * 1024 * 1024;
/** All downloads of one message: well under the 15 s after which Teams sends the message again. */
export const DOWNLOAD_DEADLINE_MS = 10_000;

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
  naam?: unknown;
  contentType?: unknown;
  /** `data:` URL, a local Web Chat upload or an https URL; whatever the channel sent, not trusted. */
  url?: unknown;
  /** An image pasted into the message (Teams): not a file, and only readable with a Teams token. */
  geplakt?: boolean;
}

export interface ReceivedFile {
  naam: string;
  contentType: string;
  inhoud: Buffer;
}

const TEXT = {
  geplakt:
    'Een afbeelding die in het bericht is geplakt kan ik niet als bijlage bewaren: sla het op en voeg het toe als bestand (met de paperclip), bij voorkeur als PDF.',
  soort: (naam: string) =>
    `"${naam}" heb ik niet bewaard: dit soort bestand kan niet mee als bijlage. OSO neemt alleen ${BIJLAGE_EXTENSIES.map((e) => e.toUpperCase()).join(', ')} aan; sla het bijvoorbeeld op als PDF en stuur het opnieuw.`,
  teGroot: (naam: string) =>
    `"${naam}" heb ik niet bewaard: het is groter dan 10 MB, het maximum voor een bijlage. Verklein het bestand (bijvoorbeeld als PDF opslaan) en stuur het opnieuw.`,
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
  if (path.extname(naam) === '' && guessed) return { naam: safeFileName(`${naam}.${guessed}`), contentType: CONTENT_TYPES[guessed as keyof typeof CONTENT_TYPES] };
  return undefined;
}

/** How a file is read: one deadline for the whole message, and where files may come from. */
export interface ReceiveOptions {
  /** Epoch ms; shared by every file of one message. */
  deadline: number;
  sources?: AttachmentSources;
}

/** Reads one announced file: cleans its name, checks its kind, reads its content, checks its size. */
export async function receiveFile(file: IncomingFile, options: ReceiveOptions): Promise<Result<ReceivedFile>> {
  if (file.geplakt) return fail('geplakt', TEXT.geplakt);
  const announced = safeFileName(file.naam);
  // Malformed (no URL, or not a string): nothing to read, whatever kind of file it claims to be.
  if (typeof file.url !== 'string' || file.url === '') return fail('ophalen', CONTENT_TEXT.ophalen(announced));
  const accepted = acceptedFile(announced, typeof file.contentType === 'string' ? file.contentType : undefined);
  if (!accepted) return fail('soort', TEXT.soort(announced));
  const { naam, contentType } = accepted;
  const inhoud = await readAttachmentContent({ naam, url: file.url }, { maxBytes: MAX_BIJLAGE_BYTES, deadline: options.deadline, sources: options.sources });
  if (!inhoud.ok) return inhoud.problem.code === 'groot' ? fail('groot', TEXT.teGroot(naam)) : inhoud;
  if (inhoud.value.length === 0) return fail('leeg', TEXT.leeg(naam));
  return ok({ naam, contentType, inhoud: inhoud.value });
}
