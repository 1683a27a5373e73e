import type { Role, User } from '../domain/users';
import { ExpiringCache } from '../lib/expiringCache';
import type { DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';
import { REPOSITORY_CACHE_MS } from './repositoryCache';

type UserIndex = Record<string, { naam: string; email?: string }>;

/**
 * Users are looked up on every turn (who is this, which roles), so a found user is kept for
 * a few seconds (REPOSITORY_CACHE_MS). An unknown id is not kept: someone the beheerder just
 * added is known at their next message.
 */
export class UserRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly cache = new ExpiringCache<User | undefined>(REPOSITORY_CACHE_MS, 1_000),
  ) {}

  async get(id: string): Promise<User | undefined> {
    return this.cache.getOrRead(id, async () => (await this.store.get<User>(keys.user(id)))?.value, (user) => user !== undefined);
  }

  async save(user: User): Promise<void> {
    await this.cache.writing(user.id, () => this.store.set(keys.user(user.id), user));
    await updateDocument<UserIndex>(this.store, keys.userIndex(), (index = {}) => {
      const entry = { naam: user.naam, ...(user.email ? { email: user.email } : {}) };
      if (JSON.stringify(index[user.id]) === JSON.stringify(entry)) return KEEP;
      return { ...index, [user.id]: entry };
    }, { localTurns: true });
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.cache.writing(id, () => this.store.delete(keys.user(id)));
    await updateDocument<UserIndex>(this.store, keys.userIndex(), (index = {}) => {
      if (!(id in index)) return KEEP;
      const { [id]: _gone, ...rest } = index;
      return rest;
    }, { localTurns: true });
    return removed;
  }

  async list(): Promise<User[]> {
    const index = (await this.store.get<UserIndex>(keys.userIndex()))?.value ?? {};
    const users = await this.store.getMany<User>(Object.keys(index).map(keys.user));
    return users.flatMap((u) => (u ? [u.value] : [])).sort((a, b) => a.naam.localeCompare(b.naam, 'nl'));
  }

  /** Registered users are matched by e-mail when their channel id is not known yet (Teams). */
  async findByEmail(email: string): Promise<User | undefined> {
    const wanted = email.trim().toLowerCase();
    const index = (await this.store.get<UserIndex>(keys.userIndex()))?.value ?? {};
    const id = Object.keys(index).find((k) => index[k]?.email?.toLowerCase() === wanted);
    return id ? this.get(id) : undefined;
  }

  /** A guarded change of the roles only: a concurrent change of the same user is not lost. */
  async setRoles(id: string, rollen: Role[]): Promise<User | undefined> {
    const outcome = await this.cache.writing(id, () =>
      updateDocument<User>(this.store, keys.user(id), (user) => (user ? { ...user, rollen: [...new Set(rollen)] } : KEEP)),
    );
    return outcome.value;
  }
}
