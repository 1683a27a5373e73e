/**
 * A file name as the bot stores it and writes it into the OSO document (and the zip inside
 * `<bestandsinhoud>`): the base name only — no folder, so no `../` entry a receiver could
 * unpack outside its folder — cleaned like every incoming string (cleanText: no control or
 * bidi characters, NFC), and at most MAX_FILE_NAME characters with the extension kept.
 */
import { cleanText } from './cleanText';

export const MAX_FILE_NAME = 100;
const FALLBACK = 'bijlage';

export function safeFileName(raw: unknown, fallback = FALLBACK): string {
  if (typeof raw !== 'string') return fallback;
  // cleanText keeps tab, LF and CR (XML allows them); a file name has no use for them either.
  const base = cleanText(raw).replace(/[\t\r\n]/g, ' ').split(/[/\\]/).pop() ?? '';
  const name = base.replace(/\s+/g, ' ').trim().replace(/^[.\s]+$/, '');
  if (!name) return fallback;
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 11 ? name.slice(dot) : '';
  const stem = [...name.slice(0, name.length - ext.length)].slice(0, MAX_FILE_NAME - [...ext].length).join('').trimEnd();
  return stem + ext;
}
