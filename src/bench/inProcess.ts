/**
 * In-process figure: full bench conversations (script.ts) driven through the adapter with
 * the same bot the server runs, on one store. Measures turns per second after a warm-up.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { keys } from '../repositories/keys';
import type { Dossier } from '../domain/dossier';
import type { DocumentStore } from '../storage/documentStore';
import type { SchoolEntry } from '../repositories';
import { FIRST_SCHOOL } from '../repositories';
import { schoolStore } from '../repositories/schoolStore';
import { listSizes, sampleDossiers, seedBoard } from './board';
import type { BoardShape, ListSizes, StoredFigures } from './boardShape';
import { CountingStore } from './countingStore';
import { benchBsn, benchUserId, seedBackground, seedPupils, seedSchool } from './fixtures';
import { benchMessage, createInProcessBot, type InProcessAdapter } from './inProcessBot';
import { assertConversationDone, assertNoTurnError, dossierScript, TURNS_PER_CONVERSATION } from './script';
import { openBenchStore, withBulkSqlite, type StoreKind } from './stores';

export interface InProcessOptions {
  store: StoreKind;
  /** Measured conversations. */
  conversations: number;
  warmup: number;
  /** Other dossiers and conversation states in the store before measuring. */
  background: number;
  /** Conversations running at the same time. */
  concurrency: number;
  /** Count store operations per turn (slower; a profiling aid). */
  countOps?: boolean;
  /**
   * Instead of the bench school alone: a store of this many schools with rosters and a spring
   * wave (src/bench/board.ts), the conversations acting for one of them.
   */
  board?: BoardShape;
}

export interface InProcessResult {
  store: StoreKind;
  background: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  /** Process CPU time (main thread and SQLite's threads) per turn: less sensitive to other load than turns/s. */
  cpuMsPerTurn: number;
  /** What each turn took, one conversation at a time only (with more, a turn also waits for others'). */
  turnMs?: number[];
  opsPerTurn?: Record<string, number>;
  /** With `board`: the acting school's list documents, in bytes, after the measured conversations. */
  lists?: ListSizes;
  /** With `board` on SQLite: what the store held after the measured conversations (all schools, conversation states). */
  stored?: StoredFigures;
}

export const conversationId = (i: number): string => `bench-conversation-${i}`;

