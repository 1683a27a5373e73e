/**
 * How long a new user waits after typing `npm start`: from spawning it (in the repo, on a
 * fresh store, as after `npm install`) until the bot's first answer on /api/messages (its
 * welcome to a conversationUpdate). One figure per run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChannelListener, ChatConversation } from '../channel/localChannel';
import { freeLoopbackPort } from '../lib/freePort';

const ROOT = path.resolve(__dirname, '../../..');
const GIVE_UP_MS = 120_000;

export async function measureStartup(): Promise<{ ms: number; compiled: boolean }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-bench-start-'));
  const port = await freeLoopbackPort();
  const channel = await new ChannelListener().start();
  // Its own process group, so npm and the node it starts stop together.
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', STORAGE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`, LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    const conversation = new ChatConversation({ botUrl: `http://127.0.0.1:${port}`, channel, user: { id: 'bench-start', name: 'Bench' } });
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start stopped (exit ${child.exitCode}):\n${output.slice(-2000)}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`no answer within ${GIVE_UP_MS / 1000} s:\n${output.slice(-2000)}`);
      const answered = await conversation.join().then((replies) => replies.length > 0, () => false);
      if (answered) return { ms: performance.now() - started, compiled: output.includes('Compiling the TypeScript') };
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    await channel.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
