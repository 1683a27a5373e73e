/**
 * What happens to the conversation state after a failed turn. The samples delete it, which
 * would throw away a dossier in progress; here it is kept, because the failed turn saved
 * nothing and the state is still that of the last good turn. Only a state that cannot be
 * read (the store fails on it while the store itself is healthy, its shape is not what the
 * bot writes, or it points at a conversation this version of the bot no longer has) is
 * reset — otherwise every following turn would fail the same way. The user is then told
 * what was kept: the dossiers they made live in the store, not in the conversation.
 */
import type { ConversationState, TurnContext } from 'botbuilder';
import { userIdOf } from '../bot';
import type { Dossier } from '../domain/dossier';
import type { Logger } from '../log';
import type { Repositories } from '../repositories';
import type { DocumentStore } from '../storage/documentStore';

export type StateOutcome =
  /** State readable: kept as it was after the last good turn. */
  | { outcome: 'kept' }
  /** The store is down; nothing was changed. */
  | { outcome: 'store-unavailable' }
  /** State could not be read and was reset; `dossiers` are what the user still has. */
  | { outcome: 'reset'; dossiers: Dossier[] | 'unreadable' | 'school unknown' };

const TEXT = {
  reset: (code: string, dossiers: Dossier[] | 'unreadable' | 'school unknown') => {
    const head = `Sorry, er ging iets mis aan mijn kant (foutcode ${code}). Ons gesprek kon ik niet meer lezen, dus ik ben opnieuw begonnen; de vraag waar u mee bezig was moet u opnieuw beginnen.`;
    if (dossiers === 'school unknown') return `${head} Uw opgeslagen dossiers zijn bewaard; kies zo opnieuw voor welke school u werkt.`;
    if (dossiers === 'unreadable') return `${head} Welke dossiers van u bewaard zijn, kon ik nu niet nalezen; geef de foutcode door aan de beheerder.`;
    if (dossiers.length === 0) return `${head} Er waren nog geen dossiers van u opgeslagen.`;
    const list = dossiers.map((d) => `- ${d.leerlingNaam} (${d.status})`).join('\n');
    return `${head} Bewaard gebleven zijn uw opgeslagen dossiers:\n${list}`;
  },
  storeDown: (code: string) =>
    // Nothing is claimed kept: the store may be gone (an SQLite file deleted), not just slow.
    `Sorry, ik kan de gegevens nu niet bereiken (foutcode ${code}). Uw laatste antwoord heb ik niet kunnen opslaan; probeer het over een paar minuten opnieuw. Blijft het misgaan, geef de foutcode dan door aan de beheerder.`,
};

export interface StateRecoveryDeps {
  conversationState: ConversationState;
  /** The school the turn acted for (its dossiers are listed); undefined when that is not known (a board). */
  repos: Repositories | undefined;
  /** The board's store, for its health. */
  store: DocumentStore;
}

export async function inspectConversationState(
  context: TurnContext,
  error: Error,
  deps: StateRecoveryDeps,
  logger: Logger,
): Promise<StateOutcome> {
  const { conversationState, repos, store } = deps;
  // A store that cannot be written (down, or its SQLite file deleted under the bot) is said as
  // such, also when the state itself still reads: the user must not think their answer was kept.
  if (!(await store.health().catch(() => ({ ok: false }))).ok) return { outcome: 'store-unavailable' };
  let problem: string | undefined;
  try {
    const state: unknown = await conversationState.load(context, true);
    problem = shapeProblem(state) ?? (refersToMissingDialog(error) ? 'refers to a dialog that does not exist' : undefined);
  } catch (readError) {
    const health = await store.health().catch(() => ({ ok: false }));
    if (!health.ok) return { outcome: 'store-unavailable' };
    problem = `read failed: ${(readError as Error).message}`;
  }
  if (!problem) return { outcome: 'kept' };

  logger.warn({ problem, storageKey: conversationState.getStorageKey(context) }, 'conversation state unreadable, resetting it');
  try {
    await conversationState.delete(context);
  } catch (deleteError) {
    logger.error({ err: deleteError }, 'could not reset the conversation state');
    return { outcome: 'store-unavailable' };
  }
  return { outcome: 'reset', dossiers: repos ? await keptDossiers(context, repos, logger) : 'school unknown' };
}

/** "The data cannot be reached, what you entered is kept, try again in a few minutes." */
export const storeDownMessage = (code: string): string => TEXT.storeDown(code);

/** The message for the user, or undefined when the standard apology fits. */
export function messageFor(outcome: StateOutcome, code: string): string | undefined {
  if (outcome.outcome === 'reset') return TEXT.reset(code, outcome.dossiers);
  if (outcome.outcome === 'store-unavailable') return TEXT.storeDown(code);
  return undefined;
}

async function keptDossiers(context: TurnContext, repos: Repositories, logger: Logger): Promise<Dossier[] | 'unreadable'> {
  const userId = userIdOf(context);
  if (!userId) return [];
  try {
    return (await repos.dossiers.listMadeBy(userId)).filter((d) => d.status !== 'verstrekt');
  } catch (err) {
    logger.error({ err }, 'could not list the dossiers kept for the user');
    // Not "no dossiers": the list could not be read, which says nothing about what is kept.
    return 'unreadable';
  }
}

/** Why the stored conversation state is not something this bot wrote, or undefined if it is fine. */
export function shapeProblem(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return 'state is not an object';
  const s = state as Record<string, unknown>;
  if (s.dialogState !== undefined) {
    const problem = dialogStateProblem(s.dialogState, 0);
    if (problem) return `dialogState: ${problem}`;
  }
  for (const name of ['referenceSavedFor', 'processedActivityIds']) {
    if (s[name] !== undefined && !Array.isArray(s[name])) return `${name} is not a list`;
  }
  return undefined;
}

function dialogStateProblem(value: unknown, depth: number): string | undefined {
  if (depth > 20) return 'nested too deeply';
  if (typeof value !== 'object' || value === null) return 'not an object';
  const stack = (value as { dialogStack?: unknown }).dialogStack;
  if (stack === undefined) return undefined;
  if (!Array.isArray(stack)) return 'dialogStack is not a list';
  for (const instance of stack) {
    if (typeof instance !== 'object' || instance === null) return 'a dialog instance is not an object';
    const { id, state } = instance as { id?: unknown; state?: unknown };
    if (typeof id !== 'string' || id === '') return 'a dialog instance has no id';
    if (state !== undefined && (typeof state !== 'object' || state === null)) return `state of ${id} is not an object`;
    const inner = (state as { dialogs?: unknown } | undefined)?.dialogs;
    if (inner !== undefined) {
      const problem = dialogStateProblem(inner, depth + 1);
      if (problem) return `${id}: ${problem}`;
    }
  }
  return undefined;
}

/** botbuilder-dialogs' message when the saved stack names a dialog that was removed or renamed. */
function refersToMissingDialog(error: Error): boolean {
  return /Can't (continue|resume).*dialog with an id of .* wasn't found/i.test(error?.message ?? '');
}
