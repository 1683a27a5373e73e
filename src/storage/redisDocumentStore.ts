import { hostname } from 'node:os';
import { createClient } from '@redis/client';
import { DocumentStore, ETagConflictError, healthProbeKey, parseStoredJson, StoreHealth, Versioned, WriteCondition } from './documentStore';
import { newETag, toStoredJson } from './eTag';

/**
 * DocumentStore on Redis, for several bot instances sharing one server.
 *
 * Layout (our own, not Keyv's): one hash per document at `${prefix}${key}` (default prefix
 * `oso:doc:`) with the fields `etag` and `value` (the document's JSON text). Conditional
 * writes and deletes are Lua scripts (EVAL), which Redis runs atomically: compare the
 * stored etag and write in one step, so two instances racing on one key get exactly one
 * winner. No expiry is set; the server should persist (AOF/RDB) for data to survive it.
 */
export interface RedisDocumentStoreOptions {
  keyPrefix?: string;
}

type RedisClient = ReturnType<typeof createClient>;

// ARGV: mode ('any' | 'absent' | 'match'), expected etag, new etag, value
const SET_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'etag')
if ARGV[1] == 'absent' and current then return 0 end
if ARGV[1] == 'match' and current ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'etag', ARGV[3], 'value', ARGV[4])
return 1`;

// ARGV: mode ('any' | 'match'), expected etag. Returns -1 on conflict, else keys deleted.
const DELETE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'etag')
if ARGV[1] == 'match' and current ~= ARGV[2] then return -1 end
return redis.call('DEL', KEYS[1])`;

export class RedisDocumentStore implements DocumentStore {
  private readonly client: RedisClient;
  private readonly keyPrefix: string;
  private readonly ready: Promise<unknown>;
  private lastError: unknown;
  private closed = false;

  constructor(url: string, options: RedisDocumentStoreOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'oso:doc:';
    // While the connection is down, commands fail at once instead of queueing until it is back:
    // the user is told to try again (onTurnError) instead of the channel timing out on a turn.
    this.client = createClient({ url, socket: { connectTimeout: 10_000 }, disableOfflineQueue: true });
    // Connection errors are reported here while the client reconnects; without a listener
    // they would crash the process.
    this.client.on('error', (error: unknown) => {
      this.lastError = error;
    });
    this.ready = this.client.connect();
    this.ready.catch((error: unknown) => {
      this.lastError = error;
    });
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const [doc] = await this.getMany<T>([key]);
    return doc;
  }

  async getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    await this.ready;
    // Commands issued together are pipelined by the client.
    const rows = await Promise.all(keys.map((key) => this.client.hmGet(this.keyPrefix + key, ['etag', 'value'])));
    return rows.map(([eTag, value], i) =>
      eTag === null || value === null || eTag === undefined || value === undefined
        ? undefined
        : { eTag: String(eTag), value: parseStoredJson<T>(keys[i], String(value)) },
    );
  }

  async set<T>(key: string, value: T, condition: WriteCondition = {}): Promise<string> {
    const json = toStoredJson(key, value);
    const eTag = newETag();
    const ifMatch = condition.ifMatch !== undefined && condition.ifMatch !== '*' ? condition.ifMatch : undefined;
    if (condition.ifNoneMatch === '*' && ifMatch !== undefined) throw new ETagConflictError(key);
    const mode = condition.ifNoneMatch === '*' ? 'absent' : ifMatch !== undefined ? 'match' : 'any';
    await this.ready;
    const written = await this.client.eval(SET_SCRIPT, {
      keys: [this.keyPrefix + key],
      arguments: [mode, ifMatch ?? '', eTag, json],
    });
    if (Number(written) !== 1) throw new ETagConflictError(key);
    return eTag;
  }

  async delete(key: string, condition: Pick<WriteCondition, 'ifMatch'> = {}): Promise<boolean> {
    const ifMatch = condition.ifMatch !== undefined && condition.ifMatch !== '*' ? condition.ifMatch : undefined;
    await this.ready;
    const deleted = Number(
      await this.client.eval(DELETE_SCRIPT, {
        keys: [this.keyPrefix + key],
        arguments: [ifMatch !== undefined ? 'match' : 'any', ifMatch ?? ''],
      }),
    );
    if (deleted < 0) throw new ETagConflictError(key);
    return deleted > 0;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: 'redis', detail: 'closed' };
    try {
      // A write, not a ping: a server that answers but refuses writes (out of memory, a read-only replica) is not healthy.
      await withTimeout(
        this.ready.then(() => this.set(healthProbeKey(hostname()), { at: new Date().toISOString() })),
        2_000,
      );
      return { ok: true, backend: 'redis' };
    } catch (error) {
      return { ok: false, backend: 'redis', detail: describe(this.lastError ?? error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.client.isReady) {
      // Not connected (still connecting or retrying): nothing to wait for, drop the socket.
      if (this.client.isOpen) this.client.destroy();
      return;
    }
    // Waits for commands in flight.
    await this.client.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
