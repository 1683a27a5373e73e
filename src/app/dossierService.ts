/**
 * What the dossier conversations do to the stored data: save a concept, make it ready
 * ("gereed", manual steps 17–19), withdraw it ("intrekken"), store attachments. No botbuilder
 * here; the dialogs only collect answers and show the outcome.
 */
import { randomUUID } from 'node:crypto';
import { createDossier, makeReady, withdraw, type Actor, type Bijlage, type Dossier } from '../domain/dossier';
import { buildOsoDocument, type Pakket } from '../domain/oso/buildOsoDocument';
import { checkOsoRules, SCHOOL_AANVULLEN } from '../domain/oso/checkOsoRules';
import { fail, ok, type Result } from '../domain/result';
import { AttachmentRegister } from '../repositories/attachmentRegister';
import { withoutQuotedValues } from '../privacy/withoutQuotedValues';
import { keys } from '../repositories/keys';
import { wellFormedProblem } from '../oso/wellFormed';
import { KEEP } from '../storage/updateDocument';
import type { ReceivedFile } from './attachments';
import { todayIn } from './clock';
import type { BotServices } from './services';
import { version } from '../../package.json';

/** The sending software, as the OSO document's metadata names it. */
const PAKKET: Pakket = { naam: 'OSO-overstapbot', versie: version };

/** The answers of the dossier conversation: the same for every pupil chosen at once. */
export type DossierAnswers = Pick<
  Dossier,
  | 'soortOverstap'
  | 'categorieen'
  | 'aantalSchooljaren'
  | 'contactpersoon'
  | 'bijlagen'
  | 'voorlopig'
  | 'contactGewenst'
  | 'ontvangendeBrin'
  | 'inzage'
  | 'akkoord'
  | 'redenNietAkkoord'
  | 'schooladvies'
  | 'toestemming'
>;

export interface PupilChoice {
  leerlingnummer: string;
  naam: string;
}

const TEXT = {
  alGereed: (naam: string) =>
    `Het dossier van ${naam} heeft inmiddels status "gereed"; ik heb het niet overschreven. Trek het eerst in ("intrekken ${naam}") als u het wilt wijzigen.`,
  geenDossier: 'Er is (nog) geen dossier voor deze leerling.',
  leerlingWeg: (naam: string) =>
    `${naam} staat niet meer in de leerlingenlijst van Esis; zonder leerlinggegevens kan het dossier niet gereed worden gemaakt. Vraag de beheerder de leerlingenlijst opnieuw in te lezen.`,
  geenSchool: `De gegevens van uw school (BRIN, naam, adres) zijn nog niet ingesteld; laat de beheerder dat doen ${SCHOOL_AANVULLEN}.`,
  anderConcept: (naam: string, maker: string) =>
    `Intussen is er een ander concept-dossier voor ${naam}, van ${maker}; dat heb ik niet overschreven.`,
  gewijzigdBewaard: (naam: string, door: string) =>
    `Het concept van ${naam} is intussen gewijzigd door ${door}; die wijzigingen heb ik niet overschreven.`,
  gewijzigd: (naam: string, door: string) =>
    `Het concept van ${naam} is intussen gewijzigd door ${door}; ik heb het niet gereed gemaakt, want het is niet meer wat u zag.`,
  documentMislukt:
    'Het OSO-document van dit dossier kon niet worden gemaakt, dus ik heb het niet gereed gemaakt: het dossier blijft een concept. Geef deze melding door aan de beheerder.',
  geenGeldigeXml: (regel: number | undefined) =>
    `Het OSO-document van dit dossier is geen geldige XML${regel ? ` (regel ${regel})` : ''}; LDOS zou het niet kunnen lezen. Ik heb het dossier daarom niet gereed gemaakt: het blijft een concept. Geef deze melding door aan de beheerder.`,
  afgekeurd: (eerste: string, aantal: number) =>
    `De officiële OSO-controle keurt het dossier af${aantal > 1 ? ` (${aantal} meldingen)` : ''}: ${eerste} Het dossier blijft een concept. Geef deze melding door aan de beheerder.`,
};

