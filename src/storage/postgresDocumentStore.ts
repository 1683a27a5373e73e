import { hostname } from 'node:os';
import { Pool } from 'pg';
import { DocumentStore, ETagConflictError, healthProbeKey, parseStoredJson, StoreHealth, Versioned, WriteCondition } from './documentStore';
import { newETag, toStoredJson } from './eTag';

/**
 * DocumentStore on PostgreSQL, for several bot instances sharing one database.
 *
 * Layout (our own, not Keyv's): one table
 *
 *   oso_documents(key text PRIMARY KEY, etag text NOT NULL, value text NOT NULL,
 *                 updated_at timestamptz NOT NULL)
 *
 * `value` is the document's JSON text. The eTag has its own column so that a conditional
 * write is a single statement compared in the database — `UPDATE … WHERE etag = $expected`
 * or `INSERT … ON CONFLICT DO NOTHING` — and two instances racing on one key get exactly
 * one winner. Each store owns its own connection pool.
 */
export interface PostgresDocumentStoreOptions {
  table?: string;
  /** Connections in the pool; default 5. */
  maxConnections?: number;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

export class PostgresDocumentStore implements DocumentStore {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly ready: Promise<void>;
  private lastError: unknown;
  private closed = false;

  constructor(url: string, options: PostgresDocumentStoreOptions = {}) {
    this.table = options.table ?? 'oso_documents';
    if (!TABLE_NAME.test(this.table)) throw new Error(`PostgresDocumentStore: invalid table name "${this.table}".`);
    this.pool = new Pool({
      connectionString: url,
      max: options.maxConnections ?? 5,
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection that drops emits here; without a listener it would crash the process.
    this.pool.on('error', (error) => {
      this.lastError = error;
    });
    this.ready = this.createTable();
    // Surfaced by the first operation or health(); avoid an unhandled rejection meanwhile.
    this.ready.catch((error: unknown) => {
      this.lastError = error;
    });
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const [doc] = await this.getMany<T>([key]);
    return doc;
  }

  async getMany<T>(keys: readonly string[]): Promise<(Versioned<T> | undefined)[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.query<{ key: string; etag: string; value: string }>(
      `SELECT key, etag, value FROM ${this.table} WHERE key = ANY($1::text[])`,
      [keys],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => {
      const row = byKey.get(key);
      return row ? { eTag: row.etag, value: parseStoredJson<T>(row.key, row.value) } : undefined;
    });
  }

  async set<T>(key: string, value: T, condition: WriteCondition = {}): Promise<string> {
    const json = toStoredJson(key, value);
    const eTag = newETag();
    const ifMatch = condition.ifMatch !== undefined && condition.ifMatch !== '*' ? condition.ifMatch : undefined;
    let changed: number;
    if (condition.ifNoneMatch === '*') {
      // Create-only; combined with a real ifMatch it can never hold (nothing to match).
      if (ifMatch !== undefined) throw new ETagConflictError(key);
      changed = await this.execute(
        `INSERT INTO ${this.table} (key, etag, value, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (key) DO NOTHING`,
        [key, eTag, json],
      );
    } else if (ifMatch !== undefined) {
      changed = await this.execute(
        `UPDATE ${this.table} SET etag = $2, value = $3, updated_at = now() WHERE key = $1 AND etag = $4`,
        [key, eTag, json, ifMatch],
      );
    } else {
      changed = await this.execute(
        `INSERT INTO ${this.table} (key, etag, value, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = excluded.updated_at`,
        [key, eTag, json],
      );
    }
    if (changed !== 1) throw new ETagConflictError(key);
    return eTag;
  }

  async delete(key: string, condition: Pick<WriteCondition, 'ifMatch'> = {}): Promise<boolean> {
    if (condition.ifMatch !== undefined && condition.ifMatch !== '*') {
      const changed = await this.execute(`DELETE FROM ${this.table} WHERE key = $1 AND etag = $2`, [
        key,
        condition.ifMatch,
      ]);
      if (changed !== 1) throw new ETagConflictError(key);
      return true;
    }
    return (await this.execute(`DELETE FROM ${this.table} WHERE key = $1`, [key])) > 0;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: 'postgres', detail: 'closed' };
    try {
      // A write, not a read: a database that reads but cannot write (read-only, disk full) is not healthy.
      await this.set(healthProbeKey(hostname()), { at: new Date().toISOString() });
      return { ok: true, backend: 'postgres' };
    } catch (error) {
      return { ok: false, backend: 'postgres', detail: describe(error ?? this.lastError) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }

  private async createTable(): Promise<void> {
    try {
      await this.pool.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
           key text PRIMARY KEY,
           etag text NOT NULL,
           value text NOT NULL,
           updated_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
    } catch (error) {
      // Two instances starting together can both try to create it; the loser sees one of these:
      // unique violation (23505), duplicate table (42P07), or duplicate row type (42710,
      // 'type "…" already exists'; seen in CI when a test opened two stores at once).
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P07' && code !== '42710') throw error;
    }
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    await this.ready;
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  private async execute(sql: string, params: unknown[]): Promise<number> {
    return (await this.query(sql, params)).rowCount;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
