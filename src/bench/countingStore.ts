/** A DocumentStore that counts what passes through it, by key kind (profiling aid). */
import type { DocumentStore, StoreHealth, Versioned, WriteCondition } from '../storage/documentStore';

export class CountingStore implements DocumentStore {
  readonly counts = new Map<string, number>();

  constructor(private readonly inner: DocumentStore) {}

  private count(op: string, key: string): void {
    // "dossier:123…" → "dossier", "emulator/conversations/x/" → "conversation state"
    const kind = key.includes('/conversations/') ? 'conversationState' : key.split(':')[0]!;
    const name = `${op} ${kind}`;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  get<T>(key: string): Promise<Versioned<T> | undefined> {
    this.count('get', key);
    return this.inner.get<T>(key);
  }
  getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    for (const key of keys) this.count('getMany', key);
    return this.inner.getMany<T>(keys);
  }
  set<T>(key: string, value: T, condition?: WriteCondition): Promise<string> {
    this.count(condition?.ifMatch || condition?.ifNoneMatch ? 'set(cond)' : 'set', key);
    return this.inner.set(key, value, condition);
  }
  delete(key: string, condition?: Pick<WriteCondition, 'ifMatch'>): Promise<boolean> {
    this.count('delete', key);
    return this.inner.delete(key, condition);
  }
  health(): Promise<StoreHealth> {
    return this.inner.health();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
