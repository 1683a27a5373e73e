/**
 * The conversations of the local Direct Line endpoint. Each conversation keeps the activities
 * of both sides with a watermark, which is all Web Chat's polling needs.
 *
 * Restart-safe: with a document store (the bot's own) every conversation and its last
 * `persistActivities` activities are written there after each change, so after a restart a
 * tab that keeps polling, or a reloaded page that asks for the whole conversation again, gets
 * it back as it was. The token carries the conversation id and the user, so a conversation
 * the store does not have (no document store, or one long pruned) is re-created empty; the
 * bot's dialog state is in the store under the same conversation id either way. Watermarks
 * come from a clock-based counter, so the new process's watermarks are larger than the old
 * ones and the tab's watermark stays valid.
 *
 * Bounded in memory: conversations idle for longer than `idleMs` leave memory, at most
 * `maxConversations` are kept there, and each keeps its last `maxActivities` activities. In
 * the document store each conversation is one document of at most `persistActivities`
 * activities; they stay with the store (local mode only: one person trying the bot).
 */
import { randomBytes } from 'node:crypto';
import type { DocumentStore } from '../storage/documentStore';

export interface DirectLineUser {
  id: string;
  name?: string;
}

/** An activity as stored and served: the Bot Framework JSON with id, timestamp and watermark. */
export interface StoredActivity {
  type: string;
  id: string;
  timestamp: string;
  conversation: { id: string };
  from: { id: string; name?: string; role?: string };
  [key: string]: unknown;
}

/** What `append` needs: the rest (id, timestamp, conversation) it fills in. */
export interface NewActivity {
  type: string;
  from: StoredActivity['from'];
  timestamp?: string;
  [key: string]: unknown;
}

interface Entry {
  seq: number;
  activity: StoredActivity;
}

export interface DirectLineConversation {
  id: string;
  user: DirectLineUser;
  /** Set once the client has started it (POST /conversations), so the welcome is sent once. */
  started: boolean;
  lastUsed: number;
  entries: Entry[];
  /** Turns of one conversation go to the bot one after another, in the order they came. */
  queue: Promise<unknown>;
  /** Persistence: a write is running, and whether another change came in meanwhile. */
  saving?: Promise<void>;
  dirty?: boolean;
}

/** What is written to the document store per conversation. */
interface PersistedConversation {
  user: DirectLineUser;
  started: boolean;
  entries: Entry[];
}

export interface StoreLimits {
  idleMs: number;
  maxConversations: number;
  maxActivities: number;
  /** Activities written to the document store per conversation (a reload shows these). */
  persistActivities: number;
}

export const DEFAULT_LIMITS: StoreLimits = { idleMs: 2 * 60 * 60 * 1000, maxConversations: 500, maxActivities: 1000, persistActivities: 300 };

const documentKey = (conversationId: string): string => `webchat:gesprek:${conversationId}`;

const TOKEN_PREFIX = 'oso-dl.';
const USER_ID = /^[A-Za-z0-9_:.@-]{1,128}$/;

export class DirectLineStore {
  private readonly conversations = new Map<string, DirectLineConversation>();
  private readonly loading = new Map<string, Promise<DirectLineConversation | undefined>>();
  private lastSeq = 0;

  constructor(
    private readonly limits: StoreLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly documents?: DocumentStore,
    private readonly onPersistError: (err: unknown) => void = () => undefined,
  ) {}

  get size(): number {
    return this.conversations.size;
  }

  /** A new conversation for `user`, and the token that gives access to it. */
  create(user: DirectLineUser): { conversation: DirectLineConversation; token: string } {
    this.prune();
    const id = randomBytes(16).toString('base64url');
    const conversation = this.add(id, normalizeUser(user));
    return { conversation, token: tokenFor(conversation) };
  }

  /**
   * The conversation a token opens: from memory, else from the document store (after a
   * restart), else re-created empty and already started. Undefined for a malformed token or
   * another conversation.
   */
  async byToken(token: string | undefined, conversationId?: string): Promise<DirectLineConversation | undefined> {
    const claims = parseToken(token);
    if (!claims || (conversationId !== undefined && conversationId !== claims.conversationId)) return undefined;
    const known = await this.find(claims.conversationId);
    if (known) {
      known.lastUsed = this.now();
      return known;
    }
    this.prune();
    const revived = this.add(claims.conversationId, claims.user);
    revived.started = true;
    return revived;
  }

  /** The conversation with this id, from memory or the document store (connector side: the bot's posts). */
  async find(conversationId: string): Promise<DirectLineConversation | undefined> {
    const known = this.conversations.get(conversationId);
    if (known || !this.documents) return known;
    let pending = this.loading.get(conversationId);
    if (!pending) {
      pending = this.load(conversationId).finally(() => this.loading.delete(conversationId));
      this.loading.set(conversationId, pending);
    }
    return pending;
  }

  /** The conversation with this id if it is in memory. */
  get(conversationId: string): DirectLineConversation | undefined {
    return this.conversations.get(conversationId);
  }

