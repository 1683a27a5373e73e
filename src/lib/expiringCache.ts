/**
 * A small in-process cache for documents that change rarely but are read on every turn (the
 * school, the user behind a turn). Entries expire after `ttlMs`, so a change written by
 * another process (the admin CLI, another instance) shows within that time; the least
 * recently used entry goes first when `maxEntries` is reached. Values are JSON documents,
 * kept as JSON text: every lookup parses its own copy, so a caller that changes what it got
 * does not change the cache.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { json: string | undefined; until: number }>();
  /** Counts deletes: a value read from the store before one may be older than the write behind it. */
  private deletes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The fresh cached value, else what `read` gives. That is kept if `keep` accepts it, unless
   * a write came through this cache while it was being read (it may be older than that write).
   */
  async getOrRead(key: string, read: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const cached = this.lookup(key);
    if (cached) return cached.value;
    const readAt = this.deletes;
    const value = await read();
    if (keep(value) && readAt === this.deletes) this.set(key, value);
    return value;
  }

  /** Runs a write of `key`'s document. The cached copy goes before and after it, so a read overlapping the write is not kept. */
  async writing<T>(key: string, write: () => Promise<T>): Promise<T> {
    this.delete(key);
    try {
      return await write();
    } finally {
      this.delete(key);
    }
  }

  /** `{ value }` while fresh (the value may itself be undefined: "known to be absent"). */
  private lookup(key: string): { value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used last
    return { value: entry.json === undefined ? (undefined as V) : (JSON.parse(entry.json) as V) };
  }

  private set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { json: value === undefined ? undefined : JSON.stringify(value), until: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Drops the cached copy: the next lookup reads (a caller that knows the copy is stale). */
  forget(key: string): void {
    this.delete(key);
  }

  private delete(key: string): void {
    this.deletes += 1;
    this.entries.delete(key);
  }
}
