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
import { keys } from '../repositories/keys';
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
  afgekeurd: (eerste: string, aantal: number) =>
    `De officiële OSO-controle keurt het dossier af${aantal > 1 ? ` (${aantal} meldingen)` : ''}: ${eerste} Het dossier blijft een concept. Geef deze melding door aan de beheerder.`,
};

const nowIso = (services: BotServices): string => services.clock.now().toISOString();

/**
 * Saves the answers as a concept dossier for one pupil. `continueId` is the id of the concept
 * the user chose to continue (it is updated in place); otherwise a new dossier replaces what
 * is there (a delivered one is archived by the repository). A dossier that became "gereed"
 * meanwhile is never overwritten.
 */
export async function saveConcept(
  services: BotServices,
  pupil: PupilChoice,
  answers: DossierAnswers,
  by: Actor,
  continueId?: string,
): Promise<Result<Dossier>> {
  const at = nowIso(services);
  const existing = await services.repos.dossiers.get(pupil.leerlingnummer);
  if (existing?.status === 'gereed') return fail('gereed', TEXT.alGereed(pupil.naam));
  if (existing && existing.status === 'concept' && existing.id === continueId) {
    let saved: Dossier | undefined;
    let refused = false;
    await services.repos.dossiers.update(pupil.leerlingnummer, (current) => {
      if (!current || current.id !== continueId || current.status !== 'concept') {
        refused = true;
        return KEEP;
      }
      saved = {
        ...current,
        ...answers,
        history: [...current.history, { at, door: by, actie: 'gewijzigd' }],
      };
      if (answers.akkoord !== 'Nee') delete saved.redenNietAkkoord;
      return saved;
    });
    if (refused || !saved) return fail('gereed', TEXT.alGereed(pupil.naam));
    await claimAttachments(services, saved);
    return ok(saved);
  }
  const dossier = createDossier(
    { id: randomUUID(), leerlingnummer: pupil.leerlingnummer, leerlingNaam: pupil.naam, aangemaaktDoor: by, ...answers },
    at,
  );
  // Checked again at the moment of writing: it may have become "gereed" since the read above.
  const saved = await services.repos.dossiers.save(dossier, (current) => current?.status !== 'gereed');
  if (!saved) return fail('gereed', TEXT.alGereed(pupil.naam));
  await claimAttachments(services, dossier);
  return ok(dossier);
}

/** The saved dossier now refers to its files: they are kept for this pupil. */
async function claimAttachments(services: BotServices, dossier: Dossier): Promise<void> {
  await new AttachmentRegister(services.repos.store).claim(dossier.bijlagen.map((b) => b.id), dossier.leerlingnummer);
}

/**
 * Makes a concept ready (status "gereed"): checks the OSO rules, takes the snapshot of the
 * pupil, and stores it all at once. The one place where the OSO document is built.
 */
export async function makeDossierReady(services: BotServices, leerlingnummer: string, by: Actor): Promise<Result<Dossier>> {
  const dossier = await services.repos.dossiers.get(leerlingnummer);
  if (!dossier) return fail('geen', TEXT.geenDossier);
  const pupil = await services.repos.pupils.get(leerlingnummer);
  if (!pupil) return fail('leerling', TEXT.leerlingWeg(dossier.leerlingNaam));
  const school = await services.repos.school.get();
  if (!school) return fail('school', TEXT.geenSchool);
  const today = todayIn(services.clock);
  const input = { dossier, pupil, school, today, bijlageInhoud: await attachmentContents(services, dossier) };
  // The OSO rules first, in staff's terms; only a dossier that passes gets its OSO document.
  const rules = checkOsoRules(input);
  if (!rules.ok) return rules;
  const osoDocument = buildOsoDocument({ ...input, pakket: PAKKET });
  const rejected = officialProblems(services, osoDocument);
  if (rejected.length > 0) {
    services.logger.warn({ problems: rejected, dossierId: dossier.id }, 'official OSO validator rejected a document');
    return fail('oso-validatie', TEXT.afgekeurd(rejected[0]!, rejected.length));
  }
  const ready = makeReady(dossier, by, nowIso(services), today, { snapshot: pupil, osoDocument });
  if (!ready.ok) return ready;
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
