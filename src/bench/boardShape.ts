/** What the board figure stores and reports (src/bench/board.ts seeds it; report.ts names it), without the bot. */

export interface BoardShape {
  /** Schools in the store: 1 is a school on its own (no registry, as a one-school deployment). */
  schools: number;
  /** Roster size of every school (the measured conversations' pupils come on top, at the acting school). */
  pupils: number;
}

/** The spring wave, per school: every groep-8 pupil (1 in 8 of the roster) has a gereed dossier, plus these concepts. */
export const CONCEPTS_PER_SCHOOL = 8;

/** Bytes of the list documents the acting school's turns rewrite whole, and of the board's people index. */
export type ListSizes = Record<string, number>;

/** Every list but the people index is the school's own; the people index is the board's. */
export const LIST_NAMES: Record<string, string> = {
  pupilIndex: 'pupil index (`leerlingen:index`)',
  dossiersByUserMax: 'largest dossier list of a user (`dossiers-van:…`)',
  dossiersByUserTotal: 'dossier lists of the school’s 64 users, together',
  pendingNotices: 'pending notices (`meta:meldingen-open`)',
  ldosIndex: 'LDOS index (`ldos:leerlingen:index`)',
  ldosClasses: 'LDOS classes (`ldos:klassen`)',
  attachmentRegister: 'attachment register (`meta:bijlagen`)',
};
export const PEOPLE_INDEX = 'peopleIndex';

/** What a store held after the measured conversations: every school's documents and the conversation states. */
export interface StoredFigures {
  documents: number;
  valueBytes: number;
}
