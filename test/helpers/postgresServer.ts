/**
 * Starts a throwaway PostgreSQL server for tests: initdb into a temp dir, postgres on a
 * free loopback port (unix socket in the same dir), trust auth, no fsync. Stopping it
 * removes the dir. Needs the Debian package `postgresql` (binaries in
 * /usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so when the tests
 * run as root the server runs as the `postgres` user the package creates.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freeLoopbackPort } from '../../src/lib/freePort';
import { captureOutput, stopProcess, waitUntilReady } from './serverProcess';

const run = promisify(execFile);

export const POSTGRES_APT_PACKAGE = 'postgresql';

export interface PostgresServer {
  url: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server, keeping its data (an outage). */
  halt(): Promise<void>;
  /** Starts it again after `halt`, same port and data. */
  resume(): Promise<void>;
}

/** The bin dir of the newest installed PostgreSQL, or undefined when none is installed. */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailableReason(): string | undefined {
  if (!findPostgresBinDir()) {
    return `PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: install the apt package "${POSTGRES_APT_PACKAGE}"`;
  }
  if (process.getuid?.() === 0 && !systemUser('postgres')) {
    return 'running as root but there is no "postgres" user to run the server as';
  }
  return undefined;
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error(postgresUnavailableReason());
  const asUser = process.getuid?.() === 0 ? systemUser('postgres') : undefined;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'oso-postgres-'));
  try {
    if (asUser) await chown(dir, asUser.uid, asUser.gid);
    const dataDir = path.join(dir, 'data');
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    await run(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { env, cwd: dir, ...asUser },
    );

    const port = await freeLoopbackPort();
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    let child: ReturnType<typeof spawn> | undefined;
    /** Starts postgres on the data dir and port; resolves once it answers. */
    const launch = async () => {
      const started = spawn(
        path.join(binDir, 'postgres'),
        [
          '-D', dataDir,
          '-p', String(port),
          '-k', dir,
          '-c', 'listen_addresses=127.0.0.1',
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
        ],
        { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...asUser },
      );
      child = started;
      const output = captureOutput(started);
      await waitUntilReady(
        started,
        async () => {
          const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
          try {
            await client.connect();
            await client.query('SELECT 1');
          } finally {
            await client.end().catch(() => undefined);
          }
        },
        output,
      );
    };
    const halt = async () => {
      if (child) await stopProcess(child, 'SIGINT'); // "fast" shutdown; the data stays
    };
    const stop = async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await launch();
    } catch (error) {
      await stop();
      throw error;
    }
    return { url, stop, halt, resume: launch };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
