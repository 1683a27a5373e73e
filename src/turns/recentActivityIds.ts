/**
 * The activity ids this process finished recently, per conversation, with a fixed bound on
 * memory: the oldest entry goes when the bound is reached (insertion order of a Map).
 * A fast first check only; the ids that must survive a restart live in conversation state.
 */
export class RecentActivityIds {
  private readonly seen = new Map<string, true>();

  constructor(private readonly capacity = 10_000) {}

  has(conversationId: string, activityId: string): boolean {
    return this.seen.has(keyOf(conversationId, activityId));
  }

  add(conversationId: string, activityId: string): void {
    const key = keyOf(conversationId, activityId);
    this.seen.delete(key);
    this.seen.set(key, true);
    while (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}

const keyOf = (conversationId: string, activityId: string): string => `${conversationId}\u0000${activityId}`;
