/**
 * Runs the turns of one conversation one after another, and turns of different
 * conversations in parallel. botbuilder saves conversation state with eTag '*' (last writer
 * wins, botbuilder-js #705), so two overlapping turns of one conversation would silently
 * throw away one turn's answer; ordering them is the bot's job.
 *
 * An entry exists only while a conversation has a turn running or waiting, so the map holds
 * at most the conversations active right now. A conversation with too many turns waiting is
 * refused instead of queued (a stuck turn must not collect requests without end).
 */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`Too many turns waiting for this conversation (${waiting}).`);
    this.name = 'QueueFullError';
  }
}

interface Lane {
  tail: Promise<void>;
  /** Turns running or waiting in this lane. */
  count: number;
}

export class ConversationQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly maxPerConversation = 50) {}

  async run<T>(conversationId: string, turn: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(conversationId);
    if (!lane) {
      lane = { tail: Promise.resolve(), count: 0 };
      this.lanes.set(conversationId, lane);
    }
    if (lane.count >= this.maxPerConversation) throw new QueueFullError(lane.count);
    lane.count++;
    const previous = lane.tail;
    let release!: () => void;
    lane.tail = new Promise<void>((resolve) => (release = resolve));
    const current = lane;
    try {
      await previous;
      return await turn();
    } finally {
      release();
      current.count--;
      if (current.count === 0 && this.lanes.get(conversationId) === current) this.lanes.delete(conversationId);
    }
  }

  /** Conversations with a turn running or waiting. */
  get size(): number {
    return this.lanes.size;
  }

  /** Turns running or waiting for one conversation. */
  waiting(conversationId: string): number {
    return this.lanes.get(conversationId)?.count ?? 0;
  }
}