  /** The user's activity that carried this clientActivityID (Web Chat's own id for what it sent), if any. */
  sentByClient(conversation: DirectLineConversation, clientActivityID: string): StoredActivity | undefined {
    return conversation.entries.find(
      (e) => e.activity.from.role === 'user' && (e.activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID === clientActivityID,
    )?.activity;
  }

  /** Resolves when every change to the conversation so far is in the document store. */
  async flush(conversation: DirectLineConversation): Promise<void> {
    while (conversation.saving) await conversation.saving;
  }

  tokenFor(conversation: DirectLineConversation): string {
    return tokenFor(conversation);
  }

  /** Appends an activity, giving it an id, a timestamp and the next watermark. */
  append(conversation: DirectLineConversation, activity: NewActivity): StoredActivity {
    const seq = this.nextSeq();
    const stored: StoredActivity = {
      ...activity,
      id: `${conversation.id}|${String(seq)}`,
      timestamp: activity.timestamp ?? new Date(this.now()).toISOString(),
      conversation: { id: conversation.id },
    };
    conversation.entries.push({ seq, activity: stored });
    if (conversation.entries.length > this.limits.maxActivities) {
      conversation.entries.splice(0, conversation.entries.length - this.limits.maxActivities);
    }
    conversation.lastUsed = this.now();
    this.persist(conversation);
    return stored;
  }

  /** Marks the conversation as changed; one write at a time per conversation, the last state wins. */
  persist(conversation: DirectLineConversation): void {
    const documents = this.documents;
    if (!documents) return;
    conversation.dirty = true;
    if (conversation.saving) return;
    conversation.saving = (async () => {
      while (conversation.dirty) {
        conversation.dirty = false;
        const snapshot: PersistedConversation = {
          user: conversation.user,
          started: conversation.started,
          entries: conversation.entries.slice(-this.limits.persistActivities),
        };
        try {
          await documents.set(documentKey(conversation.id), snapshot);
        } catch (err) {
          this.onPersistError(err);
        }
      }
      conversation.saving = undefined;
    })();
  }

  /** Activities after `watermark` and the watermark to ask with next time. */
  since(conversation: DirectLineConversation, watermark: string | undefined): { activities: StoredActivity[]; watermark: string } {
    conversation.lastUsed = this.now();
    const after = watermark && /^\d+$/.test(watermark) ? Number(watermark) : -1;
    const fresh = conversation.entries.filter((e) => e.seq > after);
    const last = conversation.entries.at(-1)?.seq;
    return {
      activities: fresh.map((e) => e.activity),
      watermark: String(fresh.at(-1)?.seq ?? (after >= 0 ? after : (last ?? ''))),
    };
  }

  private async load(id: string): Promise<DirectLineConversation | undefined> {
    let doc: PersistedConversation | undefined;
    try {
      doc = (await this.documents!.get<PersistedConversation>(documentKey(id)))?.value;
    } catch (err) {
      this.onPersistError(err);
      return undefined;
    }
    if (!doc || !Array.isArray(doc.entries) || typeof doc.user?.id !== 'string') return undefined;
    const known = this.conversations.get(id); // created meanwhile by this process
    if (known) return known;
    this.prune();
    const conversation = this.add(id, normalizeUser(doc.user));
    conversation.started = doc.started === true;
    conversation.entries = doc.entries.filter((e) => typeof e?.seq === 'number' && e.activity && typeof e.activity.id === 'string');
    this.lastSeq = Math.max(this.lastSeq, conversation.entries.at(-1)?.seq ?? 0);
    return conversation;
  }

  private add(id: string, user: DirectLineUser): DirectLineConversation {
    const conversation: DirectLineConversation = { id, user, started: false, lastUsed: this.now(), entries: [], queue: Promise.resolve() };
    this.conversations.set(id, conversation);
    return conversation;
  }

  /** Clock-based and strictly increasing, so a restarted process continues above the old one. */
  private nextSeq(): number {
    this.lastSeq = Math.max(this.lastSeq + 1, this.now() * 1000);
    return this.lastSeq;
  }

  private prune(): void {
    const cutoff = this.now() - this.limits.idleMs;
    // Idle ones leave memory only: a tab that comes back later still finds them in the document store.
    for (const [id, c] of this.conversations) if (c.lastUsed < cutoff) this.conversations.delete(id);
    if (this.conversations.size < this.limits.maxConversations) return;
    const oldestFirst = [...this.conversations.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const c of oldestFirst.slice(0, this.conversations.size - this.limits.maxConversations + 1)) this.conversations.delete(c.id);
  }
}

/**
 * Local mode has no authentication at all (anyone who may reach /api/messages may say
 * anything), so the token is not a secret: it only ties a browser tab to its conversation and
 * user, and lets the conversation be re-created after a restart.
 */
function tokenFor(conversation: DirectLineConversation): string {
  const payload = { c: conversation.id, u: conversation.user.id, n: conversation.user.name };
  return TOKEN_PREFIX + Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function parseToken(token: string | undefined): { conversationId: string; user: DirectLineUser } | undefined {
  if (!token?.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, u, n } = payload;
    if (typeof c !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(c) || typeof u !== 'string' || !USER_ID.test(u)) return undefined;
    return { conversationId: c, user: normalizeUser({ id: u, name: typeof n === 'string' ? n : undefined }) };
  } catch {
    return undefined;
  }
}

function normalizeUser(user: DirectLineUser): DirectLineUser {
  const id = USER_ID.test(user.id) ? user.id : `webchat-${randomBytes(6).toString('hex')}`;
  const name = user.name?.trim().slice(0, 80) || undefined;
  return name ? { id, name } : { id };
}
