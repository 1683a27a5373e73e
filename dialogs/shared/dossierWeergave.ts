/**
 * How a dossier is shown in chat: status, what it means, its history. The BSN is always
 * masked here (PRODUCT.md §8).
 */
import { formatDutchMoment } from '../../src/domain/dates';
import type { Dossier, DossierStatus, HistoryEntry } from '../../src/domain/dossier';
import { mask } from '../../src/domain/identifiers/leerlingnummer';
import { escapeMarkdown } from './markdown';

const ACTIE: Record<HistoryEntry['actie'], string> = {
  aangemaakt: 'aangemaakt',
  gewijzigd: 'gewijzigd',
  gereed: 'gereed gemaakt',
  ingetrokken: 'ingetrokken (terug naar concept)',
  verstrekt: 'verstrekt',
};

const BETEKENIS: Record<DossierStatus, string> = {
  concept: 'nog niet klaar; LDOS kan het niet opvragen. Maak het af met "nieuw dossier" en kies "verdergaan".',
  gereed: 'klaar om in LDOS op te vragen (OSO – aanvraag overdracht, door de directie).',
  verstrekt: 'opgehaald in LDOS.',
};

/** "15 oktober 2026 om 12:00", in Dutch time. */
export const formatMoment = formatDutchMoment;

/** Plain text (also a button title); escape it where it goes into a chat text. */
export const leerlingLabel = (d: Pick<Dossier, 'leerlingNaam' | 'leerlingnummer'>): string =>
  `${d.leerlingNaam} (${mask(d.leerlingnummer)})`;

/** One line for lists: "Zoë van den Berg (*****6789) — gereed, 15 oktober 2026 om 12:00". */
export function dossierRegel(d: Dossier): string {
  const last = d.history[d.history.length - 1];
  return `${escapeMarkdown(leerlingLabel(d))} — ${d.status}${last ? `, ${formatMoment(last.at)}` : ''}`;
}

/** Status, meaning and history of one dossier. */
export function dossierStatusTekst(d: Dossier): string {
  const history = d.history.map(
    (h) => `- ${formatMoment(h.at)}: ${ACTIE[h.actie]} door ${escapeMarkdown(h.door.naam)}${h.detail ? ` (${escapeMarkdown(h.detail)})` : ''}`,
  );
  return [
    `**${escapeMarkdown(leerlingLabel(d))}**: status "${d.status}" — ${BETEKENIS[d.status]}`,
    `Soort overstap ${d.soortOverstap}, BRIN-nummer ${d.ontvangendeBrin}.`,
    'Historie:',
    ...history,
  ].join('\n');
}
