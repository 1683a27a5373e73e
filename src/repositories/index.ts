import type { DocumentStore } from '../storage/documentStore';
import { DossierRepository } from './dossierRepository';
import { LdosRepository } from './ldosRepository';
import { PupilRepository } from './pupilRepository';
import { SchoolRepository } from './schoolRepository';
import { UserRepository } from './userRepository';

/** All repositories over one store: what the services, dialogs and admin CLI are given. */
export interface Repositories {
  store: DocumentStore;
  school: SchoolRepository;
  pupils: PupilRepository;
  users: UserRepository;
  dossiers: DossierRepository;
  ldos: LdosRepository;
}

export function createRepositories(store: DocumentStore): Repositories {
  return {
    store,
    school: new SchoolRepository(store),
    pupils: new PupilRepository(store),
    users: new UserRepository(store),
    dossiers: new DossierRepository(store),
    ldos: new LdosRepository(store),
  };
}
