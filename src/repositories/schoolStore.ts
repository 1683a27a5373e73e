/**
 * One school's view of the board's store: every key is put under the school's prefix, and
 * a key of the whole board (people, conversation states, the school registry) or of another
 * school's prefix is refused. The repositories over it stay as they were for one school, and
 * what they read or write can only be that school's own documents: the isolation between
 * schools holds by construction, not by every query remembering a filter.
 */
import type { DocumentStore, StoreHealth, Versioned, WriteCondition } from '../storage/documentStore';
import { isBoardKey } from './keys';

export class SchoolScopeError extends Error {
  constructor() {
    // The key itself is not in the message: it may hold a pupil number or a user id.
    super('A school-scoped store was asked for a document outside its school.');
    this.name = 'SchoolScopeError';
  }
}

class SchoolStore implements DocumentStore {
  constructor(
    readonly root: DocumentStore,
    readonly prefix: string,
  ) {}

  private scoped(key: string): string {
    if (isBoardKey(key) || key.startsWith('school:')) throw new SchoolScopeError();
    return this.prefix + key;
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    return this.root.get<T>(this.scoped(key));
  }

  async getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    return this.root.getMany<T>(keys.map((k) => this.scoped(k)));
  }

  async set<T>(key: string, value: T, condition?: WriteCondition): Promise<string> {
    return this.root.set(this.scoped(key), value, condition);
  }

  async delete(key: string, condition?: Pick<WriteCondition, 'ifMatch'>): Promise<boolean> {
    return this.root.delete(this.scoped(key), condition);
  }

  async health(): Promise<StoreHealth> {
    return this.root.health();
  }

  /** The board's store is closed by whoever opened it, not by one school. */
  async close(): Promise<void> {}
}

// One wrapper per store and prefix: updateDocument's local turns are kept per store object.
const wrappers = new WeakMap<DocumentStore, Map<string, SchoolStore>>();

export function schoolStore(root: DocumentStore, prefix: string): DocumentStore {
  let byPrefix = wrappers.get(root);
  if (!byPrefix) {
    byPrefix = new Map();
    wrappers.set(root, byPrefix);
  }
  let store = byPrefix.get(prefix);
  if (!store) {
    store = new SchoolStore(root, prefix);
    byPrefix.set(prefix, store);
  }
  return store;
}

/** The board's store behind a school's store (the store itself when it is not scoped). */
export const rootOf = (store: DocumentStore): DocumentStore => (store instanceof SchoolStore ? store.root : store);
