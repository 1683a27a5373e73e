import {
  ETagConflictError,
  type DocumentStore,
  type StoreHealth,
  type Versioned,
  type WriteCondition,
} from '../../src/storage/documentStore';

/**
 * In-memory DocumentStore for unit tests: the full contract (JSON round trip, a new eTag per
 * write, ifMatch / ifNoneMatch conditions that reject with ETagConflictError and change nothing).
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<string, { json: string; eTag: string }>();
  private counter = 0;
  /** Number of successful writes and deletes, so tests can assert "nothing changed". */
  writes = 0;

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const doc = this.docs.get(key);
    return doc ? { value: JSON.parse(doc.json) as T, eTag: doc.eTag } : undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    return Promise.all(keys.map((k) => this.get<T>(k)));
  }

  async set<T>(key: string, value: T, condition: WriteCondition = {}): Promise<string> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`Storage: value for "${key}" is not JSON.`);
    this.check(key, condition);
    const eTag = `m${++this.counter}`;
    this.docs.set(key, { json, eTag });
    this.writes++;
    return eTag;
  }

  async delete(key: string, condition: Pick<WriteCondition, 'ifMatch'> = {}): Promise<boolean> {
    this.check(key, condition);
    const existed = this.docs.delete(key);
    if (existed) this.writes++;
    return existed;
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, backend: 'memory' };
  }

  async close(): Promise<void> {}

  private check(key: string, condition: WriteCondition): void {
    const current = this.docs.get(key);
    if (condition.ifNoneMatch === '*' && current) throw new ETagConflictError(key);
    if (condition.ifMatch && condition.ifMatch !== '*' && current?.eTag !== condition.ifMatch) {
      throw new ETagConflictError(key);
    }
  }
}
