import { hostname } from 'node:os';
import type Keyv from 'keyv';
import {
  CorruptDocumentError,
  DocumentStore,
  ETagConflictError,
  healthProbeKey,
  StoreHealth,
  Versioned,
  WriteCondition,
} from './documentStore';
import { newETag, toStoredJson } from './eTag';
import { KeyedLock } from './keyedLock';

/** What one document looks like inside Keyv. */
interface StoredDocument {
  eTag: string;
  value: unknown;
}

/**
 * Keyv prefixes keys with its namespace, except keys that already start with
 * `${namespace}:` — so without a fixed prefix of our own, the keys "x" and "keyv:x" would
 * be the same document. Every document key gets this prefix.
 */
const KEY_PREFIX = 'doc:';

export interface KeyvDocumentStoreOptions {
  /** Name reported by health(), e.g. 'sqlite' or 'memory'. */
  backend?: string;
  /**
   * What health() reports while the store works but not as it should (e.g. the SQLite
   * checkpoint worker stopped); undefined when all is well.
   */
  degradedBy?: () => string | undefined;
  /**
   * Why the store must not be trusted although it answers (e.g. the SQLite file was deleted
   * under the bot: writes still succeed, into a file nobody will open again); undefined when
   * all is well. health() then reports not ok.
   */
  brokenBy?: () => string | undefined;
  /** Extra work after the Keyv store has closed (e.g. nothing, or cleanup in tests). */
  onClose?: () => Promise<void>;
  /**
   * Keys only this process ever writes (on the bot's own SQLite file: its conversation states,
   * dossiers, LDOS): their reads are served from memory after the first, so a turn reads its
   * state without a trip to the database. Writes still go to the database first; a failed
   * write drops the cached copy, so the next read asks the database again. LRU, `maxEntries`.
   */
  cacheReads?: { of: (key: string) => boolean; maxEntries: number };
}

/**
 * DocumentStore over any Keyv instance.
 *
 * Conditional writes are atomic only within this process: every write or delete of a key
 * runs under a per-key lock (read, compare, write). That is enough for SQLite, which one
 * bot process owns; shared databases use PostgresDocumentStore / RedisDocumentStore,
 * whose compare-and-set runs in the backend.
 */
export class KeyvDocumentStore implements DocumentStore {
  private readonly lock = new KeyedLock();
  private readonly backend: string;
  private lastError: unknown;
  private closed = false;
  /** Whether reads need a copy: a Keyv without serializer hands out the stored objects themselves. */
  private readonly copyOnRead: boolean;
  /** key → the stored JSON and eTag, least recently used first; only keys `cacheReads.of` accepts. */
  private readonly cache = new Map<string, { json: string; eTag: string }>();

  constructor(
    private readonly keyv: Keyv,
    private readonly options: KeyvDocumentStoreOptions = {},
  ) {
    if (keyv.namespace === KEY_PREFIX.slice(0, -1)) {
      throw new Error(`KeyvDocumentStore: Keyv namespace "${keyv.namespace}" would collide with its key prefix.`);
    }
    // A swallowed read error would look like a missing document and invite an overwrite.
    keyv.throwOnErrors = true;
    keyv.on('error', (error: unknown) => {
      this.lastError = error;
    });
    this.backend = options.backend ?? 'keyv';
    this.copyOnRead = !keyv.serialize || !keyv.deserialize;
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    if (this.isCached(key)) return this.getCached<T>(key);
    return toVersioned<T>(await this.readStored(key), this.copyOnRead);
  }

