/**
 * End-to-end harness: the real, built server as a child process on a free port with a fresh
 * SQLite file, and a local listener that plays the channel the way the Bot Framework Emulator
 * does. A turn error does not change the HTTP status (still 200), so the harness reads the
 * server's log and fails the test on any error line.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ChannelListener, ChatConversation, type ChannelActivity, type ChatUser, type OutgoingFile } from '../../src/channel/localChannel';
import { freeLoopbackPort } from '../../src/lib/freePort';

export const ROOT = path.resolve(__dirname, '../..');
const DIST_ENTRY = path.join(ROOT, 'dist/src/index.js');
const BUILD_LOCK = path.join(os.tmpdir(), `oso-e2e-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);

// ---------------------------------------------------------------------------------------
// Build once

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  if (!fs.existsSync(DIST_ENTRY)) return false;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src')),
    newestMtime(path.join(ROOT, 'dialogs')),
    fs.statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs,
  );
  return fs.statSync(DIST_ENTRY).mtimeMs >= sources;
}

async function acquireLock(timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      return () => fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run is stale after two minutes (a build takes ~20 s).
      const since = fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 120_000) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the build lock ${BUILD_LOCK}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Compiles dist/ unless it is newer than every source file (vitest's globalSetup normally
 * built it already; `npm test` builds first and sets OSO_DIST_BUILT). Safe when several test
 * files (vitest forks) call it at once: one builds, the others wait for the lock and find it
 * fresh. Like globalSetup it tolerates type errors in files being written by others, as long
 * as tsc emitted the server.
 */
let built: Promise<void> | undefined;

export function ensureBuilt(): Promise<void> {
  // Once per test file: others may edit sources meanwhile, and a rebuild under a running
  // server would swap its code mid-test.
  built ??= buildOnce();
  return built;
}

