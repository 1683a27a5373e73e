/**
 * The checkpoint worker ending on its own must reach the bot as a reason it can log and report
 * (createDocumentStore → /healthz), never as a crash of the process that answers users.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyvDocumentStore } from '../../src/storage/keyvDocumentStore';
import { startWalCheckpointer } from '../../src/storage/walCheckpointer';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('WAL checkpoint worker', () => {
  it('that cannot open its file stops, says why, and leaves the process running', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oso-wal-'));
    const missing = path.join(dir, 'not-there', 'bot.sqlite');
    const stopped = new Promise<unknown>((resolve) => {
      startWalCheckpointer(missing, { intervalMs: 50, busyTimeoutMs: 100, onStopped: resolve });
    });
    const error = await stopped;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/directory does not exist|unable to open/i);
    // Had the worker's error reached this thread uncaught, vitest would fail the run here.
    await new Promise((r) => setTimeout(r, 50));
  });

  it('closed on purpose does not count as stopped', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oso-wal-'));
    let stoppedWith: unknown = 'not called';
    const checkpointer = startWalCheckpointer(path.join(dir, 'bot.sqlite'), {
      intervalMs: 50,
      busyTimeoutMs: 100,
      onStopped: (error) => (stoppedWith = error),
    });
    await new Promise((r) => setTimeout(r, 120));
    await checkpointer.close();
    expect(stoppedWith).toBe('not called');
  });
});

describe('store health while degraded', () => {
  it('stays ok (the store works) and names what is wrong', async () => {
    let degraded: string | undefined;
    const store = new KeyvDocumentStore(new Keyv(), { backend: 'memory', degradedBy: () => degraded });
    expect(await store.health()).toEqual({ ok: true, backend: 'memory' });
    degraded = 'WAL checkpoint worker stopped (disk I/O error); SQLite checkpoints on writes again';
    expect(await store.health()).toEqual({ ok: true, backend: 'memory', detail: degraded });
    await store.close();
  });
});
