import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteConnection, type SqliteConnection } from '../../src/storage/sqliteConnection';

describe('SQLite connection with reused prepared statements', () => {
  let dir: string;
  let db: SqliteConnection;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oso-sqliteconn-'));
    db = await openSqliteConnection(path.join(dir, 'x.sqlite'), { busyTimeoutMs: 1_000, maxStatements: 4 });
    await db.query('CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT)');
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each of many concurrent queries with the same SQL its own row', async () => {
    await Promise.all(Array.from({ length: 200 }, (_, i) => db.query('INSERT INTO kv VALUES(?, ?)', `k${i}`, `v${i}`)));
    const rows = await Promise.all(Array.from({ length: 200 }, (_, i) => db.query('SELECT value FROM kv WHERE key = ?', `k${i}`)));
    expect(rows.map((r) => (r[0] as { value: string }).value)).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
  });

  it('takes parameters as a list too (as @keyv/sqlite passes them)', async () => {
    await db.query('INSERT INTO kv VALUES(?, ?)', ['a', '1']);
    expect(await db.query('SELECT value FROM kv WHERE key LIKE ? LIMIT ?', ['a%', 10])).toEqual([{ value: '1' }]);
  });

  it('rejects bad SQL every time and keeps answering good SQL', async () => {
    await expect(db.query('SELEKT 1')).rejects.toThrow(/syntax error/);
    await expect(db.query('SELEKT 1')).rejects.toThrow(/syntax error/);
    expect(await db.query('SELECT 2 AS n')).toEqual([{ n: 2 }]);
  });

  it('keeps answering correctly with more SQL texts than statements it keeps', async () => {
    await db.query('INSERT INTO kv VALUES(?, ?)', 'k', 'v');
    // 12 texts through a cache of 4, interleaved and concurrent: evicted statements finish first.
    const texts = Array.from({ length: 12 }, (_, i) => `SELECT value, ${i} AS n FROM kv WHERE key = ?`);
    const answers = await Promise.all([...texts, ...texts].map((sql) => db.query(sql, 'k')));
    expect(answers.map((r) => (r[0] as { n: number }).n)).toEqual([...texts, ...texts].map((_, i) => i % 12));
  });
});