/** Runs conversations [from, from + count) with `concurrency` in parallel. */
export async function runConversations(
  bot: InProcessAdapter,
  store: DocumentStore,
  from: number,
  count: number,
  concurrency: number,
  script: (bsn: string) => string[] = dossierScript,
  turnMs?: number[],
  checkStore: DocumentStore = store,
): Promise<void> {
  const check = script === dossierScript;
  let next = from;
  const lane = async () => {
    while (next < from + count) {
      const i = next++;
      const bsn = benchBsn(i);
      for (const text of script(bsn)) {
        const started = performance.now();
        const replies = await bot.send(benchMessage(conversationId(i), { id: benchUserId(i), name: `Medewerker ${i}` }, text));
        turnMs?.push(Math.round((performance.now() - started) * 1000) / 1000);
        assertNoTurnError(replies, `conversation ${i}, "${text}"`);
      }
      if (check) await assertConversationDone(checkStore, bsn);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** A store seeded and warmed up, with the bot on it, ready to measure. */
interface PreparedBench {
  options: InProcessOptions;
  bot: InProcessAdapter;
  store: DocumentStore;
  /** The school the conversations act for, and its view of the store (where their dossiers are). */
  acting: SchoolEntry;
  actingStore: DocumentStore;
  counting?: CountingStore;
  /** Conversations measured so far (they continue after the warm-up's), and what they took. */
  measured: number;
  seconds: number;
  cpuMs: number;
  turnMs?: number[];
  /** Closes and removes the store; with `board` on SQLite, says first what it held. */
  close(): Promise<StoredFigures | undefined>;
}

async function prepare(options: InProcessOptions): Promise<PreparedBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-'));
  const base = await openBenchStore(options.store, dir);
  const close = async () => {
    await base.close();
    // Counted once the bot's connection is closed (a second connection beside it read a short page).
    const stored = options.board && options.store === 'sqlite' && existsSync(path.join(dir, 'bench.sqlite')) ? storedIn(dir) : undefined;
    rmSync(dir, { recursive: true, force: true });
    return stored;
  };
  try {
    const counting = options.countOps ? new CountingStore(base) : undefined;
    const store = counting ?? base;
    let acting = FIRST_SCHOOL;
    if (options.board) {
      // Before the bot reads anything: the SQLite store keeps the bot's own keys in memory once read.
      const scratch = await openBenchStore('memory', dir);
      const sample = await sampleDossiers(scratch);
      await scratch.close();
      const shape = options.board;
      const measured = options.warmup + options.conversations;
      if (options.store === 'sqlite') {
        await withBulkSqlite(dir, async (bulk) => {
          acting = await seedBoard(bulk, shape, sample, measured);
        });
      } else {
        acting = await seedBoard(base, shape, sample, measured);
      }
      if (!(await schoolStore(base, acting.prefix).get(keys.pupil(benchBsn(measured - 1))))) throw new Error('bench: the seeded board is not visible to the bot store');
    } else {
      const { template } = await seedSchool(base);
      await seedPupils(base, template, 0, options.warmup + options.conversations);
    }
    const actingStore = schoolStore(store, acting.prefix);
    const bot = createInProcessBot(store);
    await runConversations(bot, store, 0, options.warmup, 1, dossierScript, undefined, actingStore);

    if (options.background > 0) {
      // Samples in the shapes the bot writes: the warm-up's first dossier and finished state.
      const sampleDossier = (await base.get<Dossier>(keys.dossier(benchBsn(0))))!.value;
      const sampleState = (await base.get<object>(`emulator/conversations/${conversationId(0)}/`))?.value;
      if (!sampleState) throw new Error('bench: conversation state key not found (did botbuilder change its key?)');
      if (options.store === 'sqlite') {
        await withBulkSqlite(dir, (bulk) => seedBackground(bulk, options.background, sampleDossier, sampleState));
        const probe = await base.get(keys.dossier(benchBsn(5_000_000 + options.background - 1)));
        if (!probe) throw new Error('bench: bulk-seeded documents are not visible to the bot store');
      } else {
        await seedBackground(base, options.background, sampleDossier, sampleState);
      }
    }
    counting?.counts.clear();
    const turnMs = options.concurrency === 1 ? [] : undefined;
    return { options, bot, store, acting, actingStore, counting, measured: 0, seconds: 0, cpuMs: 0, turnMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs the next `count` conversations and adds their wall time and process CPU time to the bench's. */
async function measure(bench: PreparedBench, count: number): Promise<void> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runConversations(bench.bot, bench.store, bench.options.warmup + bench.measured, count, bench.options.concurrency, dossierScript, bench.turnMs, bench.actingStore);
  bench.seconds += Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  bench.cpuMs += (used.user + used.system) / 1000;
  bench.measured += count;
}

async function result(bench: PreparedBench): Promise<InProcessResult> {
  const turns = bench.measured * TURNS_PER_CONVERSATION;
  const { seconds } = bench;
  const r: InProcessResult = { store: bench.options.store, background: bench.options.background, turns, seconds, turnsPerSecond: turns / seconds, cpuMsPerTurn: bench.cpuMs / turns, turnMs: bench.turnMs };
  if (bench.options.board) r.lists = await listSizes(bench.store, bench.acting);
  if (bench.counting) {
    r.opsPerTurn = Object.fromEntries([...bench.counting.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / turns) * 100) / 100]));
  }
  return r;
}

/** Rows and value bytes in the bench's SQLite file, once the bot's connection is closed (the table is @keyv/sqlite's). */
function storedIn(dir: string): StoredFigures {
  const db = new Database(path.join(dir, 'bench.sqlite'), { fileMustExist: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS documents, SUM(LENGTH(value)) AS valueBytes FROM keyv').get() as { documents: number; valueBytes: number };
    return { documents: row.documents, valueBytes: row.valueBytes };
  } finally {
    db.close();
  }
}

export async function runInProcess(options: InProcessOptions): Promise<InProcessResult> {
  const bench = await prepare(options);
  let r: InProcessResult | undefined;
  try {
    await measure(bench, options.conversations);
    r = await result(bench);
  } finally {
    await closeInto(bench, r);
  }
  return r;
}

async function closeInto(bench: PreparedBench, r: InProcessResult | undefined): Promise<void> {
  const stored = await bench.close();
  if (r && stored) r.stored = stored;
}

export interface PairedOptions {
  a: InProcessOptions;
  b: InProcessOptions;
  /** Conversations per block; the blocks alternate A B B A A B B A …, so both stores meet the same machine. */
  block: number;
}

/**
 * Two figures in one process, measured in alternating blocks. On a shared machine the load
 * drifts within seconds; measured one after the other, two figures of the same code differed by
 * up to 1.4 × (docs/benchmarks.md). Alternating gives both the same conditions.
 */
export async function runPaired(options: PairedOptions): Promise<{ a: InProcessResult; b: InProcessResult }> {
  if (options.a.conversations !== options.b.conversations) throw new Error('bench: paired figures need the same number of conversations');
  const a = await prepare(options.a);
  let ra: InProcessResult | undefined;
  let rb: InProcessResult | undefined;
  try {
    const b = await prepare(options.b);
    try {
      for (let i = 0; a.measured < options.a.conversations; i++) {
        const count = Math.min(options.block, options.a.conversations - a.measured);
        // ABBA: a drift that is steady over a pair of blocks falls equally on both.
        for (const bench of i % 2 === 0 ? [a, b] : [b, a]) await measure(bench, count);
      }
      ra = await result(a);
      rb = await result(b);
    } finally {
      await closeInto(b, rb);
    }
  } finally {
    await closeInto(a, ra);
  }
  return { a: ra, b: rb };
}
