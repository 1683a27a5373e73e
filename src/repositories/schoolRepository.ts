import type { School } from '../domain/school';
import type { DocumentStore } from '../storage/documentStore';
import { keys } from './keys';

export class SchoolRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(): Promise<School | undefined> {
    return (await this.store.get<School>(keys.school()))?.value;
  }

  async save(school: School): Promise<void> {
    await this.store.set(keys.school(), school);
  }
}
