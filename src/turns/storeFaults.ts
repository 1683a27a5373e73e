/**
 * What the user and IT are told when the store lets a turn down in a way the conversation
 * cannot fix by itself: a stored document that is not valid JSON (a named data error, also
 * listed by /healthz), and an "annuleren" whose turn could not be saved.
 */
import type { Logger } from '../log';
import { documentKindOf, type DocumentKind } from '../repositories/keys';
import { isCorruptDocument, type CorruptDocumentError } from '../storage/documentStore';

/** The kinds of documents found not to be valid JSON since the process started (no keys: they may hold personal data). */
export class DataErrors {
  private readonly kinds = new Set<DocumentKind>();

  record(kind: DocumentKind): void {
    this.kinds.add(kind);
  }

  list(): DocumentKind[] {
    return [...this.kinds];
  }
}

const TEXT = {
  schoolSettings: (code: string) =>
    `Sorry, de schoolinstellingen zijn beschadigd opgeslagen en ik kan ze niet lezen (foutcode ${code}). Daardoor kan ik hier nu niet verder. De beheerder moet de schoolinstellingen herstellen door ze opnieuw in te stellen (npm run admin -- school BRIN NAAM); wat u al had ingevuld is bewaard.`,
  pupilIndex: (code: string) =>
    `Sorry, de leerlingenlijst is beschadigd opgeslagen en ik kan er nu niet in zoeken (foutcode ${code}). De beheerder herstelt de lijst door het leerlingbestand opnieuw te importeren; wat u al had ingevuld is bewaard.`,
  otherDocument: (code: string) =>
    `Sorry, een opgeslagen gegeven is beschadigd en ik kan het niet lezen (foutcode ${code}). Geef deze foutcode door aan de beheerder; wat u al had ingevuld is bewaard.`,
  cancelled: (code: string) =>
    `Ik ben gestopt. Door een storing kon ik dit niet goed opslaan (foutcode ${code}): wat u in dit gesprek had ingevuld, is misschien niet als concept bewaard. Uw volgende bericht begint opnieuw.`,
};

/**
 * When `error` is a stored document that is not valid JSON: records and logs it by kind, and
 * returns its kind; otherwise undefined.
 */
export function noteDataError(error: unknown, dataErrors: DataErrors, log: Logger, code: string): DocumentKind | undefined {
  const corrupt = corruptDocumentIn(error);
  if (!corrupt) return undefined;
  const kind = documentKindOf(corrupt.key);
  dataErrors.record(kind);
  log.error({ dataError: kind, errorCode: code }, 'data error: a stored document is not valid JSON');
  return kind;
}

/** The message for a data error the conversation itself cannot repair (a conversation state is reset instead). */
export function dataErrorMessage(kind: DocumentKind, code: string): string {
  if (kind === 'school settings') return TEXT.schoolSettings(code);
  if (kind === 'pupil index') return TEXT.pupilIndex(code);
  return TEXT.otherDocument(code);
}

export const cancelledMessage = (code: string): string => TEXT.cancelled(code);

/** The CorruptDocumentError itself or inside the wrappers around it (botbuilder-dialogs' DialogContextError keeps it in `error`). */
function corruptDocumentIn(error: unknown, depth = 0): CorruptDocumentError | undefined {
  if (isCorruptDocument(error)) return error;
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const { error: inner, cause } = error as { error?: unknown; cause?: unknown };
  return corruptDocumentIn(inner, depth + 1) ?? corruptDocumentIn(cause, depth + 1);
}
