/**
 * In-process figure: full bench conversations (script.ts) driven through the adapter with
 * the same bot the server runs, on one store. Measures turns per second after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keys } from '../repositories/keys';
import type { Dossier } from '../domain/dossier';
import type { DocumentStore } from '../storage/documentStore';
import { CountingStore } from './countingStore';
import { benchBsn, benchUserId, seedBackground, seedPupils, seedSchool } from './fixtures';
import { createInProcessBot, type InProcessAdapter } from './inProcessBot';
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
): Promise<void> {
  const check = script === dossierScript;
  let next = from;
  const lane = async () => {
    while (next < from + count) {
      const i = next++;
      const bsn = benchBsn(i);
      for (const text of script(bsn)) {
        const started = performance.now();
        const replies = await bot.send({
          type: 'message',
          text,
          channelId: 'emulator',
          serviceUrl: 'http://127.0.0.1:1',
          locale: 'nl-NL',
          conversation: { id: conversationId(i) } as never,
          from: { id: benchUserId(i), name: `Medewerker ${i}` },
          recipient: { id: 'oso-bot', name: 'OSO-overstapbot' },
        });
        turnMs?.push(Math.round((performance.now() - started) * 1000) / 1000);
        assertNoTurnError(replies, `conversation ${i}, "${text}"`);
      }
      if (check) await assertConversationDone(store, bsn);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** A store seeded and warmed up, with the bot on it, ready to measure. */
interface PreparedBench {
  options: InProcessOptions;
  bot: InProcessAdapter;
  store: DocumentStore;
  counting?: CountingStore;
  /** Conversations measured so far (they continue after the warm-up's), and what they took. */
  measured: number;
  seconds: number;
  cpuMs: number;
  turnMs?: number[];
  close(): Promise<void>;
}

async function prepare(options: InProcessOptions): Promise<PreparedBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-'));
  const base = await openBenchStore(options.store, dir);
  const close = async () => {
    await base.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const counting = options.countOps ? new CountingStore(base) : undefined;
    const store = counting ?? base;
    const { template } = await seedSchool(base);
    await seedPupils(base, template, 0, options.warmup + options.conversations);
    const bot = createInProcessBot(store);
    await runConversations(bot, store, 0, options.warmup, 1);

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
    return { options, bot, store, counting, measured: 0, seconds: 0, cpuMs: 0, turnMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs the next `count` conversations and adds their wall time and process CPU time to the bench's. */
async function measure(bench: PreparedBench, count: number): Promise<void> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await runConversations(bench.bot, bench.store, bench.options.warmup + bench.measured, count, bench.options.concurrency, dossierScript, bench.turnMs);
  bench.seconds += Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  bench.cpuMs += (used.user + used.system) / 1000;
  bench.measured += count;
}

function result(bench: PreparedBench): InProcessResult {
  const turns = bench.measured * TURNS_PER_CONVERSATION;
  const { seconds } = bench;
  const r: InProcessResult = { store: bench.options.store, background: bench.options.background, turns, seconds, turnsPerSecond: turns / seconds, cpuMsPerTurn: bench.cpuMs / turns, turnMs: bench.turnMs };
  if (bench.counting) {
    r.opsPerTurn = Object.fromEntries([...bench.counting.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / turns) * 100) / 100]));
  }
  return r;
}

export async function runInProcess(options: InProcessOptions): Promise<InProcessResult> {
  const bench = await prepare(options);
  try {
    await measure(bench, options.conversations);
    return result(bench);
  } finally {
    await bench.close();
  }
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
  try {
    const b = await prepare(options.b);
    try {
      for (let i = 0; a.measured < options.a.conversations; i++) {
        const count = Math.min(options.block, options.a.conversations - a.measured);
        // ABBA: a drift that is steady over a pair of blocks falls equally on both.
        for (const bench of i % 2 === 0 ? [a, b] : [b, a]) await measure(bench, count);
      }
      return { a: result(a), b: result(b) };
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
}
