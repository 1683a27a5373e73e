/**
 * "Aanvraag overdracht" (PRODUCT.md §6): a director asks for a pupil's dossier in LDOS with
 * the pupil's BSN (or onderwijsnummer) and the own BRIN. No botbuilder here: the dialog asks
 * the questions, this service decides and performs the exchange.
 *
 * Order of the two writes, and why:
 *  1. Esis side first: the dossier goes `gereed` → `verstrekt` in ONE guarded write
 *     (DossierRepository.update = eTag compare-and-set). This is the single decision point:
 *     of two directors requesting at the same moment exactly one flips the status; the other
 *     re-reads, sees `verstrekt` and gets "already delivered".
 *  2. LDOS side second: the received pupil is stored create-only (LdosRepository.importOnce),
 *     so it can never be stored twice.
 * A crash between 1 and 2 leaves a `verstrekt` dossier without its LDOS record. Nothing is
 * lost: a verstrekt dossier still carries the snapshot, the OSO document and the attachment
 * metadata, and every later request for it ("already delivered") first completes the missing
 * import (create-only again, so two completions still give one record). The other order would
 * be worse: LDOS would hold a dossier that Esis still shows as `gereed`, which the staff
 * member could then withdraw ("intrekken") although the director already has it.
 *
 * The maker's notice is an outbox: step 1 also records `makerNoticePending` on the dossier
 * (the pupil is already on the small index of possible notices since the dossier became
 * "gereed", DossierRepository), the notice is sent after step 2, and only then is the mark
 * removed. A crash anywhere in between leaves the
 * mark, and `sendPendingNotices` at start-up sends it. A crash after sending but before the
 * mark is removed sends it once more: at least once, never lost.
 */
import { writeFileSync, existsSync } from 'node:fs';
import type { Actor, Dossier } from '../domain/dossier';
import { judgeRequest, markProvided, type AanvraagUitkomst } from '../domain/dossier';
import * as brinId from '../domain/identifiers/brin';
import * as leerlingnummerId from '../domain/identifiers/leerlingnummer';
import type { LdosLeerling } from '../domain/ldos';
import { KEEP } from '../storage/updateDocument';
import type { BotServices } from './services';
import { escapeMarkdown } from '../../dialogs/shared/markdown';

export interface OverdrachtRequest {
  /** BSN or onderwijsnummer, as typed (separators allowed). */
  leerlingnummer: string;
  /** The requesting school's BRIN: the own BRIN for LDOS. */
  brin: string;
  by: Actor;
}

export type OverdrachtUitkomst =
  | {
      soort: 'verstrekt';
      leerling: LdosLeerling;
      verstrekt: Verstrekking;
      gemaaktDoor: Actor;
      /** Whether the maker heard it in their own chat (`zelf`: the requester made it). */
      makerBericht: 'bezorgd' | 'nietBereikt' | 'zelf';
    }
  | { soort: 'LeerlinginfoNietBeschikbaar' }
  | { soort: 'LeerlinginfoNietOpvraagbaar' }
  | { soort: 'alVerstrekt'; naam: string; verstrekt: Verstrekking };

export type Verstrekking = NonNullable<Dossier['verstrekt']>;

const TEXT = {
  bericht: (naam: string, v: Verstrekking) =>
    `Het dossier van ${escapeMarkdown(naam)} is verstrekt aan LDOS (BRIN ${v.brin}); ${escapeMarkdown(v.door.naam)} heeft het opgehaald. In Esis staat het dossier nu op "verstrekt".`,
};

type Deps = Pick<BotServices, 'repos' | 'clock' | 'logger' | 'notifier'>;

/** Dossier ids whose notice is being sent in this process, so two callers do not both send it. */
const sending = new Set<string>();

/**
 * Test-only fault hook: with OSO_TEST_CRASH_AFTER_VERSTREKT set to a file path, the process
 * kills itself (SIGKILL) right after the first "verstrekt" write, once (the file marks that
 * it happened). Unset in every real deployment: then this does nothing.
 */
function testCrashAfterVerstrekt(): void {
  const marker = process.env.OSO_TEST_CRASH_AFTER_VERSTREKT;
  if (!marker || existsSync(marker)) return;
  writeFileSync(marker, 'crashed after verstrekt\n');
  process.kill(process.pid, 'SIGKILL');
}

export class OverdrachtService {
  constructor(private readonly services: Deps) {}

  /** At start-up: sends the maker's notices a crash left unsent (and completes their LDOS import). */
  async sendPendingNotices(): Promise<number> {
    const { dossiers } = this.services.repos;
    let sent = 0;
    for (const nummer of await dossiers.pendingNotices()) {
      const dossier = await dossiers.get(nummer);
      if (dossier?.status === 'verstrekt' && dossier.makerNoticePending) await this.deliverToLdos(dossier, true);
      if (await this.sendMakerNotice(nummer)) sent++;
    }
    return sent;
  }

