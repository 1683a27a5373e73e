import { FIRST_SCHOOL_ID } from '../domain/users';
import type { DocumentStore } from '../storage/documentStore';
import { DossierRepository } from './dossierRepository';
import { LdosRepository } from './ldosRepository';
import { PupilRepository } from './pupilRepository';
import { schoolStore } from './schoolStore';
import { SchoolRepository } from './schoolRepository';
import { SchoolUsers, UserRepository } from './userRepository';

/**
 * All repositories of one school: what the services, dialogs and admin CLI are given. `store`
 * is the school's scoped store (src/repositories/schoolStore.ts); `users` are the people
 * registered at this school, with their roles here.
 */
export interface Repositories {
  store: DocumentStore;
  school: SchoolRepository;
  pupils: PupilRepository;
  users: SchoolUsers;
  dossiers: DossierRepository;
  ldos: LdosRepository;
}

/** Where a school's data lives in the board's store (src/app/board.ts keeps the list). */
export interface SchoolEntry {
  id: string;
  /** '' for the school a store was made for before boards; `school:<id>/` for every other. */
  prefix: string;
}

export const FIRST_SCHOOL: SchoolEntry = { id: FIRST_SCHOOL_ID, prefix: '' };

/** The repositories of one school of the board whose store is `root`. */
export function createSchoolRepositories(root: DocumentStore, school: SchoolEntry, people = new UserRepository(root)): Repositories {
  const store = schoolStore(root, school.prefix);
  return {
    store,
    school: new SchoolRepository(store),
    pupils: new PupilRepository(store),
    users: new SchoolUsers(people, school.id),
    dossiers: new DossierRepository(store),
    ldos: new LdosRepository(store),
  };
}

/** The repositories of the first (in a one-school deployment: the only) school. */
export function createRepositories(store: DocumentStore): Repositories {
  return createSchoolRepositories(store, FIRST_SCHOOL);
}
