import type { Role, User } from '../domain/users';
import type { DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';

type UserIndex = Record<string, { naam: string; email?: string }>;

export class UserRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(id: string): Promise<User | undefined> {
    return (await this.store.get<User>(keys.user(id)))?.value;
  }

  async save(user: User): Promise<void> {
    await this.store.set(keys.user(user.id), user);
    await updateDocument<UserIndex>(this.store, keys.userIndex(), (index = {}) => {
      const entry = { naam: user.naam, ...(user.email ? { email: user.email } : {}) };
      if (JSON.stringify(index[user.id]) === JSON.stringify(entry)) return KEEP;
      return { ...index, [user.id]: entry };
    }, { localTurns: true });
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.store.delete(keys.user(id));
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
    const outcome = await updateDocument<User>(this.store, keys.user(id), (user) =>
      user ? { ...user, rollen: [...new Set(rollen)] } : KEEP,
    );
    return outcome.value;
  }
}