  async requestTransfer(request: OverdrachtRequest): Promise<OverdrachtUitkomst> {
    const nummer = leerlingnummerId.validate(request.leerlingnummer);
    const brin = brinId.validate(request.brin);
    if (!nummer.ok || !brin.ok) return { soort: 'LeerlinginfoNietBeschikbaar' };
    const requestingBrin = brinId.format(brin.value);
    const at = this.services.clock.now().toISOString();

    // `change` may run again after losing a race, so it only computes; the last run's
    // judgement is the one that belongs to what was (or was not) written.
    let judged: AanvraagUitkomst = { soort: 'LeerlinginfoNietBeschikbaar' };
    const outcome = await this.services.repos.dossiers.update(nummer.value.nummer, (current) => {
      judged = judgeRequest(current, requestingBrin);
      if (judged.soort !== 'beschikbaar' || !current) return KEEP;
      const provided = markProvided(current, request.by, at, requestingBrin);
      if (!provided.ok) return KEEP;
      // The director who made the dossier themselves reads the outcome in this chat.
      const notice = current.aangemaaktDoor.userId !== request.by.userId;
      return notice ? { ...provided.value, makerNoticePending: true } : provided.value;
    });

    // Widen again: TypeScript cannot see that the callback above assigned it.
    const decision = judged as AanvraagUitkomst;
    if (outcome.written) {
      const dossier = outcome.value;
      testCrashAfterVerstrekt();
      const leerling = await this.deliverToLdos(dossier, false);
      this.services.logger.info({ dossierId: dossier.id }, 'dossier verstrekt aan LDOS');
      const bezorgd = await this.sendMakerNotice(nummer.value.nummer);
      const makerBericht = dossier.aangemaaktDoor.userId === request.by.userId ? 'zelf' : bezorgd ? 'bezorgd' : 'nietBereikt';
      return { soort: 'verstrekt', leerling, verstrekt: dossier.verstrekt!, gemaaktDoor: dossier.aangemaaktDoor, makerBericht };
    }
    if (decision.soort === 'alVerstrekt' && outcome.value) {
      // Completes an import (and notice) that an earlier request could not finish (see the top comment).
      await this.deliverToLdos(outcome.value, true);
      await this.sendMakerNotice(nummer.value.nummer);
      return { soort: 'alVerstrekt', naam: outcome.value.leerlingNaam, verstrekt: decision.verstrekt };
    }
    if (decision.soort === 'LeerlinginfoNietOpvraagbaar') return { soort: 'LeerlinginfoNietOpvraagbaar' };
    return { soort: 'LeerlinginfoNietBeschikbaar' };
  }

  /** Makes sure LDOS holds this (verstrekt) dossier. Safe to call any number of times. */
  private async deliverToLdos(dossier: Dossier, completing: boolean): Promise<LdosLeerling> {
    const { ldos } = this.services.repos;
    const existing = await ldos.get(dossier.leerlingnummer);
    if (existing?.dossier.id === dossier.id) return existing;
    const record = await this.ldosRecord(dossier);
    let stored = await ldos.importOnce(record);
    // The pupil is already in LDOS with an earlier dossier: the newer one replaces it.
    if (!stored) stored = await ldos.replaceDossier(record);
    if (stored && completing) {
      this.services.logger.warn({ dossierId: dossier.id }, 'completed an LDOS import that an earlier request left unfinished');
    }
    return (await ldos.get(dossier.leerlingnummer)) ?? record;
  }

  private async ldosRecord(dossier: Dossier): Promise<LdosLeerling> {
    const leerling = dossier.snapshot ?? (await this.services.repos.pupils.get(dossier.leerlingnummer));
    if (!leerling || !dossier.verstrekt) {
      throw new Error(`Dossier ${dossier.id} is verstrekt but has no pupil data to store in LDOS.`);
    }
    return {
      leerlingnummer: dossier.leerlingnummer,
      naam: dossier.leerlingNaam,
      leerling,
      dossier: {
        id: dossier.id,
        soortOverstap: dossier.soortOverstap,
        categorieen: dossier.categorieen,
        aantalSchooljaren: dossier.aantalSchooljaren,
        akkoord: dossier.akkoord,
        ...(dossier.redenNietAkkoord ? { redenNietAkkoord: dossier.redenNietAkkoord } : {}),
        ...(dossier.osoDocument ? { osoDocument: dossier.osoDocument } : {}),
        bijlagen: dossier.bijlagen,
      },
      ontvangen: dossier.verstrekt,
    };
  }

  /**
   * Sends the maker's notice if the dossier still has one pending, then removes the mark and
   * the pupil from the outbox index. The staff member hears it in their own chat; a channel
   * that refuses (or a maker who never chatted with the bot) is logged, not retried. True
   * when this call sent it.
   */
  private async sendMakerNotice(leerlingnummer: string): Promise<boolean> {
    const { repos, notifier, logger } = this.services;
    const dossier = await repos.dossiers.get(leerlingnummer);
    if (!dossier?.makerNoticePending || !dossier.verstrekt) {
      // A "gereed" dossier stays listed: it may still become "verstrekt".
      if (dossier?.status !== 'gereed') await repos.dossiers.removePendingNotice(leerlingnummer);
      return false;
    }
    if (sending.has(dossier.id)) return false;
    sending.add(dossier.id);
    let sent = false;
    try {
      try {
        sent = (await notifier?.notify(dossier.aangemaaktDoor.userId, TEXT.bericht(dossier.leerlingNaam, dossier.verstrekt))) ?? false;
        if (!sent) logger.warn({ dossierId: dossier.id }, 'could not tell the maker that the dossier was delivered');
      } catch (err) {
        logger.error({ err, dossierId: dossier.id }, 'notifying the maker failed');
      }
      await repos.dossiers.update(leerlingnummer, (current) => {
        if (!current || current.id !== dossier.id || !current.makerNoticePending) return KEEP;
        const { makerNoticePending: _sent, ...rest } = current;
        return rest;
      });
      await repos.dossiers.removePendingNotice(leerlingnummer);
    } finally {
      sending.delete(dossier.id);
    }
    return sent;
  }
}
