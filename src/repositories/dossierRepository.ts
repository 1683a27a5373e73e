import type { Dossier } from '../domain/dossier';
import { isETagConflict, type DocumentStore } from '../storage/documentStore';
import { KEEP, updateDocument, type UpdateOutcome } from '../storage/updateDocument';
import { keys } from './keys';

/**
 * The current dossier of each pupil lives at one key (dossier by leerlingnummer is a direct
 * lookup); a delivered dossier that is replaced by a new one moves to the archive.
 *
 * A new dossier for a pupil whose dossier is "verstrekt" is a draft at its own key beside it:
 * nothing delivered changes (status, history, what LDOS sees) until the new one is made
 * ready (`promoteDraft`). Cancelling or abandoning the new one leaves the delivered one as
 * it was.
 */
export class DossierRepository {
  constructor(private readonly store: DocumentStore) {}

  /** The pupil's current dossier: what "status", LDOS and "intrekken" see. */
  async get(leerlingnummer: string): Promise<Dossier | undefined> {
    const current = (await this.store.get<Dossier>(keys.dossier(leerlingnummer)))?.value;
    if (current?.status !== 'verstrekt' || !(await this.finishPromotion(leerlingnummer))) return current;
    return (await this.store.get<Dossier>(keys.dossier(leerlingnummer)))?.value;
  }

  /** The new concept beside a delivered dossier, if there is one. */
  async getDraft(leerlingnummer: string): Promise<Dossier | undefined> {
    const draft = (await this.store.get<Dossier>(keys.dossierDraft(leerlingnummer)))?.value;
    return draft?.status === 'concept' ? draft : undefined;
  }

  /** The concept staff work on: the current dossier when it is one, else the draft beside a delivered one. */
  async getConcept(leerlingnummer: string): Promise<Dossier | undefined> {
    const current = await this.get(leerlingnummer);
    if (current?.status === 'concept') return current;
    return current?.status === 'verstrekt' ? this.getDraft(leerlingnummer) : undefined;
  }

  /** Guarded change of the draft beside a delivered dossier (see `update`). */
  async updateDraft(
    leerlingnummer: string,
    change: (current: Dossier | undefined) => Dossier | typeof KEEP,
  ): Promise<UpdateOutcome<Dossier>> {
    const outcome = await updateDocument<Dossier>(this.store, keys.dossierDraft(leerlingnummer), change);
    if (outcome.written && outcome.value) await this.remember(outcome.value);
    return outcome;
  }

  /** Saves a new draft beside a delivered dossier; `replaceIf` as in `save`. */
  async saveDraft(dossier: Dossier, replaceIf: (current: Dossier | undefined) => boolean = () => true): Promise<boolean> {
    const saved = await this.saveAt(keys.dossierDraft(dossier.leerlingnummer), dossier, replaceIf, false);
    if (saved) await this.remember(dossier);
    return saved;
  }

  /**
   * The draft, made ready, becomes the pupil's current dossier; the delivered one goes to the
   * archive. First the draft itself turns "gereed" (eTag-checked against `expected`, the
   * concept that was made ready), so from that moment nobody can change it any more; then
   * the current dossier is replaced and the draft removed. A crash in between is finished by
   * the next `get`. False when the draft is no longer `expected` (someone changed it).
   */
  async promoteDraft(expected: Dossier, ready: Dossier): Promise<boolean> {
    const outcome = await updateDocument<Dossier>(this.store, keys.dossierDraft(expected.leerlingnummer), (draft) =>
      draft && JSON.stringify(draft) === JSON.stringify(expected) ? ready : KEEP,
    );
    if (!outcome.written) return false;
    await this.finishPromotion(expected.leerlingnummer);
    return true;
  }