  async getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    if (keys.length === 0) return [];
    // One key (the conversation state, every turn): a plain lookup is cheaper than Keyv's batch query.
    if (keys.length === 1 || keys.some((key) => this.isCached(key))) return Promise.all(keys.map((key) => this.get<T>(key)));
    let stored: (StoredDocument | undefined)[];
    try {
      stored = (await this.keyv.get(keys.map((key) => KEY_PREFIX + key))) as (StoredDocument | undefined)[];
    } catch (error) {
      // One document of the batch does not parse: read them one by one, to name it.
      if (error instanceof SyntaxError) return Promise.all(keys.map((key) => this.get<T>(key)));
      throw error;
    }
    return stored.map((doc) => toVersioned<T>(doc, this.copyOnRead));
  }

  async set<T>(key: string, value: T, condition: WriteCondition = {}): Promise<string> {
    const json = toStoredJson(key, value);
    this.refuseIfBroken();
    return this.lock.run(key, async () => {
      // An unconditional write (e.g. conversation state, written every turn) needs no read.
      if (hasCondition(condition)) {
        const current = await this.storedETag(key);
        if (!conditionHolds(current, condition)) throw new ETagConflictError(key);
      }
      const eTag = newETag();
      // A Keyv with a serializer writes the same JSON text from the value itself; only one that
      // keeps objects (no serializer) needs a copy, so later changes by the caller stay out.
      const doc: StoredDocument = { eTag, value: this.copyOnRead ? JSON.parse(json) : value };
      try {
        await this.keyv.set(KEY_PREFIX + key, doc);
      } catch (error) {
        this.cache.delete(key);
        throw error;
      }
      if (this.isCached(key)) this.remember(key, json, eTag);
      return eTag;
    });
  }

  async delete(key: string, condition: Pick<WriteCondition, 'ifMatch'> = {}): Promise<boolean> {
    this.refuseIfBroken();
    return this.lock.run(key, async () => {
      // Without a condition the stored text is not read: a document that is not valid JSON can still be removed.
      if (!hasCondition(condition)) {
        this.cache.delete(key);
        return this.keyv.delete(KEY_PREFIX + key);
      }
      const current = await this.storedETag(key);
      if (!conditionHolds(current, condition)) throw new ETagConflictError(key);
      if (!current) return false;
      this.cache.delete(key);
      return this.keyv.delete(KEY_PREFIX + key);
    });
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: this.backend, detail: 'closed' };
    try {
      const broken = this.options.brokenBy?.();
      if (broken) return { ok: false, backend: this.backend, detail: broken };
      // A write, not a read: a store that reads but cannot write would tell users "saved" for nothing.
      await this.set(healthProbeKey(hostname()), { at: new Date().toISOString() });
      const degraded = this.options.degradedBy?.();
      return { ok: true, backend: this.backend, ...(degraded ? { detail: degraded } : {}) };
    } catch (error) {
      return { ok: false, backend: this.backend, detail: describe(error ?? this.lastError) };
    }
  }

  /** Waits for writes in flight, then closes the Keyv store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.idle();
    await this.keyv.disconnect();
    await this.options.onClose?.();
  }

  /**
   * A write into a store that is broken (the SQLite file deleted under the bot) would succeed
   * and be lost at restart: the user would be told "saved" for nothing. Refused instead.
   */
  private refuseIfBroken(): void {
    const broken = this.options.brokenBy?.();
    if (broken) throw new Error(`store refuses writes: ${broken}`);
  }

  /** Keys currently locked; exposed so tests can check the lock map drains. */
  get lockedKeyCount(): number {
    return this.lock.size;
  }

  /** The stored eTag, all a write condition needs: from the cached copy without parsing it. */
  private async storedETag(key: string): Promise<{ eTag: string } | undefined> {
    return this.cache.get(key) ?? (await this.readStored(key));
  }

  /** The stored document; one whose text is not JSON is named (CorruptDocumentError), not quoted. */
  private async readStored(key: string): Promise<StoredDocument | undefined> {
    try {
      return (await this.keyv.get(KEY_PREFIX + key)) as StoredDocument | undefined;
    } catch (error) {
      if (error instanceof SyntaxError) throw new CorruptDocumentError(key);
      throw error;
    }
  }

  private isCached(key: string): boolean {
    return this.options.cacheReads?.of(key) ?? false;
  }

  private async getCached<T>(key: string): Promise<Versioned<T> | undefined> {
    const cached = this.cache.get(key);
    if (cached) this.remember(key, cached.json, cached.eTag); // most recently used
    // A miss reads under the key's lock, so a write finishing meanwhile cannot be overwritten by this older read.
    const entry = cached ?? (await this.lock.run(key, async () => this.cache.get(key) ?? this.readIntoCache(key)));
    if (!entry) return undefined;
    // Parsed on every read: the caller gets its own copy to change.
    return { value: JSON.parse(entry.json) as T, eTag: entry.eTag };
  }

  private async readIntoCache(key: string): Promise<{ json: string; eTag: string } | undefined> {
    const stored = await this.readStored(key);
    if (!stored) return undefined;
    const entry = { json: JSON.stringify(stored.value), eTag: stored.eTag };
    this.remember(key, entry.json, entry.eTag);
    return entry;
  }

  private remember(key: string, json: string, eTag: string): void {
    this.cache.delete(key);
    this.cache.set(key, { json, eTag });
    if (this.cache.size > (this.options.cacheReads?.maxEntries ?? 0)) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
  }
}

/** The one place that decides whether a write condition holds for the stored eTag. */
export function conditionHolds(current: { eTag: string } | undefined, condition: WriteCondition): boolean {
  if (condition.ifNoneMatch === '*' && current !== undefined) return false;
  if (condition.ifMatch !== undefined && condition.ifMatch !== '*') {
    return current !== undefined && current.eTag === condition.ifMatch;
  }
  return true;
}

const hasCondition = (c: WriteCondition): boolean => c.ifNoneMatch === '*' || (c.ifMatch !== undefined && c.ifMatch !== '*');

function toVersioned<T>(stored: StoredDocument | undefined | null, copy: boolean): Versioned<T> | undefined {
  if (stored === undefined || stored === null) return undefined;
  // A fresh object every time, so callers can mutate what they read: deserializing already
  // makes one; a Keyv without serializer (objects kept as they are) needs a copy.
  return { eTag: stored.eTag, value: (copy ? structuredClone(stored.value) : stored.value) as T };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
