/**
 * Makes a Teams message look like any other before the dialogs see it, so every dialog step
 * handles typed answers, card submits and files the same way:
 * - the bot's @mention in a group chat or channel is removed from the text;
 * - an Adaptive Card submit (empty text, inputs in `activity.value`) becomes the text answer
 *   the current question understands (see `answerFromCardSubmit`);
 * - a Teams file (`application/vnd.microsoft.teams.file.download.info`) becomes an ordinary
 *   attachment with a `contentUrl`, and Teams' HTML copy of the message text is dropped.
 * Before all that, on every channel, the text and card submit values are cleaned (`cleanText`):
 * this is where typed answers and beheer input enter the bot.
 */
import { ActivityTypes, TurnContext, type Activity, type Attachment } from 'botbuilder';
import { answerFromCardSubmit } from '../../dialogs/shared/cards';
import { cleanStrings, cleanText } from '../domain/text/cleanText';

export const TEAMS_FILE = 'application/vnd.microsoft.teams.file.download.info';

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
  csv: 'text/csv',
  rtf: 'application/rtf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

interface TeamsFileContent {
  downloadUrl?: string;
  uniqueId?: string;
  fileType?: string;
}

/** A Teams file attachment in the shape of an Emulator / Web Chat upload (name, type, contentUrl). */
export function teamsFileAsAttachment(attachment: Attachment): Attachment {
  if (!attachment || typeof attachment !== 'object' || attachment.contentType !== TEAMS_FILE) return attachment;
  const content = (attachment.content && typeof attachment.content === 'object' ? attachment.content : {}) as TeamsFileContent;
  const name = typeof attachment.name === 'string' ? attachment.name : '';
  const fileType = typeof content.fileType === 'string' ? content.fileType : '';
  const extension = (fileType || name.split('.').pop() || '').toLowerCase();
  return {
    contentType: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
    contentUrl: content.downloadUrl,
    name: attachment.name,
  };
}

export function normalizeIncoming(activity: Activity): void {
  if (activity.type !== ActivityTypes.Message) return;
  if (typeof activity.text === 'string') activity.text = cleanText(activity.text);
  if (activity.value !== undefined) activity.value = cleanStrings(activity.value);
  if (activity.channelId === 'msteams') {
    if (activity.recipient?.id && activity.text) {
      TurnContext.removeRecipientMention(activity);
      activity.text = activity.text.replace(/&nbsp;/g, ' ').trim();
    }
    // Only a list is a list of files; anything else is left for the dialog to refuse in Dutch.
    if (Array.isArray(activity.attachments) && activity.attachments.length) {
      activity.attachments = activity.attachments
        .filter((a) => !a || typeof a !== 'object' || a.contentType !== 'text/html')
        .map(teamsFileAsAttachment);
    }
  }
  if (!activity.text?.trim()) {
    const answer = answerFromCardSubmit(activity.value);
    if (answer !== undefined) activity.text = answer;
  }
}
