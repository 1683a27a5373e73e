/**
 * HTTP figures against real processes on loopback: the bot (dist/src/index.js, SQLite, the
 * default log level) and the echo bot. The bench process plays the channel and the users.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../lib/freePort';
import { createDocumentStore } from '../storage/createDocumentStore';
import { BenchChannel } from './channel';
import { benchBsn, benchUserId, seedPupils, seedSchool } from './fixtures';
import { percentile } from './percentile';
import { assertConversationDone, dossierScript, TURNS_PER_CONVERSATION } from './script';
import { withBulkSqlite } from './stores';

const DIST = path.resolve(__dirname, '..');

export interface LatencyFigures {
  turns: number;
  turnsPerSecond: number;
  /** The bot process's CPU time per turn over the whole figure (Linux /proc; NaN elsewhere). */
  serverCpuMsPerTurn?: number;
  /** Every turn taken, warm-up included (for the CPU figure). */
  totalTurns?: number;
  p50Ms: number;
  p99Ms: number;
}

export interface RunningProcess {
  url: string;
  /** CPU time the process used so far, in ms (NaN where /proc is missing). */
  cpuMs(): number;
  stop(): Promise<void>;
}

function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Runs a figure and adds the server's CPU time per turn. */
async function withCpu<T extends LatencyFigures>(server: RunningProcess, figure: () => Promise<T>): Promise<T> {
  const before = server.cpuMs();
  const result = await figure();
  return { ...result, serverCpuMsPerTurn: (server.cpuMs() - before) / Math.max(1, result.totalTurns ?? result.turns) };
}


async function launch(args: string[], env: Record<string, string>, cwd: string, ready: (url: string) => Promise<void>): Promise<RunningProcess> {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      PORT: String(port),
      ...env,
    },
    // Log lines are written (as in production) but not kept; errors are. BENCH_SERVER_STDOUT=1
    // shows the servers' output (e.g. with BENCH_SERVER_NODE_ARGS=--trace-gc).
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT === '1' ? 'inherit' : 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited (${child.exitCode}): ${output}`);
    try {
      await ready(url);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${args[0]} not ready: ${String(err)} ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The real bot on a fresh SQLite file with the bench school, users and `pupils` pupils. */
export async function startRealBot(dir: string, pupils: number): Promise<RunningProcess> {
  const file = path.join(dir, 'bench.sqlite');
  const store = await createDocumentStore(`sqlite://${file}`);
  const { template } = await seedSchool(store);
  await store.close();
  await withBulkSqlite(dir, (bulk) => seedPupils(bulk, template, 0, pupils));
  return launch([path.join(DIST, 'index.js')], {
    HOST: '127.0.0.1',
    STORAGE_URL: `sqlite://${file}`,
    DEMO_MODE: 'off',
    SCHOOL_BRIN: '',
    SCHOOL_NAAM: '',
  }, dir, async (url) => {
    const r = await fetch(`${url}/healthz`);
    if (!r.ok) throw new Error(`healthz ${r.status}`);
  });
}

/** A reference server (bench/echoServer.js, bench/bareServer.js): prints "listening" and answers POSTs. */
function startReference(script: string, dir: string): Promise<RunningProcess> {
  return launch([path.join(DIST, 'bench', script)], {}, dir, async (url) => {
    // Any answer means it listens (GET is not routed: 404/405).
    await fetch(`${url}/api/messages`);
  });
}

export const startEchoBot = (dir: string): Promise<RunningProcess> => startReference('echoServer.js', dir);
export const startBareServer = (dir: string): Promise<RunningProcess> => startReference('bareServer.js', dir);

/** Hands out turns: each conversation runs the script once; then the next conversation starts. */
export class ConversationSource {
  private nextConversation = 0;
  readonly completed: number[] = [];

  constructor(private readonly script: (i: number) => string[]) {}

  open(): Conversation {
    const i = this.nextConversation++;
    return { i, turns: this.script(i), next: 0 };
  }

  finish(c: Conversation): void {
    this.completed.push(c.i);
  }

