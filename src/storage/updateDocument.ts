/**
 * Optimistic read–modify–write on a DocumentStore: read, let `change` compute the new value,
 * write it only if nobody wrote in between (ifMatch, or ifNoneMatch '*' when it was absent),
 * and start over on a conflict. This is how guarded status changes avoid lost updates.
 */
import { isETagConflict, type DocumentStore } from './documentStore';

/** Returned by `change` to leave the document as it is. */
export const KEEP = Symbol('keep');

export interface UpdateOutcome<T> {
  /** The value now stored (undefined when absent and kept so). */
  value: T | undefined;
  written: boolean;
}

export async function updateDocument<T>(
  store: DocumentStore,
  key: string,
  change: (current: T | undefined) => T | typeof KEEP | Promise<T | typeof KEEP>,
  options: { retries?: number } = {},
): Promise<UpdateOutcome<T>> {
  const retries = options.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<T>(key);
    const next = await change(current?.value);
    if (next === KEEP) return { value: current?.value, written: false };
    try {
      await store.set(key, next, current ? { ifMatch: current.eTag } : { ifNoneMatch: '*' });
      return { value: next, written: true };
    } catch (err) {
      if (!isETagConflict(err) || attempt >= retries) throw err;
      // Someone else wrote first: read their version and decide again.
    }
  }
}