const nowIso = (services: BotServices): string => services.clock.now().toISOString();

/** Who made a concept, as the other staff member reads it ("u" for the user's own, from another chat). */
const makerOf = (d: Dossier, by: Actor): string => (d.aangemaaktDoor.userId === by.userId ? 'uzelf (in een ander gesprek)' : d.aangemaaktDoor.naam);

/** Who changed a dossier last. */
const lastEditorOf = (d: Dossier): string => d.history[d.history.length - 1]?.door.naam ?? d.aangemaaktDoor.naam;

/**
 * The concept the dossier conversations work on for a pupil, and where it lives: the current
 * dossier, or the draft beside a delivered one (DossierRepository). `blocked` when the
 * current dossier is "gereed": no new concept until it is withdrawn.
 */
async function conceptPlace(services: BotServices, leerlingnummer: string) {
  const current = await services.repos.dossiers.get(leerlingnummer);
  const beside = current?.status === 'verstrekt';
  const concept = beside ? await services.repos.dossiers.getDraft(leerlingnummer) : current?.status === 'concept' ? current : undefined;
  return { blocked: current?.status === 'gereed', beside, concept };
}

/** Why a concept could not be written: someone else's concept is there now, or it became "gereed". */
async function refusal(services: BotServices, pupil: PupilChoice, by: Actor): Promise<Result<never>> {
  const { concept } = await conceptPlace(services, pupil.leerlingnummer);
  if (concept) return fail('ander-concept', TEXT.anderConcept(pupil.naam, makerOf(concept, by)));
  return fail('gereed', TEXT.alGereed(pupil.naam));
}

/** What the user chose about an existing concept (see saveConcept). */
export interface ConceptChoice {
  /** The concept the user chose to continue: updated in place. */
  continueId?: string;
  /** Its version (`versionOf`) when this conversation last saw or saved it; saves by others since are not overwritten. */
  seenVersion?: number;
  /** The concept the user saw and chose to replace. */
  replaceId?: string;
  /**
   * The id a new dossier gets, chosen by the conversation before it saves: a save repeated
   * after a crash (the channel resends the answer) finds its own dossier instead of taking it
   * for someone else's.
   */
  newId?: string;
}

/** A concept's version: every save adds a history entry. */
export const versionOf = (d: Dossier): number => d.history.length;

/**
 * Saves the answers as a concept dossier for one pupil. `continueId` is the id of the concept
 * the user chose to continue (it is updated in place, unless someone else saved it after
 * `seenVersion`); `replaceId` the id of the concept the user saw and chose to replace. Any other concept is never overwritten: the result is then
 * 'ander-concept', naming whose it is, so the user can choose. A dossier that is "gereed" is
 * never overwritten either; a delivered one stays as it is (the new concept is a draft beside
 * it until it is made ready).
 */
