/**
 * Starts the compiled bot (dist/src/index.js) as a child process on loopback with its own
 * SQLite file, keeping everything it prints (the privacy test scans it all).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ChannelListener } from '../../src/channel/localChannel';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { stopProcess, waitUntilReady } from '../helpers/serverProcess';

export const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/src/index.js');

export interface BotProcess {
  url: string;
  port: number;
  /** The SQLite file the process keeps its data in. */
  storageFile: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr, across restarts. */
  output(): string;
  /** Parsed JSON log lines so far (non-JSON lines are skipped). */
  logLines(): Record<string, unknown>[];
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same port and file (after a kill). */
  restart(): Promise<void>;
  /** Stops the process and removes its temporary folder. */
  dispose(): Promise<void>;
}

export async function startBotProcess(env: Record<string, string> = {}): Promise<BotProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-reliability-'));
  const port = await freeLoopbackPort();
  let output = '';
  let child!: ChildProcess;
  const url = `http://127.0.0.1:${port}`;
  const storageFile = path.join(dir, 'bot.sqlite');

  const launch = async () => {
    child = spawn(process.execPath, [ENTRY], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        STORAGE_URL: `sqlite://${storageFile}`,
        LOG_LEVEL: 'info',
        DEMO_MODE: 'on',
        SCHOOL_BRIN: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await waitUntilReady(child, async () => {
      const r = await fetch(`${url}/healthz`);
      if (!r.ok) throw new Error(`healthz ${r.status}`);
    }, () => output.slice(-4000));
  };
  await launch();

  return {
    url,
    port,
    storageFile,
    get child() {
      return child;
    },
    output: () => output,
    logLines: () =>
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    kill: (signal: NodeJS.Signals = 'SIGKILL') => stopProcess(child, signal),
    restart: launch,
    async dispose() {
      await stopProcess(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: before its tests a channel listener and a bot process (with `env`), after
 * them both stopped. `use` receives them, so the file keeps its own `bot` and `channel`.
 */
export function withBotProcess(use: (started: { bot: BotProcess; channel: ChannelListener }) => void, env: Record<string, string> = {}): void {
  let started: { bot?: BotProcess; channel?: ChannelListener } = {};
  beforeAll(async () => {
    started.channel = await new ChannelListener().start();
    started.bot = await startBotProcess(env);
    use(started as { bot: BotProcess; channel: ChannelListener });
  });
  afterAll(async () => {
    await started.bot?.dispose();
    await started.channel?.stop();
    started = {};
  });
}
