import { DocumentStore, ETagConflictError, isETagConflict, Versioned } from './documentStore';
import { KeyedLock } from './keyedLock';

/** Return this from an updater to leave the document as it is (no write, no new eTag). */
export const KEEP: unique symbol = Symbol('updateDocument.keep');
export type Keep = typeof KEEP;

export interface UpdateOptions {
  /** Further attempts after the first one lost a race; default 10. */
  retries?: number;
  /**
   * Updates of this key from this process take turns instead of racing. For documents many
   * turns update at once (the lists and indexes): 50 concurrent users exhausted the retries
   * on one. The eTag check still guards against other processes sharing the store.
   */
  localTurns?: boolean;
}

export type UpdateOutcome<T> =
  | { written: true; value: T; eTag: string }
  | { written: false; value: T | undefined; eTag: string | undefined };

/**
 * Optimistic read–modify–write: read the document, let `update` compute the new value from
 * it, and write only if nobody changed it meanwhile (ifMatch on the eTag read, or
 * ifNoneMatch '*' when it did not exist). On a conflict it starts again from a fresh read,
 * at most `retries` more times, then rejects with the ETagConflictError.
 *
 * `update` may run more than once, so it must not have side effects; it may throw to
 * refuse (e.g. a status change that is not allowed), which rejects without writing.
 */
export async function updateDocument<T>(
  store: DocumentStore,
  key: string,
  update: (current: T | undefined) => T | Keep | Promise<T | Keep>,
  options: UpdateOptions = {},
): Promise<UpdateOutcome<T>> {
  if (!options.localTurns) return updateWithRetries(store, key, update, options);
  return localTurns(store).run(key, () => updateWithRetries(store, key, update, options));
}

const localLocks = new WeakMap<DocumentStore, KeyedLock>();
function localTurns(store: DocumentStore): KeyedLock {
  let lock = localLocks.get(store);
  if (!lock) {
    lock = new KeyedLock();
    localLocks.set(store, lock);
  }
  return lock;
}

async function updateWithRetries<T>(
  store: DocumentStore,
  key: string,
  update: (current: T | undefined) => T | Keep | Promise<T | Keep>,
  options: UpdateOptions,
): Promise<UpdateOutcome<T>> {
  const retries = options.retries ?? 10;
  let lastConflict: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    const current: Versioned<T> | undefined = await store.get<T>(key);
    const next = await update(current === undefined ? undefined : current.value);
    if (next === KEEP) {
      return { written: false, value: current?.value, eTag: current?.eTag };
    }
    try {
      const eTag = await store.set<T>(key, next, current ? { ifMatch: current.eTag } : { ifNoneMatch: '*' });
      return { written: true, value: next, eTag };
    } catch (error) {
      if (!isETagConflict(error)) throw error;
      lastConflict = error;
      // Brief random pause so writers racing in lock step do not collide again and again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
  throw lastConflict ?? new ETagConflictError(key);
}
