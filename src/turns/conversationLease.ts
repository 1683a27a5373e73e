/**
 * Per-conversation ordering ACROSS bot instances that share one PostgreSQL or Redis store.
 *
 * botbuilder saves conversation state with eTag '*' (last writer wins, botbuilder-js #705).
 * The in-process ConversationQueue orders the turns one process receives; when the turns of
 * one conversation land on two instances, this lease orders them: a small document
 * `turn-lock:<conversationId>` in the shared store, taken with a create-only write (exactly one
 * instance wins — the store's compare-and-set), held for the whole turn (state read, dialogs,
 * the ConversationState write at the end), and released with a delete that only succeeds for
 * the eTag the holder wrote.
 *
 * - Waiters poll with a small, growing, jittered delay, for at most `maxWaitMs`; then the turn
 *   is refused (LeaseTimeoutError) rather than run unordered.
 * - A holder that crashes leaves its lease behind; it expires `ttlMs` after it was last
 *   renewed and a waiter takes it over with an ifMatch write (again exactly one wins).
 *   Expiry compares the instances' wall clocks, so their clocks must agree to well within
 *   `ttlMs` (NTP-synchronised hosts do).
 * - A long turn keeps its lease by renewing it every `ttlMs / 3`.
 *
 * Only for shared backends: SQLite is one process, where the in-process queue is enough.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import { isETagConflict, type DocumentStore } from '../storage/documentStore';
import { PostgresDocumentStore } from '../storage/postgresDocumentStore';
import { RedisDocumentStore } from '../storage/redisDocumentStore';

export const leaseKey = (conversationId: string): string => `turn-lock:${conversationId}`;

/** What the lease document holds. */
export interface LeaseDocument {
  owner: string;
  /** Epoch ms; after this a waiter may take the lease over. */
  expiresAt: number;
}

export interface ConversationLeaseOptions {
  /** How long a lease lives without renewal (a crashed holder blocks at most this long). Default 10 s. */
  ttlMs?: number;
  /**
   * How long a turn waits for the lease before it is refused. Default 12 s: longer than a
   * crashed holder's lease, shorter than the 15 s a channel waits for /api/messages.
   */
  maxWaitMs?: number;
  /** First and largest poll delay. Defaults 5 ms and 50 ms. */
  minPollMs?: number;
  maxPollMs?: number;
  /** Identifies this instance in the lease document (diagnostics). */
  owner?: string;
  logger?: Logger;
}

export class LeaseTimeoutError extends Error {
  constructor(
    readonly conversationId: string,
    readonly waitedMs: number,
  ) {
    super(`Another instance holds the turn lock of this conversation (waited ${waitedMs} ms).`);
    this.name = 'LeaseTimeoutError';
  }
}

/**
 * The store failed (not a conflict) while the lease was being taken: the turn never started,
 * nothing was read or written for it. The handler tells the user to try again.
 */
export class LeaseStoreError extends Error {
  constructor(
    readonly conversationId: string,
    override readonly cause: unknown,
  ) {
    super(`The store failed while taking the turn lock: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'LeaseStoreError';
  }
}

/** Runs turns under a per-conversation lease; the handler's only view of it. */
export interface TurnLease {
  run<T>(conversationId: string, turn: () => Promise<T>): Promise<T>;
}

export class ConversationLease implements TurnLease {
  readonly owner: string;
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;
  private readonly logger?: Logger;

  constructor(
    private readonly store: DocumentStore,
    options: ConversationLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxWaitMs = options.maxWaitMs ?? 12_000;
    this.minPollMs = options.minPollMs ?? 5;
    this.maxPollMs = options.maxPollMs ?? 50;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.logger = options.logger;
  }

  async run<T>(conversationId: string, turn: () => Promise<T>): Promise<T> {
    let held: HeldLease;
    try {
      held = await this.acquire(conversationId);
    } catch (error) {
      if (error instanceof LeaseTimeoutError) throw error;
      throw new LeaseStoreError(conversationId, error);
    }
    try {
      return await turn();
    } finally {
      await held.release();
    }
  }

  /** Waits for the lease (bounded); the caller must call `release()` once the turn is over. */
  async acquire(conversationId: string): Promise<HeldLease> {
    const key = leaseKey(conversationId);
    const started = Date.now();
    const deadline = started + this.maxWaitMs;
    let delay = this.minPollMs;
    for (;;) {
      try {
        const eTag = await this.store.set<LeaseDocument>(key, this.document(), { ifNoneMatch: '*' });
        return new HeldLease(this.store, key, eTag, this.document.bind(this), this.ttlMs, this.logger);
      } catch (error) {
        if (!isETagConflict(error)) throw error;
      }
      const current = await this.store.get<Partial<LeaseDocument>>(key);
      if (current && !(typeof current.value?.expiresAt === 'number' && current.value.expiresAt > Date.now())) {
        // Expired (its holder crashed or stalled): take it over in one compare-and-set, so that
        // of several waiters exactly one gets it.
        try {
          const eTag = await this.store.set<LeaseDocument>(key, this.document(), { ifMatch: current.eTag });
          this.logger?.warn({ conversationId, previousOwner: current.value?.owner }, 'expired turn lock taken over');
          return new HeldLease(this.store, key, eTag, this.document.bind(this), this.ttlMs, this.logger);
        } catch (error) {
          if (!isETagConflict(error)) throw error;
        }
      }
      if (Date.now() >= deadline) throw new LeaseTimeoutError(conversationId, Date.now() - started);
      // Released between our two calls: try again at once; otherwise back off.
      if (current) {
        await sleep(Math.min(delay * (0.5 + Math.random()), deadline - Date.now()));
        delay = Math.min(delay * 2, this.maxPollMs);
      }
    }
  }

  private document(): LeaseDocument {
    return { owner: this.owner, expiresAt: Date.now() + this.ttlMs };
  }
}

/** A lease this instance holds: renewed while the turn runs, deleted (ifMatch) at the end. */
export class HeldLease {
  private renewal: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private lost = false;

  constructor(
    private readonly store: DocumentStore,
    readonly key: string,
    private eTag: string,
    private readonly document: () => LeaseDocument,
    ttlMs: number,
    private readonly logger?: Logger,
  ) {
    this.timer = setInterval(() => {
      this.renewal = this.renewal.then(() => this.renew());
    }, Math.max(1, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    try {
      this.eTag = await this.store.set(this.key, this.document(), { ifMatch: this.eTag });
    } catch (error) {
      if (isETagConflict(error)) {
        this.lost = true;
        this.logger?.warn({ key: this.key }, 'turn lock was taken over while the turn was still running');
      } else {
        // The next renewal tries again; the lease lives ttlMs from the last success.
        this.logger?.warn({ err: error, key: this.key }, 'turn lock renewal failed');
      }
    }
  }

  /** Never rejects: the turn is over either way, and a lease left behind expires by itself. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewal;
    if (this.lost) return;
    try {
      await this.store.delete(this.key, { ifMatch: this.eTag });
    } catch (error) {
      this.logger?.warn(
        { err: isETagConflict(error) ? undefined : error, key: this.key },
        isETagConflict(error) ? 'turn lock was taken over before release' : 'turn lock release failed; it will expire',
      );
    }
  }
}

/** A lease for stores that several instances share (PostgreSQL, Redis); none for SQLite. */
export function conversationLeaseFor(store: DocumentStore, options: ConversationLeaseOptions = {}): ConversationLease | undefined {
  const shared = store instanceof PostgresDocumentStore || store instanceof RedisDocumentStore;
  return shared ? new ConversationLease(store, options) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
