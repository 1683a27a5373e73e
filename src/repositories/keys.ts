/**
 * Every storage key in one place. Lookups by pupil number are direct keys, never scans;
 * the small index documents exist only for lists (roster search, "mijn dossiers").
 */
export const keys = {
  school: () => 'school',
  pupil: (leerlingnummer: string) => `leerling:${leerlingnummer}`,
  pupilIndex: () => 'leerlingen:index',
  user: (id: string) => `gebruiker:${id}`,
  userIndex: () => 'gebruikers:index',
  dossier: (leerlingnummer: string) => `dossier:${leerlingnummer}`,
  /** A new concept beside a delivered dossier, until it is made ready (DossierRepository). */
  dossierDraft: (leerlingnummer: string) => `dossier-nieuw:${leerlingnummer}`,
  dossierArchive: (leerlingnummer: string, id: string) => `dossier-archief:${leerlingnummer}:${id}`,
  dossiersByUser: (userId: string) => `dossiers-van:${userId}`,
  attachment: (id: string) => `bijlage:${id}`,
  /** Every stored attachment content and who may need it (AttachmentRegister). */
  attachmentRegister: () => 'meta:bijlagen',
  ldosPupil: (leerlingnummer: string) => `ldos:leerling:${leerlingnummer}`,
  ldosIndex: () => 'ldos:leerlingen:index',
  ldosClasses: () => 'ldos:klassen',
  conversationReference: (userId: string) => `gesprek:${userId}`,
  /** Where this school's Teams is reached (service URL, tenant, bot id), for opening a personal chat. */
  teamsHome: () => 'meta:teams',
  /** Pupils whose dossier may have a maker's notice waiting (see OverdrachtService). */
  pendingNotices: () => 'meta:meldingen-open',
  meta: (name: string) => `meta:${name}`,
  /** A received dossier's XML offered as a Teams file, under the token on the consent card (src/teams/dossierFile.ts). */
  fileOffer: (token: string) => `meta:bestand:${token}`,
  /** The board's schools: which exist and under which key prefix their data lives (src/app/board.ts). */
  schoolRegistry: () => 'bestuur:scholen',
} as const;

/**
 * Where a school's documents live: every school key (settings, pupils, dossiers, LDOS…) is
 * stored under its school's prefix. The school a store was made for before boards existed
 * keeps the empty prefix, so its data never had to move; every school added later gets
 * `school:<id>/`. A school key never begins with `school:` (each starts with its kind), so
 * no key of one school can name a document of another.
 */
export const schoolPrefix = (schoolId: string): string => `school:${schoolId}/`;
const SCHOOL_PREFIX = /^school:[^/]+\//;

/** The key without its school prefix: what kind of document it is does not depend on the school. */
const unprefixed = (key: string): string => key.replace(SCHOOL_PREFIX, '');

/**
 * Documents of the whole board, never of one school: people (with their roles per school),
 * where to reach them, the Teams home, the school registry, and conversation states. A
 * school's scoped store refuses these (src/repositories/schoolStore.ts).
 */
export function isBoardKey(key: string): boolean {
  return CONVERSATION_STATE.test(key) || BOARD.test(key);
}
const BOARD = /^(gebruiker:|gebruikers:index$|gesprek:|meta:teams$|bestuur:|health:|webchat:)/;

/**
 * Keys only the bot process writes: the conversation states botbuilder's ConversationState
 * keeps under `<channel>/conversations/<id>/`, and everything of dossiers, LDOS and
 * notices. The admin CLI, the other writer of a SQLite file, writes only the school, pupils
 * and users (test/storage/ownedKeys.test.ts checks that), and in a board the list of schools;
 * a school's keys are owned or not as the same key without its school prefix. On SQLite these keys are read from
 * memory after the first read (createDocumentStore `ownedKeys`).
 */
export function isOwnedByBotProcess(key: string): boolean {
  return CONVERSATION_STATE.test(key) || BOT_ONLY.test(unprefixed(key));
}

const CONVERSATION_STATE = /^[^/]+\/conversations\/.+\/$/;
const BOT_ONLY = /^(dossier|dossier-nieuw|dossier-archief|dossiers-van|bijlage|ldos|gesprek|meta):/;

/**
 * What kind of document a key names, for logs and /healthz: never the key itself, which may
 * hold a pupil number or a user id.
 */
export type DocumentKind =
  | 'conversation state'
  | 'school settings'
  | 'pupil index'
  | 'pupil'
  | 'user index'
  | 'user'
  | 'dossier'
  | 'new dossier beside a delivered one'
  | 'dossier archive'
  | 'dossier list of a user'
  | 'attachment'
  | 'LDOS index'
  | 'LDOS classes'
  | 'LDOS record'
  | 'conversation reference'
  | 'pending notices'
  | 'school registry'
  | 'other document';

const KINDS: [RegExp, DocumentKind][] = [
  [CONVERSATION_STATE, 'conversation state'],
  [/^school$/, 'school settings'],
  [/^leerlingen:index$/, 'pupil index'],
  [/^leerling:/, 'pupil'],
  [/^gebruikers:index$/, 'user index'],
  [/^gebruiker:/, 'user'],
  [/^dossier:/, 'dossier'],
  [/^dossier-nieuw:/, 'new dossier beside a delivered one'],
  [/^dossier-archief:/, 'dossier archive'],
  [/^dossiers-van:/, 'dossier list of a user'],
  [/^bijlage:/, 'attachment'],
  [/^ldos:leerlingen:index$/, 'LDOS index'],
  [/^ldos:klassen$/, 'LDOS classes'],
  [/^ldos:leerling:/, 'LDOS record'],
  [/^gesprek:/, 'conversation reference'],
  [/^meta:meldingen-open$/, 'pending notices'],
  [/^bestuur:scholen$/, 'school registry'],
];

export function documentKindOf(key: string): DocumentKind {
  const bare = unprefixed(key);
  return KINDS.find(([pattern]) => pattern.test(bare))?.[1] ?? 'other document';
}
