/**
 * The shared backends the scale-out tests run on, each a throwaway server started by the
 * test (Debian packages `postgresql` and `redis-server`). A backend whose binaries are
 * missing is skipped with a message naming the package.
 */
import { PostgresDocumentStore } from '../../src/storage/postgresDocumentStore';
import { RedisDocumentStore } from '../../src/storage/redisDocumentStore';
import type { DocumentStore } from '../../src/storage/documentStore';
import { postgresUnavailableReason, startPostgres } from '../helpers/postgresServer';
import { redisUnavailableReason, startRedis } from '../helpers/redisServer';

export interface SharedBackend {
  name: 'PostgreSQL' | 'Redis';
  /** Why it cannot run here (names the apt package), or undefined. */
  unavailable: string | undefined;
  /** `halt` stops the server keeping its data (an outage), `resume` starts it again. */
  start(): Promise<{ url: string; stop(): Promise<void>; halt(): Promise<void>; resume(): Promise<void> }>;
  /** A store of its own (own connections), as another instance would open it. */
  open(url: string): DocumentStore;
}

export const SHARED_BACKENDS: SharedBackend[] = [
  {
    name: 'PostgreSQL',
    unavailable: postgresUnavailableReason(),
    start: startPostgres,
    open: (url) => new PostgresDocumentStore(url),
  },
  {
    name: 'Redis',
    unavailable: redisUnavailableReason(),
    start: startRedis,
    open: (url) => new RedisDocumentStore(url),
  },
];

for (const backend of SHARED_BACKENDS) {
  if (backend.unavailable) console.warn(`Skipping scale-out tests on ${backend.name}: ${backend.unavailable}`);
}

export const titleOf = (backend: SharedBackend): string =>
  backend.unavailable ? `${backend.name} (skipped: ${backend.unavailable})` : backend.name;
