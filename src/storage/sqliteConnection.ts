import Database from 'better-sqlite3';

/** The query/close pair @keyv/sqlite runs its SQL through. */
export interface SqliteConnection {
  query(sql: string, ...params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * The connection @keyv/sqlite's SQL runs on: better-sqlite3, which runs each query on the
 * calling thread, with one prepared statement kept per SQL text.
 *
 * Why not the sqlite3 driver @keyv/sqlite brings: it sends every query through libuv's thread
 * pool and back, and runs the queries of one statement one after the other, each started from
 * the main thread. A turn waited ~0.4 ms for its one state write with the process idle, and
 * under load the writes queued behind the event loop (docs/benchmarks.md, fourth round).
 * A query here costs tens of microseconds of the main thread instead, which is less than the
 * hand-off alone. A busy database (the admin CLI writing) makes a query wait up to
 * `busyTimeoutMs` on the main thread; the CLI's writes are single-row commits, so that wait
 * is short.
 */
export async function openSqliteConnection(
  file: string,
  options: { busyTimeoutMs: number; maxStatements?: number },
): Promise<SqliteConnection> {
  const db = new Database(file, { timeout: options.busyTimeoutMs });
  return new CachedStatementConnection(db, options.maxStatements ?? 32);
}

class CachedStatementConnection implements SqliteConnection {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly maxStatements: number,
  ) {}

  // async: a bad query rejects like the driver's did, instead of throwing at the caller.
  query = async (sql: string, ...params: unknown[]): Promise<unknown[]> => {
    const statement = this.prepared(sql);
    if (statement.reader) return statement.all(...params);
    statement.run(...params);
    return [];
  };

  close = async (): Promise<void> => {
    this.statements.clear();
    if (this.db.open) this.db.close();
  };

  private prepared(sql: string): Database.Statement {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    // A statement that does not prepare (bad SQL) throws here and is not kept.
    const statement = this.db.prepare(sql);
    if (this.statements.size >= this.maxStatements) {
      this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
