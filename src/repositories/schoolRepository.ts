import type { School } from '../domain/school';
import type { DocumentStore } from '../storage/documentStore';
import { keys } from './keys';

/**
 * The school's settings change rarely (beheer, admin CLI) but a dossier conversation reads
 * them several times a turn, so they are kept for a few seconds. A save through this
 * repository shows at once; a change by another process (the admin CLI) within `cacheMs`.
 */
export class SchoolRepository {
  private cached?: { school: School | undefined; until: number };

  constructor(
    private readonly store: DocumentStore,
    private readonly cacheMs = 5_000,
  ) {}

  async get(): Promise<School | undefined> {
    const now = performance.now();
    if (!this.cached || now >= this.cached.until) {
      const school = (await this.store.get<School>(keys.school()))?.value;
      this.cached = { school, until: now + this.cacheMs };
    }
    // A copy, so a caller that changes what it got does not change the cache.
    return this.cached.school && structuredClone(this.cached.school);
  }

  async save(school: School): Promise<void> {
    this.cached = undefined;
    await this.store.set(keys.school(), school);
    this.cached = undefined;
  }
}
