import sqlite3 from 'sqlite3';

/** The query/close pair @keyv/sqlite runs its SQL through. */
export interface SqliteConnection {
  query(sql: string, ...params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * A sqlite3 connection that prepares each SQL text once and reuses the statement.
 *
 * Why: @keyv/sqlite runs every get and set through `Database#all`, which prepares, runs and
 * finalizes a new statement each time — three trips through libuv's thread pool. Reusing the
 * prepared statement makes it one, which halves what a store operation costs
 * (docs/benchmarks.md). Keyv issues a handful of fixed SQL texts, so the cache stays small;
 * `maxStatements` bounds it anyway.
 */
export async function openSqliteConnection(
  file: string,
  options: { busyTimeoutMs: number; maxStatements?: number },
): Promise<SqliteConnection> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(opened)));
  });
  db.configure('busyTimeout', options.busyTimeoutMs);
  return new CachedStatementConnection(db, options.maxStatements ?? 32);
}

class CachedStatementConnection implements SqliteConnection {
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();

  constructor(
    private readonly db: sqlite3.Database,
    private readonly maxStatements: number,
  ) {}

  query = async (sql: string, ...params: unknown[]): Promise<unknown[]> => {
    const statement = await this.prepared(sql);
    // sqlite3 queues calls on one statement, so concurrent queries with the same SQL are safe;
    // `all` steps to the end and resets, so no read transaction stays open between calls.
    return new Promise((resolve, reject) => {
      statement.all(...params, (error: Error | null, rows: unknown[]) => (error ? reject(error) : resolve(rows)));
    });
  };

  close = async (): Promise<void> => {
    const statements = await Promise.allSettled(this.statements.values());
    this.statements.clear();
    await Promise.all(statements.map((s) => (s.status === 'fulfilled' ? finalize(s.value) : undefined)));
    await new Promise<void>((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  };

  private prepared(sql: string): Promise<sqlite3.Statement> {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    const statement = new Promise<sqlite3.Statement>((resolve, reject) => {
      const prepared: sqlite3.Statement = this.db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(prepared)));
    });
    // A statement that does not prepare (bad SQL) is not kept: the next call reports it again.
    statement.catch(() => this.statements.delete(sql));
    if (this.statements.size >= this.maxStatements) this.evictOldest();
    this.statements.set(sql, statement);
    return statement;
  }

  private evictOldest(): void {
    const [sql, oldest] = this.statements.entries().next().value as [string, Promise<sqlite3.Statement>];
    this.statements.delete(sql);
    // Finalizing waits for queries already queued on the statement.
    oldest.then(finalize, () => undefined);
  }
}

const finalize = (statement: sqlite3.Statement): Promise<void> =>
  new Promise((resolve) => statement.finalize(() => resolve()));
