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
 */
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
  | { soort: 'verstrekt'; leerling: LdosLeerling; verstrekt: Verstrekking; gemaaktDoor: Actor }
  | { soort: 'LeerlinginfoNietBeschikbaar' }
  | { soort: 'LeerlinginfoNietOpvraagbaar' }
  | { soort: 'alVerstrekt'; naam: string; verstrekt: Verstrekking };

export type Verstrekking = NonNullable<Dossier['verstrekt']>;

const TEXT = {
  bericht: (naam: string, v: Verstrekking) =>
    `Het dossier van ${escapeMarkdown(naam)} is verstrekt aan LDOS (BRIN ${v.brin}); ${escapeMarkdown(v.door.naam)} heeft het opgehaald. In Esis staat het dossier nu op "verstrekt".`,
};

type Deps = Pick<BotServices, 'repos' | 'clock' | 'logger' | 'notifier'>;

export class OverdrachtService {
  constructor(private readonly services: Deps) {}

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
      return provided.ok ? provided.value : KEEP;
    });

    // Widen again: TypeScript cannot see that the callback above assigned it.
    const decision = judged as AanvraagUitkomst;
    if (outcome.written) {
      const dossier = outcome.value;
      const leerling = await this.deliverToLdos(dossier, false);
      this.services.logger.info({ dossierId: dossier.id }, 'dossier verstrekt aan LDOS');
      return { soort: 'verstrekt', leerling, verstrekt: dossier.verstrekt!, gemaaktDoor: dossier.aangemaaktDoor };
    }
    if (decision.soort === 'alVerstrekt' && outcome.value) {
      // Completes an import that an earlier request could not finish (see the top comment).
      await this.deliverToLdos(outcome.value, true);
      return { soort: 'alVerstrekt', naam: outcome.value.leerlingNaam, verstrekt: decision.verstrekt };
    }
    if (decision.soort === 'LeerlinginfoNietOpvraagbaar') return { soort: 'LeerlinginfoNietOpvraagbaar' };
    return { soort: 'LeerlinginfoNietBeschikbaar' };
  }

  /**
   * Makes sure LDOS holds this (verstrekt) dossier, and tells its maker when this call is the
   * one that stored it. Safe to call any number of times.
   */
  private async deliverToLdos(dossier: Dossier, completing: boolean): Promise<LdosLeerling> {
    const { ldos } = this.services.repos;
    const existing = await ldos.get(dossier.leerlingnummer);
    if (existing?.dossier.id === dossier.id) return existing;
    const record = await this.ldosRecord(dossier);
    let stored = await ldos.importOnce(record);
    // The pupil is already in LDOS with an earlier dossier: the newer one replaces it.
    if (!stored) stored = await ldos.replaceDossier(record);
    if (stored) {
      if (completing) this.services.logger.warn({ dossierId: dossier.id }, 'completed an LDOS import that an earlier request left unfinished');
      await this.notifyMaker(dossier);
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

  /** The staff member who made the dossier hears it in their own chat; a failure only logs. */
  private async notifyMaker(dossier: Dossier): Promise<void> {
    const maker = dossier.aangemaaktDoor;
    const v = dossier.verstrekt!;
    // The director who made the dossier themselves has just read the outcome in this chat.
    if (maker.userId === v.door.userId) return;
    const { notifier, logger } = this.services;
    if (!notifier) return;
    try {
      const sent = await notifier.notify(maker.userId, TEXT.bericht(dossier.leerlingNaam, v));
      if (!sent) logger.warn({ dossierId: dossier.id }, 'could not tell the maker that the dossier was delivered');
    } catch (err) {
      logger.error({ err, dossierId: dossier.id }, 'notifying the maker failed');
    }
  }
}
