import { displayName, searchableName, searchForm, type Pupil } from '../domain/pupil';
import { isCorruptDocument, type DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';

/** One line per pupil in the roster index: enough to search and list without reading every pupil. */
export interface PupilIndexEntry {
  leerlingnummer: string;
  naam: string;
  groep: string;
  zoek: string;
}

type PupilIndex = Record<string, PupilIndexEntry>;

/** Same order as localeCompare(…, 'nl'), without building a collator for every comparison. */
const DUTCH = new Intl.Collator('nl');
const byNaam = (a: PupilIndexEntry, b: PupilIndexEntry): number => DUTCH.compare(a.naam, b.naam);

export class PupilRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(leerlingnummer: string): Promise<Pupil | undefined> {
    return (await this.store.get<Pupil>(keys.pupil(leerlingnummer)))?.value;
  }

  /** Inserts or replaces by leerlingnummer. Returns whether anything changed. */
  async upsert(pupil: Pupil): Promise<'nieuw' | 'bijgewerkt' | 'ongewijzigd'> {
    let outcome: 'nieuw' | 'bijgewerkt' | 'ongewijzigd' = 'ongewijzigd';
    await updateDocument<Pupil>(this.store, keys.pupil(pupil.leerlingnummer), (current) => {
      if (current && JSON.stringify(current) === JSON.stringify(pupil)) return KEEP;
      outcome = current ? 'bijgewerkt' : 'nieuw';
      return pupil;
    });
    const entry = indexEntry(pupil);
    const addToIndex = () =>
      updateDocument<PupilIndex>(this.store, keys.pupilIndex(), (index = {}) => {
        const old = index[pupil.leerlingnummer];
        if (old && JSON.stringify(old) === JSON.stringify(entry)) return KEEP;
        return { ...index, [pupil.leerlingnummer]: entry };
      });
    try {
      await addToIndex();
    } catch (error) {
      if (!isCorruptDocument(error)) throw error;
      // An index that is not valid JSON is rebuilt by the import that upserts every pupil again
      // (the pupils themselves are separate documents); until then name searches say it is broken.
      await this.store.delete(keys.pupilIndex());
      await addToIndex();
    }
    return outcome;
  }

  async list(): Promise<PupilIndexEntry[]> {
    const index = (await this.store.get<PupilIndex>(keys.pupilIndex()))?.value ?? {};
    return Object.values(index).sort(byNaam);
  }

  async count(): Promise<number> {
    return Object.keys((await this.store.get<PupilIndex>(keys.pupilIndex()))?.value ?? {}).length;
  }

  /** Pupils whose names contain every word of the query, case- and accent-insensitive. */
  async searchByName(query: string): Promise<PupilIndexEntry[]> {
    const words = searchForm(query).split(' ').filter(Boolean);
    if (words.length === 0) return [];
    // Filter first, then sort only the matches: sorting a whole roster by Dutch collation
    // costs far more than the search itself.
    const index = (await this.store.get<PupilIndex>(keys.pupilIndex()))?.value ?? {};
    return Object.values(index)
      .filter((e) => words.every((w) => e.zoek.includes(w)))
      .sort(byNaam);
  }
}

function indexEntry(p: Pupil): PupilIndexEntry {
  return { leerlingnummer: p.leerlingnummer, naam: displayName(p), groep: p.groep, zoek: searchableName(p) };
}
