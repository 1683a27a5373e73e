/**
 * The board (bestuur): the schools of one deployment, which share one bot, one Teams app and
 * one store. Each school's data lives under its own key prefix (src/repositories/schoolStore.ts);
 * people are the board's, with roles per school. The registry document lists the schools.
 *
 * A store made before boards existed is taken over on start (`prepare`): its school becomes
 * the first school of the registry and keeps its keys (the empty prefix), so nothing has to
 * move and nothing can be lost; its people's roles are written per school. Every step can be
 * repeated: a start that crashed halfway is finished by the next one with the same result.
 */
import * as brin from '../domain/identifiers/brin';
import type { School } from '../domain/school';
import { FIRST_SCHOOL_ID, isMemberOf, withRolesAt, type Person } from '../domain/users';
import { createSchoolRepositories, FIRST_SCHOOL, type Repositories, type SchoolEntry } from '../repositories';
import { keys, schoolPrefix } from '../repositories/keys';
import type { UserRepository } from '../repositories/userRepository';
import { isETagConflict, type DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { ExpiringCache } from '../lib/expiringCache';
import { REPOSITORY_CACHE_MS } from '../repositories/repositoryCache';

const REGISTRY = 'registry';

export interface SchoolRegistry {
  scholen: SchoolEntry[];
}

/** A school as people choose it: its id, and its name and BRIN from its settings (when set). */
export interface SchoolChoice {
  entry: SchoolEntry;
  naam?: string;
  brin?: string;
}

export class Board {
  private readonly repositories = new Map<string, Repositories>();
  /** The registry is read at every turn: kept a few seconds, so a school the CLI adds shows within that time. */
  private readonly registry = new ExpiringCache<SchoolEntry[]>(REPOSITORY_CACHE_MS, 1);
  readonly people: UserRepository;
  private prepared: Promise<void> | undefined;

  /** `first`: the first school's repositories when the caller has them already (one cache each). */
  constructor(
    readonly store: DocumentStore,
    first: Repositories = createSchoolRepositories(store, FIRST_SCHOOL),
  ) {
    this.repositories.set(FIRST_SCHOOL_ID, first);
    this.people = first.users.people;
  }

  /** Takes over a store from before boards (once per process; safe to repeat). The bot does this at start. */
  prepare(): Promise<void> {
    this.prepared ??= this.migrate().catch((err: unknown) => {
      this.prepared = undefined;
      throw err;
    });
    return this.prepared;
  }

  private async migrate(): Promise<void> {
    if (await this.store.get(keys.schoolRegistry())) return;
    // People first, the registry last: the registry says the take-over is done.
    for (const person of await this.people.list()) {
      if (person.scholen || !person.rollen) continue;
      await this.people.update(person.id, (current) =>
        current && !current.scholen && current.rollen ? withRolesAt(current, FIRST_SCHOOL_ID, current.rollen) : undefined,
      );
    }
    try {
      await this.registry.writing(REGISTRY, () => this.store.set<SchoolRegistry>(keys.schoolRegistry(), { scholen: [FIRST_SCHOOL] }, { ifNoneMatch: '*' }));
    } catch (err) {
      // Another instance wrote it first: the same registry.
      if (!isETagConflict(err)) throw err;
    }
  }

  /** The schools; a store not taken over (yet) is one school, the first (the admin CLI does not take stores over). */
  async schools(fresh = false): Promise<SchoolEntry[]> {
    if (fresh) this.registry.forget(REGISTRY);
    return this.registry.getOrRead(REGISTRY, async () => (await this.store.get<SchoolRegistry>(keys.schoolRegistry()))?.value.scholen ?? [FIRST_SCHOOL]);
  }

  async school(id: string): Promise<SchoolEntry | undefined> {
    return (await this.schools()).find((s) => s.id === id);
  }

  /** The repositories of one school: every one of them reads and writes that school's data only. */
  repositoriesFor(entry: SchoolEntry): Repositories {
    let repos = this.repositories.get(entry.id);
    if (!repos) {
      repos = createSchoolRepositories(this.store, entry, this.people);
      this.repositories.set(entry.id, repos);
    }
    return repos;
  }

  /** Every school with its name and BRIN, in registry order. */
  async choices(): Promise<SchoolChoice[]> {
    const entries = await this.schools();
    return Promise.all(entries.map(async (entry) => describe(entry, await this.repositoriesFor(entry).school.get())));
  }

  /** The schools this person acts for: where they are registered (a bestuursbeheerder: every school). */
  async schoolsOf(person: Person): Promise<SchoolChoice[]> {
    return (await this.choices()).filter((c) => isMemberOf(person, c.entry.id));
  }

  /** The school with this BRIN (with or without vestiging: an exact match first). */
  async findByBrin(input: string): Promise<SchoolChoice | undefined> {
    const wanted = brin.compact(input);
    const all = await this.choices();
    return all.find((c) => c.brin === wanted) ?? all.find((c) => c.brin !== undefined && c.brin.slice(0, 4) === wanted.slice(0, 4) && wanted.length === 4);
  }

  /**
   * Adds a school with its first settings. Refused (undefined) when a school with this BRIN
   * exists. The id is the BRIN it was added with (readable keys, and two instances adding the
   * same school at once get the same id); it never changes, also when the BRIN is corrected
   * later. The settings are written before the registry names the school, so a school the
   * registry lists always has them.
   */
  async addSchool(school: School): Promise<SchoolChoice | undefined> {
    const choices = await this.choices();
    if (choices.some((c) => c.brin === school.brin)) return undefined;
    const taken = new Set(choices.map((c) => c.entry.id));
    let id = school.brin;
    for (let n = 2; taken.has(id); n++) id = `${school.brin}-${n}`;
    const entry: SchoolEntry = { id, prefix: schoolPrefix(id) };
    await this.repositoriesFor(entry).school.save(school);
    await this.registry.writing(REGISTRY, () =>
      updateDocument<SchoolRegistry>(this.store, keys.schoolRegistry(), (registry = { scholen: [FIRST_SCHOOL] }) =>
        registry.scholen.some((e) => e.id === id) ? KEEP : { scholen: [...registry.scholen, entry] },
      ),
    );
    return describe(entry, school);
  }
}

function describe(entry: SchoolEntry, school: School | undefined): SchoolChoice {
  return { entry, ...(school ? { naam: school.naam, brin: school.brin } : {}) };
}

/** How a school is named on a button and in a summary. */
export const schoolLabel = (choice: SchoolChoice): string =>
  choice.naam ? `${choice.naam}${choice.brin ? ` (${choice.brin})` : ''}` : choice.brin ?? `school ${choice.entry.id}`;
