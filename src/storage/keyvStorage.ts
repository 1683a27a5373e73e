import type { Storage, StoreItems } from 'botbuilder';
import { DocumentStore, ETagConflictError, isETagConflict } from './documentStore';

/**
 * botbuilder `Storage` (read/write/delete) over a DocumentStore, keeping the contract of
 * botbuilder's MemoryStorage:
 * - keys that do not exist are absent from what `read` returns;
 * - every write stores a new eTag, which later reads return on the item;
 * - a write whose eTag does not match the stored one rejects with the eTag-conflict error
 *   and leaves that item unchanged (the other items of the batch are still written);
 * - an item without eTag, or with `'*'`, overwrites; an item with an eTag whose key does
 *   not exist yet is created;
 * - a null/undefined keys list or changes object rejects.
 *
 * Items are stored as JSON (without their eTag property), so what `read` returns is the
 * JSON round trip of what was written — as with MemoryStorage.
 */
export class KeyvStorage implements Storage {
  constructor(private readonly store: DocumentStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const docs = await this.store.getMany<Record<string, unknown>>(keys);
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const doc = docs[i];
      if (doc) items[key] = { ...doc.value, eTag: doc.eTag };
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Like MemoryStorage: every item is attempted; the first conflict is reported afterwards.
    const results = await Promise.allSettled(
      Object.keys(changes).map((key) => this.writeItem(key, changes[key])),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await Promise.all(keys.map((key) => this.store.delete(key)));
  }

  private async writeItem(key: string, item: unknown): Promise<void> {
    const { eTag, ...value } = (item ?? {}) as { eTag?: unknown } & Record<string, unknown>;
    if (!eTag || eTag === '*') {
      await this.store.set(key, value);
      return;
    }
    try {
      await this.store.set(key, value, { ifMatch: String(eTag) });
    } catch (error) {
      if (!isETagConflict(error)) throw error;
      // MemoryStorage creates an item whose key does not exist, whatever its eTag; create-only
      // keeps that atomic (if someone created it meanwhile, our eTag cannot match theirs).
      if ((await this.store.get(key)) !== undefined) throw new ETagConflictError(key);
      await this.store.set(key, value, { ifNoneMatch: '*' });
    }
  }
}
