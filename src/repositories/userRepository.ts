import { FIRST_SCHOOL_ID, isMemberOf, userAt, withoutSchool, withRolesAt, type Person, type Role, type User } from '../domain/users';
import { ExpiringCache } from '../lib/expiringCache';
import type { DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';
import { REPOSITORY_CACHE_MS } from './repositoryCache';

type UserIndex = Record<string, { naam: string; email?: string }>;

/**
 * The people of the whole board, each with their roles per school (Person). Looked up on
 * every turn (who is this, which roles), so a found person is kept for a few seconds
 * (REPOSITORY_CACHE_MS). An unknown id is not kept: someone the beheerder just added is
 * known at their next message.
 */
export class UserRepository {
  constructor(
    private readonly store: DocumentStore,
    private readonly cache = new ExpiringCache<Person | undefined>(REPOSITORY_CACHE_MS, 1_000),
  ) {}

  async get(id: string): Promise<Person | undefined> {
    return this.cache.getOrRead(id, async () => (await this.store.get<Person>(keys.user(id)))?.value, (user) => user !== undefined);
  }

  async save(user: Person): Promise<void> {
    await this.cache.writing(user.id, () => this.store.set(keys.user(user.id), user));
    await this.index(user);
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

  async list(): Promise<Person[]> {
    const index = (await this.store.get<UserIndex>(keys.userIndex()))?.value ?? {};
    const users = await this.store.getMany<Person>(Object.keys(index).map(keys.user));
    return users.flatMap((u) => (u ? [u.value] : [])).sort((a, b) => a.naam.localeCompare(b.naam, 'nl'));
  }

  /** Registered people are matched by e-mail when their channel id is not known yet (Teams). */
  async findByEmail(email: string): Promise<Person | undefined> {
    const wanted = email.trim().toLowerCase();
    const index = (await this.store.get<UserIndex>(keys.userIndex()))?.value ?? {};
    const id = Object.keys(index).find((k) => index[k]?.email?.toLowerCase() === wanted);
    return id ? this.get(id) : undefined;
  }

  /**
   * A guarded change of one person: a concurrent change of the same person (another school's
   * beheerder giving a role) is not lost. `change` gets undefined for an unknown id.
   */
  async update(id: string, change: (person: Person | undefined) => Person | undefined): Promise<Person | undefined> {
    const outcome = await this.cache.writing(id, () =>
      updateDocument<Person>(this.store, keys.user(id), (person) => change(person) ?? KEEP),
    );
    if (outcome.written) await this.index(outcome.value);
    return outcome.value;
  }

  /**
   * The roles at the first school, kept in the form the document has (a person from before
   * boards keeps `rollen`); the school's view (SchoolUsers) is what the bot and the CLI use.
   */
  async setRoles(id: string, rollen: Role[]): Promise<Person | undefined> {
    return this.update(id, (person) => {
      if (!person) return undefined;
      return person.scholen ? withRolesAt(person, FIRST_SCHOOL_ID, rollen) : { ...person, rollen: [...new Set(rollen)] };
    });
  }

  private async index(user: Person): Promise<void> {
    await updateDocument<UserIndex>(this.store, keys.userIndex(), (index = {}) => {
      const entry = { naam: user.naam, ...(user.email ? { email: user.email } : {}) };
      if (JSON.stringify(index[user.id]) === JSON.stringify(entry)) return KEEP;
      return { ...index, [user.id]: entry };
    }, { localTurns: true });
  }
}

/**
 * The users of one school: the people registered there, with their roles at that school.
 * What the dialogs and the admin CLI manage; a person of another school is not found, not
 * listed and not changed through it (adding them here gives them a role here, nothing more).
 */
export class SchoolUsers {
  constructor(
    readonly people: UserRepository,
    readonly schoolId: string,
  ) {}

  async get(id: string): Promise<User | undefined> {
    const person = await this.people.get(id);
    return person && isMemberOf(person, this.schoolId) ? userAt(person, this.schoolId) : undefined;
  }

  /**
   * Registers the user here with these roles; a person known at other schools keeps those, and
   * keeps the name and contact details they have there: one school does not rewrite (or add
   * to) what the others see of a person; the board's beheer or the CLI's board does that.
   */
  async save(user: User): Promise<void> {
    const { school: _label, bestuursbeheerder: _board, rollen, ...details } = user;
    await this.people.update(user.id, (person) => {
      const elsewhere = person !== undefined && (person.bestuursbeheerder === true || Object.keys(person.scholen ?? {}).some((id) => id !== this.schoolId));
      const merged = elsewhere ? person : { ...person, ...details };
      return withRolesAt(merged as Person, this.schoolId, rollen);
    });
  }

  /** No longer registered here; the person goes when no school (and not the board) has them. */
  async remove(id: string): Promise<boolean> {
    const person = await this.people.get(id);
    if (!person || !isMemberOf(person, this.schoolId)) return false;
    const rest = withoutSchool(person, this.schoolId);
    if (Object.keys(rest.scholen ?? {}).length === 0 && !rest.bestuursbeheerder) return this.people.remove(id);
    await this.people.update(id, (current) => (current ? withoutSchool(current, this.schoolId) : undefined));
    return true;
  }

  async list(): Promise<User[]> {
    return (await this.people.list()).filter((p) => isMemberOf(p, this.schoolId)).map((p) => userAt(p, this.schoolId));
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const person = await this.people.findByEmail(email);
    return person && isMemberOf(person, this.schoolId) ? userAt(person, this.schoolId) : undefined;
  }

  /** A guarded change of the roles here only: a concurrent change of the same person is not lost. */
  async setRoles(id: string, rollen: Role[]): Promise<User | undefined> {
    const person = await this.people.update(id, (current) =>
      current && isMemberOf(current, this.schoolId) ? withRolesAt(current, this.schoolId, rollen) : undefined,
    );
    return person && isMemberOf(person, this.schoolId) ? userAt(person, this.schoolId) : undefined;
  }
}
