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
    const cached = this.cache.lookup(keys.school());
    if (cached) return cached.value;
    const version = this.cache.version;
    const school = (await this.store.get<School>(keys.school()))?.value;
    this.cache.set(keys.school(), school, version);
    return school;
  }

  async save(school: School): Promise<void> {
    this.cache.delete(keys.school());
    await this.store.set(keys.school(), school);
    this.cache.delete(keys.school()); // before and after: a read overlapping the write is not kept
  }
}
