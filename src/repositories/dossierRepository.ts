import type { Dossier } from '../domain/dossier';
import { isETagConflict, type DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument, type UpdateOutcome } from '../storage/updateDocument';
import { keys } from './keys';

/**
 * The current dossier of each pupil lives at one key (dossier by leerlingnummer is a direct
 * lookup); a delivered dossier that is replaced by a new one moves to the archive.
 */
export class DossierRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(leerlingnummer: string): Promise<Dossier | undefined> {
    return (await this.store.get<Dossier>(keys.dossier(leerlingnummer)))?.value;
  }

  /** Guarded change: `change` sees the current dossier and returns the new one or KEEP. */
  async update(
    leerlingnummer: string,
    change: (current: Dossier | undefined) => Dossier | typeof KEEP,
  ): Promise<UpdateOutcome<Dossier>> {
    const outcome = await updateDocument<Dossier>(this.store, keys.dossier(leerlingnummer), change);
    if (outcome.written && outcome.value) await this.remember(outcome.value);
    return outcome;
  }

  /**
   * Saves a dossier, archiving a delivered one it replaces. The write is eTag-checked against
   * the dossier it decided on: `replaceIf` sees the current one (after every lost race again)
   * and may refuse, e.g. when it became "gereed" meanwhile; then nothing is written and
   * false is returned. Without that check a concurrent change would be silently overwritten.
   */
  async save(dossier: Dossier, replaceIf: (current: Dossier | undefined) => boolean = () => true): Promise<boolean> {
    const key = keys.dossier(dossier.leerlingnummer);
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.get<Dossier>(key);
      if (!replaceIf(current?.value)) return false;
      const previous = current?.value;
      if (previous && previous.id !== dossier.id && previous.status === 'verstrekt') {
        // Before the replacing write, so a crash in between loses nothing; the same content
        // under the same key if this is repeated after a lost race.
        await this.store.set(keys.dossierArchive(previous.leerlingnummer, previous.id), previous);
      }
      try {
        await this.store.set(key, dossier, current ? { ifMatch: current.eTag } : { ifNoneMatch: '*' });
        break;
      } catch (err) {
        if (!isETagConflict(err) || attempt >= SAVE_RETRIES) throw err;
        // Brief random pause so writers racing in lock step do not collide again and again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
    await this.remember(dossier);
    return true;
  }

  /** The dossiers a user made, newest first. */
  async listMadeBy(userId: string): Promise<Dossier[]> {
    const nummers = (await this.store.get<string[]>(keys.dossiersByUser(userId)))?.value ?? [];
    const found = await this.store.getMany<Dossier>(nummers.map(keys.dossier));
    return found
      .flatMap((d) => (d && d.value.aangemaaktDoor.userId === userId ? [d.value] : []))
      .sort((a, b) => (lastChange(b) > lastChange(a) ? 1 : -1));
  }

  async saveAttachmentContent(id: string, base64: string): Promise<void> {
    await this.store.set(keys.attachment(id), base64);
  }

  async getAttachmentContent(id: string): Promise<Buffer | undefined> {
    const stored = await this.store.get<string>(keys.attachment(id));
    return stored ? Buffer.from(stored.value, 'base64') : undefined;
  }

  private async remember(d: Dossier): Promise<void> {
    await updateDocument<string[]>(this.store, keys.dossiersByUser(d.aangemaaktDoor.userId), (list = []) =>
      list.includes(d.leerlingnummer) ? KEEP : [...list, d.leerlingnummer],
      { localTurns: true },
    );
  }
}

/** Further attempts after a save lost a race (someone else wrote the dossier in between). */
const SAVE_RETRIES = 10;

const lastChange = (d: Dossier): string => d.history[d.history.length - 1]?.at ?? '';
