import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteConnection, type SqliteConnection } from '../../src/storage/sqliteConnection';

/**
 * Another process writing, as the admin CLI does: it takes the write lock, inserts `key`,
 * and commits after `holdMs`. Resolves once the lock is taken.
 */
async function otherProcessWriting(file: string, key: string, holdMs: number): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO kv VALUES(?, ?)').run(process.argv[2], 'cli');
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[3]));`;
  const child = spawn(process.execPath, ['-e', script, file, key, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return child;
}

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

  it('waits while another process holds the write lock, then writes', async () => {
    const file = path.join(dir, 'x.sqlite');
    const cli = await otherProcessWriting(file, 'cli', 300);
    await db.query('INSERT INTO kv VALUES(?, ?)', 'bot', 'v');
    await once(cli, 'exit');
    expect(await db.query('SELECT key FROM kv ORDER BY key')).toEqual([{ key: 'bot' }, { key: 'cli' }]);
  });

  it('gives up with "database is locked" after its busy timeout, and writes once the lock is gone', async () => {
    const file = path.join(dir, 'x.sqlite');
    const cli = await otherProcessWriting(file, 'cli', 2_500); // longer than the 1 s busy timeout
    await expect(db.query('INSERT INTO kv VALUES(?, ?)', 'bot', 'v')).rejects.toThrow(/database is locked/);
    await once(cli, 'exit');
    await db.query('INSERT INTO kv VALUES(?, ?)', 'bot', 'v');
    expect(await db.query('SELECT key FROM kv ORDER BY key')).toEqual([{ key: 'bot' }, { key: 'cli' }]);
  });
});
