/**
 * Starts a throwaway Redis server for tests on a free loopback port, working dir in a temp
 * dir, no persistence. Stopping it removes the dir. Needs the Debian package
 * `redis-server` (binary /usr/bin/redis-server).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@redis/client';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { captureOutput, stopProcess, waitUntilReady } from './serverProcess';

export const REDIS_APT_PACKAGE = 'redis-server';

export interface RedisServer {
  url: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server, saving its data first (an outage). */
  halt(): Promise<void>;
  /** Starts it again after `halt`, same port and data. */
  resume(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why the Redis tests cannot run here, or undefined when they can. */
export function redisUnavailableReason(): string | undefined {
  return findRedisServer() ? undefined : `redis-server not found: install the apt package "${REDIS_APT_PACKAGE}"`;
}

export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (!binary) throw new Error(redisUnavailableReason());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oso-redis-'));
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ReturnType<typeof spawn> | undefined;
  /** Starts redis-server on the port and dir (loading dump.rdb if `halt` left one); resolves once it answers. */
  const launch = async () => {
    const started = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    const output = captureOutput(started);
    await waitUntilReady(
      started,
      async () => {
        const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
        client.on('error', () => undefined);
        try {
          await client.connect();
          await client.ping();
        } finally {
          if (client.isOpen) await client.close();
        }
      },
      output,
    );
  };
  const stop = async () => {
    if (child) await stopProcess(child, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  };
  const halt = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // SHUTDOWN SAVE writes dump.rdb first, so `resume` finds the data again.
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    await client.sendCommand(['SHUTDOWN', 'SAVE']).catch(() => undefined); // the connection closes with the server
    await exited;
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, halt, resume: launch };
}
