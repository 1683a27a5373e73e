/**
 * Memory: RSS after rounds of finished conversations on SQLite (data lives on disk, so what
 * stays in the heap between rounds is cache). Needs --expose-gc for a settled figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedPupils, seedSchool } from './fixtures';
import { createInProcessBot } from './inProcessBot';
import { runConversations } from './inProcess';
import { scripts, type ScriptName } from './script';
import { openBenchStore } from './stores';

export interface MemoryOptions {
  /** Conversations per round. */
  conversations: number;
  rounds: number;
  concurrency: number;
  script: ScriptName;
}

export interface MemoryResult {
  conversationsPerRound: number;
  script: ScriptName;
  /** RSS in MB after start-up and after each round. */
  rssMb: number[];
  heapUsedMb: number[];
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function runMemory(options: MemoryOptions): Promise<MemoryResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-mem-'));
  const store = await openBenchStore('sqlite', dir);
  try {
    const { template } = await seedSchool(store);
    const total = options.conversations * options.rounds;
    await seedPupils(store, template, 0, total + 10);
    const bot = createInProcessBot(store);
    // Warm-up: every code path loaded before the first figure.
    await runConversations(bot, store, total, 10, 1, scripts[options.script]);
    await settle();
    const rssMb = [mb(process.memoryUsage().rss)];
    const heapUsedMb = [mb(process.memoryUsage().heapUsed)];
    for (let r = 0; r < options.rounds; r++) {
      await runConversations(bot, store, r * options.conversations, options.conversations, options.concurrency, scripts[options.script]);
      await settle();
      rssMb.push(mb(process.memoryUsage().rss));
      heapUsedMb.push(mb(process.memoryUsage().heapUsed));
    }
    return { conversationsPerRound: options.conversations, script: options.script, rssMb, heapUsedMb };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
