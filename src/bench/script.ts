/**
 * One bench conversation: a medewerker makes a full dossier for one pupil (manual steps
 * 4–19, answers typed the way staff do, mostly accepting the proposal), then the directie
 * requests it in LDOS ("aanvraag overdracht") and places the pupil later. 18 turns.
 */
import type { Activity } from 'botbuilder';
import type { DocumentStore } from '../storage/documentStore';
import { keys } from '../repositories/keys';
import type { Dossier } from '../domain/dossier';

export const dossierScript = (bsn: string): string[] => [
  `nieuw dossier ${bsn}`, // pupil found by BSN → soort overstap
  'ok', // POPO → categorieën
  'ok', // alle → schooljaren
  'ok', // 3 → contactpersoon
  'ok', // own contact → bijlagen
  'geen', // → voorlopig
  'nee', // → contact gewenst
  'nee', // → BRIN
  'ok', // own BRIN → inzage
  'ja', // → datum
  'vandaag', // → medewerker
  'ok', // → akkoord
  'ja', // → samenvatting, gereedmaken?
  'ja', // → gereed
  `aanvraag overdracht ${bsn}`, // → BRIN
  'ok', // → bevestigen
  'Aanvragen overdracht', // → verstrekt, klas?
  'later',
];

export const TURNS_PER_CONVERSATION = dossierScript('x').length;

/**
 * A short finished conversation for the memory rounds (20 000 full ones would not fit the
 * bench's time): a dossier is started, one answer given, then "annuleren" keeps it as a concept.
 */
export const shortScript = (bsn: string): string[] => [`nieuw dossier ${bsn}`, 'ok', 'annuleren'];

export type ScriptName = 'full' | 'short';
export const scripts: Record<ScriptName, (bsn: string) => string[]> = { full: dossierScript, short: shortScript };

/** The bot answered with its error apology: the run is not measuring what it claims. */
export function assertNoTurnError(replies: Partial<Activity>[], where: string): void {
  const failed = replies.find((r) => /er ging iets mis|foutcode/i.test(r.text ?? ''));
  if (failed) throw new Error(`bench conversation failed at ${where}: ${failed.text}`);
}

/** After a conversation: the dossier is verstrekt and LDOS holds the pupil. */
export async function assertConversationDone(store: DocumentStore, bsn: string): Promise<void> {
  const dossier = (await store.get<Dossier>(keys.dossier(bsn)))?.value;
  const ldos = await store.get(keys.ldosPupil(bsn));
  if (dossier?.status !== 'verstrekt' || !ldos) {
    throw new Error(`bench conversation for ${bsn} did not end verstrekt in LDOS (status ${dossier?.status ?? 'none'})`);
  }
}