export async function saveConcept(
  services: BotServices,
  pupil: PupilChoice,
  answers: DossierAnswers,
  by: Actor,
  choice: ConceptChoice = {},
): Promise<Result<Dossier>> {
  const { replaceId, newId } = choice;
  // A dossier with the id this conversation gives a new one is its own, saved by a turn that
  // crashed before its answer was recorded: continued, not taken for someone else's.
  const ownEarlierSave = !!newId && choice.continueId === undefined;
  const continueId = ownEarlierSave ? newId : choice.continueId;
  const seenVersion = ownEarlierSave ? undefined : choice.seenVersion;
  const at = nowIso(services);
  const { dossiers } = services.repos;
  const place = await conceptPlace(services, pupil.leerlingnummer);
  if (place.blocked) return fail('gereed', TEXT.alGereed(pupil.naam));
  if (place.concept && place.concept.id === continueId) {
    let saved: Dossier | undefined;
    let changedBy: string | undefined;
    const change = (current: Dossier | undefined): Dossier | typeof KEEP => {
      saved = undefined;
      changedBy = undefined;
      if (!current || current.id !== continueId || current.status !== 'concept') return KEEP;
      // Someone else saved this concept since this conversation last saw it: keep theirs.
      // (Saves by this user themselves — a turn repeated after a crash — are not a conflict.)
      const other = seenVersion === undefined ? undefined : current.history.slice(seenVersion).find((h) => h.door.userId !== by.userId);
      if (other) {
        changedBy = other.door.naam;
        return KEEP;
      }
      saved = {
        ...current,
        ...answers,
        history: [...current.history, { at, door: by, actie: 'gewijzigd' }],
      };
      if (answers.akkoord !== 'Nee') delete saved.redenNietAkkoord;
      // Answers that belong to another soort overstap do not stay behind.
      if (answers.schooladvies === undefined) delete saved.schooladvies;
      if (answers.toestemming === undefined) delete saved.toestemming;
      return saved;
    };
    await (place.beside ? dossiers.updateDraft(pupil.leerlingnummer, change) : dossiers.update(pupil.leerlingnummer, change));
    if (changedBy) return fail('ander-concept', TEXT.gewijzigdBewaard(pupil.naam, changedBy));
    if (!saved) return refusal(services, pupil, by);
    await claimAttachments(services, saved);
    return ok(saved);
  }
  if (place.concept && place.concept.id !== replaceId) {
    return fail('ander-concept', TEXT.anderConcept(pupil.naam, makerOf(place.concept, by)));
  }
  const dossier = createDossier(
    { id: newId ?? randomUUID(), leerlingnummer: pupil.leerlingnummer, leerlingNaam: pupil.naam, aangemaaktDoor: by, ...answers },
    at,
  );
  // Checked again at the moment of writing: another concept may have been saved, or it may
  // have become "gereed", since the read above.
  const replaceable = (current: Dossier | undefined) => !current || (current.status === 'concept' && current.id === replaceId);
  const saved = place.beside
    ? await dossiers.saveDraft(dossier, replaceable)
    : await dossiers.save(dossier, replaceable);
  if (!saved) return refusal(services, pupil, by);
  await claimAttachments(services, dossier);
  return ok(dossier);
}

/** The saved dossier now refers to its files: they are kept for this pupil. */
async function claimAttachments(services: BotServices, dossier: Dossier): Promise<void> {
  await new AttachmentRegister(services.repos.store).claim(dossier.bijlagen.map((b) => b.id), dossier.leerlingnummer);
}

/**
 * Makes a concept ready (status "gereed"): checks the OSO rules, builds the OSO document and
 * parses it (always: well-formed, the OSO root; with OSO_VALIDATOR_DIR also the official XSD and
 * rules), takes the snapshot of the pupil, and stores it all at once. The one place where the
 * OSO document is built; a document that fails any check leaves the dossier a concept.
 * `expected` is the concept the conversation saved: exactly that one is made ready, not one
 * someone else saved or changed since.
 */
