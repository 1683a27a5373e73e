/**
 * The one storage contract the whole bot uses: versioned JSON documents by key, with
 * eTag-checked (compare-and-set) writes. Knows nothing of botbuilder or dialogs.
 *
 * Every write gives the document a new eTag. A conditional write whose condition fails
 * rejects with ETagConflictError and changes nothing.
 */
export interface Versioned<T> {
  value: T;
  eTag: string;
}

export interface WriteCondition {
  /**
   * Write only if the stored eTag equals this one; a missing key never matches (conflict,
   * nothing created). `'*'` means: no condition.
   */
  ifMatch?: string;
  /** `'*'`: write only if the key does not exist yet (create-only). */
  ifNoneMatch?: '*';
}

export interface StoreHealth {
  ok: boolean;
  backend: string;
  detail?: string;
}

/**
 * Values are stored as JSON: reads return the JSON round trip of what was written (a fresh
 * copy each time) and a value JSON cannot represent (undefined) is rejected. Conditional
 * writes are compare-and-set: among concurrent writers with the same condition exactly one
 * wins. The SQLite store guarantees that within one process; the PostgreSQL and Redis
 * stores across processes.
 */
export interface DocumentStore {
  get<T>(key: string): Promise<Versioned<T> | undefined>;
  /** One entry per key, in the order asked; undefined for keys that do not exist. */
  getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]>;
  /** Returns the new eTag. Rejects with ETagConflictError when the condition fails. */
  set<T>(key: string, value: T, condition?: WriteCondition): Promise<string>;
  /** Returns whether something was deleted. Rejects with ETagConflictError when ifMatch fails. */
  delete(key: string, condition?: Pick<WriteCondition, 'ifMatch'>): Promise<boolean>;
  /** Whether the backend answers; never rejects. */
  health(): Promise<StoreHealth>;
  /** Waits for writes in flight where it can, then closes connections. Idempotent. */
  close(): Promise<void>;
}

export class ETagConflictError extends Error {
  readonly code = 'ETAG_CONFLICT';
  constructor(readonly key: string) {
    // Same wording as botbuilder's MemoryStorage, so callers that match on it keep working.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export function isETagConflict(err: unknown): err is ETagConflictError {
  return err instanceof ETagConflictError || (err as { code?: string } | null)?.code === 'ETAG_CONFLICT';
}
