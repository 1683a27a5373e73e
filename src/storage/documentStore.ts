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
 * The key health() writes to prove the store takes writes (one per host, so instances that
 * share a store do not overwrite each other's probe and a restart reuses its key).
 */
export const healthProbeKey = (instance: string): string => `health:probe:${instance}`;

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

/**
 * A stored document whose text is not valid JSON (a bad manual edit, a damaged disk). Carries
 * the key for the caller to classify; the message names neither the key nor the text, which
 * may hold personal data.
 */
export class CorruptDocumentError extends Error {
  readonly code = 'CORRUPT_DOCUMENT';
  declare readonly key: string;
  constructor(key: string) {
    super('A stored document is not valid JSON.');
    this.name = 'CorruptDocumentError';
    // Not enumerable, so a logged error does not carry it (a key may hold a pupil number or user id).
    Object.defineProperty(this, 'key', { value: key, enumerable: false });
  }
}

export function isCorruptDocument(err: unknown): err is CorruptDocumentError {
  return err instanceof CorruptDocumentError || (err as { code?: string } | null)?.code === 'CORRUPT_DOCUMENT';
}

/** JSON.parse that names the document instead of quoting its text. */
export function parseStoredJson<T>(key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CorruptDocumentError(key);
  }
}