  get started(): number {
    return this.nextConversation;
  }
}

interface Conversation {
  i: number;
  turns: string[];
  next: number;
}

function figures(latencies: number[], seconds: number): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { turns: latencies.length, turnsPerSecond: latencies.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

async function takeTurn(channel: BenchChannel, botUrl: string, c: Conversation): Promise<void> {
  const text = c.turns[c.next++]!;
  const replies = await channel.say(botUrl, `bench-http-${c.i}`, benchUserId(c.i), text);
  const failed = replies.find((r) => /er ging iets mis|foutcode/i.test(r));
  if (failed || replies.length === 0) throw new Error(`HTTP turn "${text}" of conversation ${c.i}: ${failed ?? 'no reply'}`);
}

/**
 * Closed loop: `lanes` users, each sending its next turn as soon as the previous answered.
 * Turns finished in the first `warmupMs` are not counted.
 */
export async function closedLoop(channel: BenchChannel, botUrl: string, source: ConversationSource, lanes: number, seconds: number, warmupSeconds: number): Promise<LatencyFigures> {
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  let totalTurns = 0;
  const lane = async () => {
    let c = source.open();
    while (performance.now() < end) {
      const t0 = performance.now();
      await takeTurn(channel, botUrl, c);
      totalTurns++;
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
      if (c.next === c.turns.length) {
        source.finish(c);
        c = source.open();
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return { ...figures(latencies, seconds), totalTurns };
}

/**
 * Open loop: turns arrive at `rate` per second (Poisson arrivals), independent of how fast
 * the bot answers; each arrival is the next turn of an idle conversation, or of a new one.
 * Latency counts from the planned arrival, so a late start is not hidden.
 */
export async function openLoop(channel: BenchChannel, botUrl: string, source: ConversationSource, rate: number, seconds: number, warmupSeconds: number): Promise<LatencyFigures & { offeredPerSecond: number }> {
  const idle: Conversation[] = [];
  const latencies: number[] = [];
  const running: Promise<void>[] = [];
  const start = performance.now();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  let planned = start;
  let errors: unknown;
  let totalTurns = 0;
  while (planned < end) {
    planned += (-Math.log(1 - Math.random()) / rate) * 1000;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const c = idle.pop() ?? source.open();
    const at = planned;
    running.push(
      takeTurn(channel, botUrl, c).then(
        () => {
          totalTurns++;
          const done = performance.now();
          if (at >= measureFrom && at <= end) latencies.push(done - at);
          if (c.next === c.turns.length) source.finish(c);
          else idle.push(c);
        },
        (err: unknown) => {
          errors ??= err;
        },
      ),
    );
    if (running.length > 10_000) running.splice(0, 5_000);
  }
  await Promise.all(running);
  if (errors) throw errors;
  return { ...figures(latencies, seconds), totalTurns, offeredPerSecond: rate };
}

export interface HttpOptions {
  seconds: number;
  warmupSeconds: number;
  lanes: number;
}

/** A reference server measured the way the bot is: its max, p50 at 1 conversation, p99 at half its max. */
export interface ReferenceFigures {
  max: LatencyFigures;
  single: LatencyFigures;
  halfLoad: LatencyFigures & { offeredPerSecond: number };
  /** An open loop at the load the bot was offered (half the bot's max): the same load, without the bot's work. */
  atBotLoad: LatencyFigures & { offeredPerSecond: number };
}

export interface HttpResult {
  /** The SDK's ceiling: CloudAdapter + restify, one text reply, no state, no dialogs. */
  echo: ReferenceFigures;
  /**
   * The machine's floor: the same protocol on Node's http module alone. Its tail is what the
   * bench channel and this machine give before any SDK or bot work.
   */
  bare: ReferenceFigures;
  botMax: LatencyFigures;
  single: LatencyFigures;
  halfLoad: LatencyFigures & { offeredPerSecond: number };
  conversationsChecked: number;
}

async function measureReference(channel: BenchChannel, start: () => Promise<RunningProcess>, name: string, botLoad: number, options: HttpOptions, log: (line: string) => void): Promise<ReferenceFigures> {
  const server = await start();
  try {
    const source = new ConversationSource(() => Array.from({ length: TURNS_PER_CONVERSATION }, (_, k) => `hallo ${k}`));
    const single = await closedLoop(channel, server.url, source, 1, Math.max(2, options.seconds / 2), options.warmupSeconds);
    const max = await withCpu(server, () => closedLoop(channel, server.url, source, options.lanes, options.seconds, options.warmupSeconds));
    log(`  ${name}, ${options.lanes} conversations: ${max.turnsPerSecond.toFixed(0)} turns/s (server CPU ${max.serverCpuMsPerTurn?.toFixed(2)} ms/turn)`);
    const halfLoad = await openLoop(channel, server.url, source, max.turnsPerSecond / 2, options.seconds, options.warmupSeconds);
    const atBotLoad = await openLoop(channel, server.url, source, botLoad, options.seconds, options.warmupSeconds);
    log(`  ${name}, 1 conversation p50 ${single.p50Ms.toFixed(1)} ms; open loop at ${halfLoad.offeredPerSecond.toFixed(0)} turns/s: p99 ${halfLoad.p99Ms.toFixed(1)} ms; at the bot's ${botLoad.toFixed(0)} turns/s: p99 ${atBotLoad.p99Ms.toFixed(1)} ms`);
    return { max, single, halfLoad, atBotLoad };
  } finally {
    await server.stop();
  }
}

export async function runHttp(options: HttpOptions, log: (line: string) => void): Promise<HttpResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-http-'));
  const channel = await new BenchChannel().start();
  try {
    // Enough pupils for every conversation the runs below can start.
    const pupils = 20_000;
    const bot = await startRealBot(dir, pupils);
    const source = new ConversationSource((i) => dossierScript(benchBsn(i)));
    let botMax: LatencyFigures;
    let single: LatencyFigures;
    let halfLoad: LatencyFigures & { offeredPerSecond: number };
    try {
      single = await withCpu(bot, () => closedLoop(channel, bot.url, source, 1, Math.max(2, options.seconds / 2), options.warmupSeconds));
      log(`  bot, 1 conversation: p50 ${single.p50Ms.toFixed(1)} ms, p99 ${single.p99Ms.toFixed(1)} ms`);
      botMax = await withCpu(bot, () => closedLoop(channel, bot.url, source, options.lanes, options.seconds, options.warmupSeconds));
      log(`  bot, ${options.lanes} conversations: ${botMax.turnsPerSecond.toFixed(0)} turns/s (server CPU ${botMax.serverCpuMsPerTurn?.toFixed(2)} ms/turn)`);
      halfLoad = await withCpu(bot, () => openLoop(channel, bot.url, source, botMax.turnsPerSecond / 2, options.seconds, options.warmupSeconds));
      log(`  bot, open loop at ${halfLoad.offeredPerSecond.toFixed(0)} turns/s: p50 ${halfLoad.p50Ms.toFixed(1)} ms, p99 ${halfLoad.p99Ms.toFixed(1)} ms`);
    } finally {
      await bot.stop();
    }
    if (source.started > pupils) throw new Error('bench: more HTTP conversations than seeded pupils');
    // The references after the bot, so they can also be offered the bot's load.
    const echo = await measureReference(channel, () => startEchoBot(dir), 'echo bot', halfLoad.offeredPerSecond, options, log);
    const bare = await measureReference(channel, () => startBareServer(dir), 'bare Node server', halfLoad.offeredPerSecond, options, log);
    // Every conversation that ran to the end left a verstrekt dossier in LDOS.
    const store = await createDocumentStore(`sqlite://${path.join(dir, 'bench.sqlite')}`);
    try {
      for (const i of source.completed) await assertConversationDone(store, benchBsn(i));
    } finally {
      await store.close();
    }
    return { echo, bare, botMax, single, halfLoad, conversationsChecked: source.completed.length };
  } finally {
    await channel.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
