import type { Dossier } from '../domain/dossier';
import type { DocumentStore } from '../storage/documentStore';
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

  /** Saves a dossier, archiving a delivered one it replaces. */
  async save(dossier: Dossier): Promise<void> {
    const previous = await this.get(dossier.leerlingnummer);
    if (previous && previous.id !== dossier.id && previous.status === 'verstrekt') {
      await this.store.set(keys.dossierArchive(previous.leerlingnummer, previous.id), previous);
    }
    await this.store.set(keys.dossier(dossier.leerlingnummer), dossier);
    await this.remember(dossier);
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
    );
  }
}

const lastChange = (d: Dossier): string => d.history[d.history.length - 1]?.at ?? '';