  /** Completes a promotion a crash interrupted (a "gereed" draft beside a delivered dossier). */
  private async finishPromotion(leerlingnummer: string): Promise<boolean> {
    const draft = await this.store.get<Dossier>(keys.dossierDraft(leerlingnummer));
    if (!draft || draft.value.status === 'concept') return false;
    // A leftover of a promotion that did finish has the current dossier's id: only removed.
    const replaced = await this.save(draft.value, (current) => !current || (current.status === 'verstrekt' && current.id !== draft.value.id));
    // Only this draft version: a new draft started meanwhile is someone's work.
    await this.store.delete(keys.dossierDraft(leerlingnummer), { ifMatch: draft.eTag }).catch(() => false);
    return replaced;
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
    const saved = await this.saveAt(keys.dossier(dossier.leerlingnummer), dossier, replaceIf, true);
    if (saved) await this.remember(dossier);
    return saved;
  }

  private async saveAt(
    key: string,
    dossier: Dossier,
    replaceIf: (current: Dossier | undefined) => boolean,
    archiveDelivered: boolean,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.get<Dossier>(key);
      if (!replaceIf(current?.value)) return false;
      const previous = current?.value;
      if (archiveDelivered && previous && previous.id !== dossier.id && previous.status === 'verstrekt') {
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
    return true;
  }

  /** The dossiers a user made, newest first: current ones and new concepts beside delivered ones. */
  async listMadeBy(userId: string): Promise<Dossier[]> {
    const nummers = (await this.store.get<string[]>(keys.dossiersByUser(userId)))?.value ?? [];
    const found = await this.store.getMany<Dossier>(nummers.flatMap((n) => [keys.dossier(n), keys.dossierDraft(n)]));
    const seen = new Set<string>();
    return found
      .flatMap((d) => {
        // A draft whose promotion a crash interrupted has the id of the current dossier.
        if (!d || seen.has(d.value.id) || d.value.aangemaaktDoor.userId !== userId) return [];
        seen.add(d.value.id);
        return [d.value];
      })
      .sort((a, b) => (lastChange(b) > lastChange(a) ? 1 : -1));
  }

  /** Pupils whose dossier may have a maker's notice waiting: read at start-up, never scanned. */
  async pendingNotices(): Promise<string[]> {
    return (await this.store.get<string[]>(keys.pendingNotices()))?.value ?? [];
  }

  /** Listed when a dossier becomes "gereed" (`remember`): from then on a notice may be recorded. */
  private async addPendingNotice(leerlingnummer: string): Promise<void> {
    await updateDocument<string[]>(this.store, keys.pendingNotices(), (list = []) =>
      list.includes(leerlingnummer) ? KEEP : [...list, leerlingnummer],
      { localTurns: true },
    );
  }

  async removePendingNotice(leerlingnummer: string): Promise<void> {
    await updateDocument<string[]>(this.store, keys.pendingNotices(), (list = []) =>
      list.includes(leerlingnummer) ? list.filter((n) => n !== leerlingnummer) : KEEP,
      { localTurns: true },
    );
  }

  async saveAttachmentContent(id: string, base64: string): Promise<void> {
    await this.store.set(keys.attachment(id), base64);
  }

  async getAttachmentContent(id: string): Promise<Buffer | undefined> {
    const stored = await this.store.get<string>(keys.attachment(id));
    return stored ? Buffer.from(stored.value, 'base64') : undefined;
  }

  private async remember(d: Dossier): Promise<void> {
    // A "gereed" dossier may become "verstrekt" with a pending maker's notice: it is on the
    // outbox index before that write, so a crash after it cannot hide the notice.
    if (d.status === 'gereed') await this.addPendingNotice(d.leerlingnummer);
    await updateDocument<string[]>(this.store, keys.dossiersByUser(d.aangemaaktDoor.userId), (list = []) =>
      list.includes(d.leerlingnummer) ? KEEP : [...list, d.leerlingnummer],
      { localTurns: true },
    );
  }
}

/** Further attempts after a save lost a race (someone else wrote the dossier in between). */
const SAVE_RETRIES = 10;

const lastChange = (d: Dossier): string => d.history[d.history.length - 1]?.at ?? '';
