/**
 * Which attachment contents exist and who may still need them, so content no dossier refers
 * to can be removed (issue 17). A file's content is stored (key `bijlage:<id>`) the moment it
 * is received, before any dossier is saved; the store cannot list keys, so every content is
 * registered here first, with the conversation that received it and the pupils it was
 * received for. A content is needed while the current dossier of one of those pupils lists
 * it, or while that conversation's state (a dossier in progress) still names it.
 */
import type { Dossier } from '../domain/dossier';
import type { DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument } from '../storage/updateDocument';
import { keys } from './keys';
import { rootOf } from './schoolStore';

export interface RegisterEntry {
  /** When the content was stored (ISO). */
  at: string;
  /** Storage key of the conversation state that received it. */
  gesprek: string;
  /** Pupils whose dossier may list it (extended when a dossier with it is saved). */
  leerlingnummers: string[];
}

type Register = Record<string, RegisterEntry>;

/**
 * Content younger than this is never swept: another instance may have stored it in a turn
 * whose conversation state is not saved yet.
 */
export const SWEEP_GRACE_MS = 15 * 60 * 1000;

export class AttachmentRegister {
  constructor(private readonly store: DocumentStore) {}

  /** Registers a content before it is written, so a crash in between leaves nothing unknown. */
  async add(id: string, entry: RegisterEntry): Promise<void> {
    await updateDocument<Register>(this.store, keys.attachmentRegister(), (register = {}) => ({ ...register, [id]: entry }), { localTurns: true });
  }

  /** A dossier listing these contents was saved for this pupil. */
  async claim(ids: readonly string[], leerlingnummer: string): Promise<void> {
    if (ids.length === 0) return;
    await updateDocument<Register>(
      this.store,
      keys.attachmentRegister(),
      (register = {}) => {
        const missing = ids.filter((id) => register[id] && !register[id].leerlingnummers.includes(leerlingnummer));
        if (missing.length === 0) return KEEP;
        const next = { ...register };
        for (const id of missing) next[id] = { ...next[id]!, leerlingnummers: [...next[id]!.leerlingnummers, leerlingnummer] };
        return next;
      },
      { localTurns: true },
    );
  }

  /** Deletes contents and their entries (a failed turn's files, or what nothing needs). */
  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) await this.store.delete(keys.attachment(id));
    await updateDocument<Register>(
      this.store,
      keys.attachmentRegister(),
      (register) => {
        if (!register || !ids.some((id) => id in register)) return KEEP;
        const next = { ...register };
        for (const id of ids) delete next[id];
        return next;
      },
      { localTurns: true },
    );
  }

  /** Removes every registered content older than `graceMs` that nothing refers to; returns how many. */
  async sweep(now: Date, graceMs = SWEEP_GRACE_MS): Promise<number> {
    const register = (await this.store.get<Register>(keys.attachmentRegister()))?.value ?? {};
    const unused: string[] = [];
    for (const [id, entry] of Object.entries(register)) {
      if (now.getTime() - Date.parse(entry.at) < graceMs) continue;
      if (!(await this.isReferenced(id, entry))) unused.push(id);
    }
    await this.remove(unused);
    return unused.length;
  }

  private async isReferenced(id: string, entry: RegisterEntry): Promise<boolean> {
    // The current dossier, and a new one in progress beside a delivered one (DossierRepository).
    const dossiers = await this.store.getMany<Dossier>(entry.leerlingnummers.flatMap((n) => [keys.dossier(n), keys.dossierDraft(n)]));
    if (dossiers.some((d) => d?.value.bijlagen?.some((b) => b.id === id))) return true;
    // A dossier in progress: the conversation's dialog state lists the file (ids are UUIDs).
    // Conversation states are the board's, not the school's: read from the board's store.
    const state = entry.gesprek ? await rootOf(this.store).get<unknown>(entry.gesprek) : undefined;
    return state !== undefined && JSON.stringify(state.value).includes(id);
  }
}
