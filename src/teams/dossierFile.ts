/**
 * The OSO XML of a received dossier as a file on Teams. Teams does not take a file as a data:
 * URL in a bot message (only images, and only small ones), so the bot asks consent with a
 * FileConsentCard; when the user accepts, Teams gives an upload URL in the user's OneDrive, the
 * bot PUTs the document there and shows it with a FileInfoCard. The card carries only a random
 * token; which dossier it stands for, and for whom, stays in the bot's own store.
 */
import { randomUUID } from 'node:crypto';
import type { Attachment, FileConsentCardResponse, TurnContext } from 'botbuilder';
import { checkDownloadUrl } from '../app/attachmentPolicy';
import type { Logger } from '../log';
import type { Repositories } from '../repositories';
import { keys } from '../repositories/keys';
import { mag, type User } from '../domain/users';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** An offer stays valid for a working day: an old card pressed the next week asks again. */
const GELDIG_MS = 8 * 60 * 60 * 1000;

const TEXT = {
  beschrijving: 'Het OSO-overstapdossier (XML) voor uw leerlingadministratie.',
  klaar: 'Het OSO-bestand staat nu in uw OneDrive:',
  verlopen: 'Deze knop is verlopen of al gebruikt. Vraag het bestand opnieuw met "toon dossier".',
  nietVoorU: 'Dit bestand is voor iemand anders klaargezet; vraag het zelf op met "toon dossier".',
  geenDirectie: 'Alleen de directie mag een ontvangen dossier opvragen.',
  mislukt: 'Het bestand kon ik niet in uw OneDrive zetten. Probeer het later opnieuw met "toon dossier".',
  geweigerd: 'Goed, ik stuur het bestand niet.',
};

interface FileOffer {
  leerlingnummer: string;
  userId: string;
  naam: string;
  aangeboden: string;
}

/** PUTs the bytes to an upload URL Teams handed out (OneDrive); throws when it is not accepted. */
export type Uploader = (url: URL, body: Buffer) => Promise<void>;

export const putToOneDrive: Uploader = async (url, body) => {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'Content-Length': String(body.length), 'Content-Range': `bytes 0-${body.length - 1}/${body.length}` },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`upload answered HTTP ${res.status}`);
};

/** The consent card for this dossier's XML; the offer is stored under a fresh token. */
export async function offerDossierFile(repos: Repositories, user: Pick<User, 'id'>, leerlingnummer: string, naam: string, xml: string, now: Date): Promise<Attachment> {
  const token = randomUUID();
  const offer: FileOffer = { leerlingnummer, userId: user.id, naam, aangeboden: now.toISOString() };
  await repos.store.set(keys.fileOffer(token), offer);
  return {
    contentType: FILE_CONSENT_CARD,
    name: naam,
    content: {
      description: TEXT.beschrijving,
      sizeInBytes: Buffer.byteLength(xml, 'utf8'),
      acceptContext: { token },
      declineContext: { token },
    },
  };
}

export interface AcceptOptions {
  repos: Repositories;
  logger: Logger;
  upload: Uploader;
  allowedHosts: readonly string[];
  now: Date;
}

/** The user accepted: check who and what, upload, show the file. Never throws to the channel. */
export async function acceptDossierFile(context: TurnContext, response: FileConsentCardResponse, user: User, options: AcceptOptions): Promise<void> {
  const token = tokenOf(response.context);
  const offer = token ? (await options.repos.store.get<FileOffer>(keys.fileOffer(token)))?.value : undefined;
  if (!token || !offer || options.now.getTime() - Date.parse(offer.aangeboden) > GELDIG_MS) {
    await context.sendActivity(TEXT.verlopen);
    return;
  }
  if (offer.userId !== user.id) {
    await context.sendActivity(TEXT.nietVoorU);
    return;
  }
  if (!mag(user, 'directie')) {
    await context.sendActivity(TEXT.geenDirectie);
    return;
  }
  const received = await options.repos.ldos.get(offer.leerlingnummer);
  const xml = received?.dossier.osoDocument;
  const info = response.uploadInfo;
  const target = info?.uploadUrl ? checkDownloadUrl(info.uploadUrl, options.allowedHosts) : undefined;
  if (!xml || !target?.ok) {
    if (target && !target.ok) options.logger.warn({ reason: target.reason }, 'a Teams upload URL outside the permitted hosts was refused');
    await context.sendActivity(TEXT.mislukt);
    return;
  }
  try {
    await options.upload(target.url, Buffer.from(xml, 'utf8'));
  } catch (error) {
    options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'uploading a dossier file to OneDrive failed');
    await context.sendActivity(TEXT.mislukt);
    return;
  }
  await options.repos.store.delete(keys.fileOffer(token));
  await context.sendActivity({
    type: 'message',
    text: TEXT.klaar,
    attachments: [{ contentType: FILE_INFO_CARD, contentUrl: info!.contentUrl, name: info!.name ?? offer.naam, content: { uniqueId: info!.uniqueId, fileType: info!.fileType } }],
  });
}

export async function declineDossierFile(context: TurnContext, response: FileConsentCardResponse, repos: Repositories): Promise<void> {
  const token = tokenOf(response.context);
  if (token) await repos.store.delete(keys.fileOffer(token));
  await context.sendActivity(TEXT.geweigerd);
}

function tokenOf(context: unknown): string | undefined {
  const token = (context as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && /^[0-9a-f-]{36}$/.test(token) ? token : undefined;
}
