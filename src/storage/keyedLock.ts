/**
 * Per-key async mutex: callers for one key run one after another, callers for different
 * keys run in parallel. An entry lives only while someone holds or waits for its key, so
 * the map does not grow with the number of keys ever touched.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // Only the last waiter in the chain removes the entry; a newer waiter owns it otherwise.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Number of keys currently locked or waited for. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when everything queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) {
      await Promise.all(this.tails.values());
    }
  }
}