export async function makeDossierReady(
  services: BotServices,
  leerlingnummer: string,
  by: Actor,
  expected?: Dossier,
): Promise<Result<Dossier>> {
  const place = await conceptPlace(services, leerlingnummer);
  const dossier = place.concept ?? (place.blocked ? await services.repos.dossiers.get(leerlingnummer) : undefined);
  if (!dossier) return fail('geen', TEXT.geenDossier);
  if (expected && JSON.stringify(dossier) !== JSON.stringify(expected)) {
    if (dossier.status === 'gereed') return fail('status', TEXT.alGereed(dossier.leerlingNaam));
    return fail('ander-concept', TEXT.gewijzigd(dossier.leerlingNaam, lastEditorOf(dossier)));
  }
  const pupil = await services.repos.pupils.get(leerlingnummer);
  if (!pupil) return fail('leerling', TEXT.leerlingWeg(dossier.leerlingNaam));
  const school = await services.repos.school.get();
  if (!school) return fail('school', TEXT.geenSchool);
  const today = todayIn(services.clock);
  const input = { dossier, pupil, school, today, bijlageInhoud: await attachmentContents(services, dossier) };
  // The OSO rules first, in staff's terms; only a dossier that passes gets its OSO document.
  const rules = checkOsoRules(input);
  if (!rules.ok) return rules;
  let osoDocument: string;
  try {
    osoDocument = buildOsoDocument({ ...input, pakket: PAKKET });
  } catch (err) {
    // The builder's own rules (what checkOsoRules should already have said).
    services.logger.error({ dossierId: dossier.id, reason: (err as Error).message }, 'the OSO document could not be built');
    return fail('oso-document', TEXT.documentMislukt);
  }
  // Always, with or without the official files: the receiver must be able to read it.
  const malformed = await wellFormedProblem(osoDocument);
  if (malformed) {
    // The parser's detail may quote pupil data: only where it stopped goes to the log.
    services.logger.error({ dossierId: dossier.id, line: malformed.line }, 'the OSO document is not well-formed XML');
    return fail('oso-xml', TEXT.geenGeldigeXml(malformed.line));
  }
  const rejected = officialProblems(services, osoDocument);
  if (rejected.length > 0) {
    // The messages quote the rejected values (names, addresses): not those in the log.
    services.logger.warn({ problems: rejected.map(withoutQuotedValues), dossierId: dossier.id }, 'official OSO validator rejected a document');
    return fail('oso-validatie', TEXT.afgekeurd(rejected[0]!, rejected.length));
  }
  const ready = makeReady(dossier, by, nowIso(services), today, { snapshot: pupil, osoDocument });
  if (!ready.ok) return ready;
  if (place.beside) {
    // A new dossier beside a delivered one: only now does it replace it.
    if (await services.repos.dossiers.promoteDraft(dossier, ready.value)) return ok(ready.value);
    return fail('status', TEXT.alGereed(dossier.leerlingNaam));
  }
  let stored: Dossier | undefined;
  await services.repos.dossiers.update(leerlingnummer, (current) => {
    stored = undefined;
    // Someone else changed it meanwhile (made it ready, replaced it, or saved other answers,
    // which the OSO document above does not contain): keep theirs, the caller reports it.
    if (!current || JSON.stringify(current) !== JSON.stringify(dossier)) return KEEP;
    stored = ready.value;
    return ready.value;
  });
  if (!stored) return fail('status', TEXT.alGereed(dossier.leerlingNaam));
  return ok(stored);
}

/** What the official XSD and validator say, when OSO_VALIDATOR_DIR is set. */
function officialProblems(services: BotServices, xml: string): string[] {
  if (!services.osoValidator) return [];
  const { xsdErrors, ruleErrors } = services.osoValidator.validate(xml);
  return [...xsdErrors, ...ruleErrors];
}

/** The stored content of the attachments, when they go along (category Bijlagedocs chosen). */
async function attachmentContents(services: BotServices, dossier: Dossier): Promise<Record<string, Uint8Array>> {
  if (!dossier.categorieen.includes('bijlagedocs')) return {};
  const contents: Record<string, Uint8Array> = {};
  for (const b of dossier.bijlagen) {
    const content = await services.repos.dossiers.getAttachmentContent(b.id);
    if (content) contents[b.id] = content;
  }
  return contents;
}

/** "intrekken": gereed → concept, so it can be changed; LDOS can no longer request it. */
export async function withdrawDossier(services: BotServices, leerlingnummer: string, by: Actor): Promise<Result<Dossier>> {
  let outcome: Result<Dossier> = fail('geen', TEXT.geenDossier);
  await services.repos.dossiers.update(leerlingnummer, (current) => {
    if (!current) return KEEP;
    const result = withdraw(current, by, nowIso(services));
    outcome = result;
    return result.ok ? result.value : KEEP;
  });
  return outcome;
}

/**
 * Stores a received file's content apart from the dossier and returns its metadata. The
 * content is registered first (conversation, pupils), so it can be removed when no dossier
 * comes to refer to it (AttachmentRegister).
 */
export async function storeAttachment(
  services: BotServices,
  file: ReceivedFile,
  owner: { gesprek: string; leerlingnummers: string[] },
): Promise<Bijlage> {
  const id = randomUUID();
  await new AttachmentRegister(services.repos.store).add(id, { at: nowIso(services), ...owner });
  await services.repos.dossiers.saveAttachmentContent(id, file.inhoud.toString('base64'));
  return { id, naam: file.naam, contentType: file.contentType, grootte: file.inhoud.length, inhoudKey: keys.attachment(id) };
}
