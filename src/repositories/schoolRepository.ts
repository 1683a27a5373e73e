import type { School } from '../domain/school';
import { ExpiringCache } from '../lib/expiringCache';
import type { DocumentStore } from '../storage/documentStore';
import { keys } from './keys';
import { REPOSITORY_CACHE_MS } from './repositoryCache';

/**
 * The school's settings change rarely (beheer, admin CLI) but a dossier conversation reads
 * them several times a turn, so they are kept for a few seconds (REPOSITORY_CACHE_MS).
 */
export class SchoolRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly cache = new ExpiringCache<School | undefined>(REPOSITORY_CACHE_MS, 1),
  ) {}

  async get(): Promise<School | undefined> {
    return this.cache.getOrRead(keys.school(), async () => (await this.store.get<School>(keys.school()))?.value);
  }

  async save(school: School): Promise<void> {
    await this.cache.writing(keys.school(), () => this.store.set(keys.school(), school));
  }
}
