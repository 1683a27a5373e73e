import type { LdosLeerling } from '../domain/ldos';
import type { DocumentStore } from '../storage/documentStore';
import { isETagConflict } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';

export class LdosRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(leerlingnummer: string): Promise<LdosLeerling | undefined> {
    return (await this.store.get<LdosLeerling>(keys.ldosPupil(leerlingnummer)))?.value;
  }

  /** Imports a received pupil exactly once: a second import of the same pupil returns false. */
  async importOnce(leerling: LdosLeerling): Promise<boolean> {
    let created = true;
    try {
      await this.store.set(keys.ldosPupil(leerling.leerlingnummer), leerling, { ifNoneMatch: '*' });
    } catch (err) {
      if (!isETagConflict(err)) throw err;
      created = false;
    }
    // Also when the record already existed: an earlier import may have stopped (crash, error)
    // between the record and the index; a repeat completes it, and the index lists it once.
    await updateDocument<string[]>(this.store, keys.ldosIndex(), (list = []) =>
      list.includes(leerling.leerlingnummer) ? KEEP : [...list, leerling.leerlingnummer],
      { localTurns: true },
    );
    return created;
  }

  /**
   * A newer dossier for a pupil LDOS already holds (guarded write): replaces the received
   * dossier and keeps the pupil's class. Returns false when this dossier is already there.
   */
  async replaceDossier(leerling: LdosLeerling): Promise<boolean> {
    const outcome = await updateDocument<LdosLeerling>(this.store, keys.ldosPupil(leerling.leerlingnummer), (current) =>
      current?.dossier.id === leerling.dossier.id ? KEEP : { ...leerling, ...(current?.klas ? { klas: current.klas } : {}) },
    );
    return outcome.written;
  }

  async list(): Promise<LdosLeerling[]> {
    const nummers = (await this.store.get<string[]>(keys.ldosIndex()))?.value ?? [];
    const found = await this.store.getMany<LdosLeerling>(nummers.map(keys.ldosPupil));
    return found.flatMap((f) => (f ? [f.value] : []));
  }

  async placeInClass(leerlingnummer: string, klas: string | undefined): Promise<LdosLeerling | undefined> {
    const outcome = await updateDocument<LdosLeerling>(this.store, keys.ldosPupil(leerlingnummer), (current) =>
      current ? { ...current, klas } : KEEP,
    );
    return outcome.value;
  }

  async classes(): Promise<string[]> {
    return (await this.store.get<string[]>(keys.ldosClasses()))?.value ?? [];
  }

  async addClass(naam: string): Promise<boolean> {
    const outcome = await updateDocument<string[]>(this.store, keys.ldosClasses(), (list = []) =>
      list.some((k) => k.toLowerCase() === naam.toLowerCase()) ? KEEP : [...list, naam].sort((a, b) => a.localeCompare(b, 'nl', { numeric: true })),
    );
    return outcome.written;
  }

  async removeClass(naam: string): Promise<boolean> {
    const outcome = await updateDocument<string[]>(this.store, keys.ldosClasses(), (list = []) =>
      list.some((k) => k.toLowerCase() === naam.toLowerCase()) ? list.filter((k) => k.toLowerCase() !== naam.toLowerCase()) : KEEP,
    );
    return outcome.written;
  }
}