async function buildOnce(): Promise<void> {
  if (process.env.OSO_DIST_BUILT === '1' || buildIsFresh()) return;
  const release = await acquireLock(180_000);
  try {
    if (buildIsFresh()) return;
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}` }),
      );
    });
    if (!fs.existsSync(DIST_ENTRY)) throw new Error(`npm run build did not produce ${DIST_ENTRY}:\n${result.output}`);
    if (result.code !== 0) console.warn(`tsc reported errors (dist/ was still written):\n${result.output}`);
  } finally {
    release();
  }
}

// ---------------------------------------------------------------------------------------
// Reading the server's log

export interface ServerLogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  json?: { level?: number; msg?: string; [key: string]: unknown };
}

/** pino level 50 = error, 60 = fatal. */
const ERROR_LEVEL = 50;
/** Node's own complaints on stderr that mean the process is broken, not merely warned. */
const STDERR_FAILURE = /\b(Uncaught|Unhandled|TypeError|ReferenceError|RangeError|SyntaxError)\b|^\s*at .+\(.+:\d+:\d+\)$|^Error\b/;

/** The log lines that mean a turn (or the server) failed. Exported to test the detector itself. */
export function serverErrors(lines: readonly ServerLogLine[]): ServerLogLine[] {
  return lines.filter((line) => {
    if (line.json) return (line.json.level ?? 0) >= ERROR_LEVEL || line.json.msg === 'turn error';
    if (line.stream === 'stderr') return STDERR_FAILURE.test(line.text);
    return /turn error/i.test(line.text);
  });
}

export function parseLogLine(stream: ServerLogLine['stream'], text: string): ServerLogLine {
  if (text.startsWith('{')) {
    try {
      return { stream, text, json: JSON.parse(text) as ServerLogLine['json'] };
    } catch {
      // not JSON after all
    }
  }
  return { stream, text };
}

// ---------------------------------------------------------------------------------------
// The server process

export interface StartOptions {
  /** Script to run instead of dist/src/index.js (a throwaway bot in fixtures/). */
  entry?: string;
  /** Extra environment; DEMO_MODE defaults to off so a test sets up its own users. */
  env?: Record<string, string>;
  /** An existing temp dir/SQLite file to reuse (a restart over the same data). */
  dataDir?: string;
  /** Log lines (regex on the line) that this test expects and that must not fail it. */
  allowErrors?: RegExp[];
}

export class BotProcess {
  readonly lines: ServerLogLine[] = [];
  url = '';
  port = 0;
  private readonly exited: Promise<void>;
  private allowErrors: RegExp[];

  constructor(
    private readonly child: ChildProcess,
    readonly dataDir: string,
    readonly storageUrl: string,
    allowErrors: RegExp[],
  ) {
    this.allowErrors = allowErrors;
    const streamsClosed = [child.stdout!, child.stderr!].map(
      (stream, i) =>
        new Promise<void>((resolve) => {
          let rest = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            rest += chunk;
            const parts = rest.split('\n');
            rest = parts.pop()!;
            for (const part of parts) if (part.trim()) this.lines.push(parseLogLine(i === 0 ? 'stdout' : 'stderr', part));
          });
          stream.on('close', () => {
            if (rest.trim()) this.lines.push(parseLogLine(i === 0 ? 'stdout' : 'stderr', rest));
            resolve();
          });
        }),
    );
    this.exited = Promise.all([...streamsClosed, new Promise<void>((r) => child.once('exit', () => r()))]).then(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  allow(pattern: RegExp): void {
    this.allowErrors.push(pattern);
  }

  /** Error lines so far, minus the ones the test said it expects. */
  errors(): ServerLogLine[] {
    return serverErrors(this.lines).filter((l) => !this.allowErrors.some((re) => re.test(l.text)));
  }

  /** Throws with the server's error lines if there are any. */
  assertNoErrors(): void {
    const errors = this.errors();
    if (errors.length > 0) {
      throw new Error(`the server logged ${errors.length} error(s):\n${errors.map((l) => l.text).join('\n')}`);
    }
  }

  logText(): string {
    return this.lines.map((l) => l.text).join('\n');
  }

  /** Resolves with the first log line that matches, waiting for it up to `timeoutMs`. */
  async waitForLog(predicate: (line: ServerLogLine) => boolean, timeoutMs = 5000): Promise<ServerLogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.find(predicate);
      if (line) return line;
      if (Date.now() > deadline) throw new Error(`log line not seen within ${timeoutMs} ms; log:\n${this.logText()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async waitUntilListening(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = this.lines.find((l) => l.json?.msg === 'OSO-overstapbot listening' && typeof l.json.port === 'number');
      if (line) {
        this.port = line.json!.port as number;
        this.url = `http://127.0.0.1:${this.port}`;
        return;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the server exited (${this.child.exitCode ?? this.child.signalCode}) before listening:\n${this.logText()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the server did not log its port within ${timeoutMs} ms:\n${this.logText()}`);
  }

  /** SIGTERM (graceful shutdown), SIGKILL after 10 s; waits until its output is read. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.kill('SIGTERM');
      await this.exited;
      clearTimeout(timer);
    } else {
      await this.exited;
    }
  }
}


/** Starts the built server on a free port with its own SQLite file; waits until it listens. */
export async function startBotProcess(options: StartOptions = {}): Promise<BotProcess> {
  await ensureBuilt();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oso-e2e-'));
  const storageUrl = `sqlite://${path.join(dataDir, 'bot.sqlite')}`;
  // Another process may take the port between probe and listen: try a few.
  for (let attempt = 1; ; attempt++) {
    const child = spawn(process.execPath, [options.entry ?? DIST_ENTRY], {
      cwd: dataDir, // no .env of the developer is picked up
      env: cleanEnv({
        PORT: String(await freeLoopbackPort()),
        HOST: '127.0.0.1',
        STORAGE_URL: storageUrl,
        LOG_LEVEL: 'info',
        DEMO_MODE: 'off',
        ...options.env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child, dataDir, storageUrl, [...(options.allowErrors ?? [])]);
    try {
      await bot.waitUntilListening();
      return bot;
    } catch (error) {
      await bot.stop();
      if (attempt >= 3 || !/EADDRINUSE/.test(bot.logText())) {
        if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** The test runner's environment minus anything that would change the bot's mode. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, NODE_ENV: 'test', ...extra };
}

/** Runs `npm run admin -- …` (the built CLI) against a store; resolves with its output. */
export async function runAdminCli(storageUrl: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  await ensureBuilt();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'dist/src/cli/admin.js'), ...args],
      { cwd: ROOT, env: cleanEnv({ STORAGE_URL: storageUrl, LOG_LEVEL: 'warn', ...env }), timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// ---------------------------------------------------------------------------------------
// Talking to it like the Emulator

/** A user's conversation whose every turn fails the test when the server logs an error. */
export class TestConversation {
  readonly conversationId: string;

  constructor(
    private readonly e2e: E2E,
    readonly user: ChatUser,
    conversationId?: string,
  ) {
    this.conversationId = conversationId ?? `${randomUUID()}|livechat`;
  }

  /** The channel side, talking to the server process that runs now (after a restart too). */
  get chat(): ChatConversation {
    return new ChatConversation({ botUrl: this.e2e.bot.url, channel: this.e2e.channel, user: this.user, conversationId: this.conversationId });
  }

  /** Everything the bot sent to this conversation, proactive messages included. */
  received(): ChannelActivity[] {
    return this.e2e.channel.received(this.conversationId);
  }

  join(): Promise<ChannelActivity[]> {
    return this.checked(() => this.chat.join());
  }

  say(text: string, files: OutgoingFile[] = []): Promise<ChannelActivity[]> {
    return this.checked(() => this.chat.say(text, files));
  }

  send(activity: Record<string, unknown>): Promise<ChannelActivity[]> {
    return this.checked(() => this.chat.send(activity));
  }

  private async checked(turn: () => Promise<ChannelActivity[]>): Promise<ChannelActivity[]> {
    const replies = await turn();
    const bot = this.e2e.bot;
    // The apology is posted after the error is logged, but the log line travels through a
    // pipe and may arrive a moment after the HTTP answer: wait for it before failing.
    if (replies.some((r) => /er ging iets mis/i.test(r.text ?? ''))) {
      await bot.waitForLog((l) => serverErrors([l]).length > 0, 2000).catch(() => undefined);
      bot.assertNoErrors();
      throw new Error(`the bot apologised for an error:\n${describe(replies)}`);
    }
    bot.assertNoErrors();
    return replies;
  }
}

/** One test file's world: the server, the channel listener, conversations; `close()` cleans up. */
export class E2E {
  private constructor(
    public bot: BotProcess,
    readonly channel: ChannelListener,
    private readonly options: StartOptions,
  ) {}

  static async start(options: StartOptions = {}): Promise<E2E> {
    const channel = await new ChannelListener().start();
    try {
      const bot = await startBotProcess(options);
      return new E2E(bot, channel, options);
    } catch (error) {
      await channel.stop();
      throw error;
    }
  }

  /**
   * Stops the server (SIGTERM) and starts a new process over the same SQLite file; the
   * listener stays, so stored conversation references still reach it. Conversations made
   * before keep working (`conversation()` reads the current url).
   */
  async restart(): Promise<void> {
    await this.bot.stop();
    this.bot.assertNoErrors();
    this.bot = await startBotProcess({ ...this.options, dataDir: this.bot.dataDir });
  }

  conversation(user: ChatUser, conversationId?: string): TestConversation {
    return new TestConversation(this, user, conversationId);
  }

  /** Stops the server (restart with `E2E.start({ dataDir })`) and the listener. */
  async stop(): Promise<void> {
    await this.bot.stop();
    await this.channel.stop();
  }

  /** Stops everything, removes the temp dir, and fails if the server logged an error. */
  async close(options: { keepData?: boolean } = {}): Promise<void> {
    await this.stop();
    if (!options.keepData) fs.rmSync(this.bot.dataDir, { recursive: true, force: true });
    this.bot.assertNoErrors();
  }
}

// ---------------------------------------------------------------------------------------
// Reading replies

export const messages = (replies: readonly ChannelActivity[]): ChannelActivity[] => replies.filter((r) => r.type === 'message');

/** All reply texts of a turn, joined, for matching and for readable failures. */
export const allText = (replies: readonly ChannelActivity[]): string => messages(replies).map((r) => r.text ?? '').join('\n');

/** Reply texts plus buttons, one per line: printed when an expectation fails. */
export function describe(replies: readonly ChannelActivity[]): string {
  return messages(replies)
    .map((r) => {
      const buttons = r.suggestedActions?.actions.map((a) => a.title ?? String(a.value)).join(' | ');
      return `  «${r.text ?? ''}»${buttons ? ` [${buttons}]` : ''}${r.inputHint ? ` (${r.inputHint})` : ''}`;
    })
    .join('\n');
}

/** Button titles of the last reply in the turn that has suggested actions. */
export function buttons(replies: readonly ChannelActivity[]): string[] {
  const withActions = messages(replies).filter((r) => r.suggestedActions?.actions.length);
  return withActions.at(-1)?.suggestedActions?.actions.map((a) => a.title ?? String(a.value)) ?? [];
}

/** Asserts that some reply of the turn matches `pattern`; returns that reply. */
export function expectReply(replies: readonly ChannelActivity[], pattern: RegExp): ChannelActivity {
  const found = messages(replies).find((r) => pattern.test(r.text ?? ''));
  expect(found, `no reply matches ${pattern}; the replies were:\n${describe(replies)}`).toBeDefined();
  return found!;
}

export function expectNoReply(replies: readonly ChannelActivity[], pattern: RegExp): void {
  const found = messages(replies).find((r) => pattern.test(r.text ?? ''));
  expect(found, `a reply matches ${pattern} but should not; the replies were:\n${describe(replies)}`).toBeUndefined();
}

/** Asserts that the turn offers these buttons (each title matched case-insensitively). */
export function expectButtons(replies: readonly ChannelActivity[], expected: (string | RegExp)[]): void {
  const titles = buttons(replies);
  for (const want of expected) {
    const ok = titles.some((t) => (typeof want === 'string' ? t.toLowerCase() === want.toLowerCase() : want.test(t)));
    expect(ok, `no button ${want}; the replies were:\n${describe(replies)}`).toBe(true);
  }
}

/**
 * The last message of a turn is the question, and it lets the user answer (its inputHint is
 * not "ignoringInput"). The dialogs send questions as "acceptingInput" (MessageFactory's
 * default), so "expectingInput" cannot be required yet.
 */
export function expectQuestion(replies: readonly ChannelActivity[], pattern: RegExp): ChannelActivity {
  const last = messages(replies).at(-1);
  expect(last, `the turn sent no message`).toBeDefined();
  expect(last!.text ?? '', `the last reply is not the expected question; the replies were:\n${describe(replies)}`).toMatch(pattern);
  expect(['expectingInput', 'acceptingInput'], `the question ignores input; the replies were:\n${describe(replies)}`).toContain(last!.inputHint);
  return last!;
}
