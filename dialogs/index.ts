/**
 * The conversations the bot offers, in menu order. Each entry is one dialog file in this
 * folder; the main dialog does the routing, the role check and the interruptions.
 */
import type { BotServices } from '../src/app/services';
import { AanvraagOverdrachtDialog } from './aanvraagOverdrachtDialog';
import { BeheerDialog } from './beheerDialog';
import { DossierDialog } from './dossierDialog';
import { IntrekkenDialog } from './intrekkenDialog';
import { KlasPlaatsenDialog } from './klasPlaatsenDialog';
import { MainDialog, type ConversationCommand } from './mainDialog';
import { MijnDossiersDialog } from './mijnDossiersDialog';
import { StatusDialog } from './statusDialog';
import { ToonDossierDialog } from './toonDossierDialog';

export function createCommands(services: BotServices): ConversationCommand[] {
  return [
    {
      title: 'Nieuw dossier',
      triggers: /^(nieuw(e)? (overstap)?dossier|overstapdossier|dossier maken|dossier)\b/,
      rol: 'medewerker',
      dialog: new DossierDialog(services),
    },
    { title: 'Status', triggers: /^status\b/, rol: 'medewerker', dialog: new StatusDialog(services) },
    { title: 'Mijn dossiers', triggers: /^mijn dossiers?\b/, rol: 'medewerker', dialog: new MijnDossiersDialog(services) },
    { title: 'Intrekken', triggers: /^(intrekken|trek in)\b/, rol: 'medewerker', dialog: new IntrekkenDialog(services) },
    {
      title: 'OSO – aanvraag overdracht',
      triggers: /^(oso\s*[–-]\s*)?(aanvraag|aanvragen) overdracht\b|^overdracht aanvragen\b/,
      rol: 'directie',
      dialog: new AanvraagOverdrachtDialog(services),
    },
    {
      title: 'LDOS – klas plaatsen',
      triggers: /^(ldos\s*[–-]\s*)?klas plaatsen\b|^in klas plaatsen\b|^klas kiezen\b/,
      rol: 'directie',
      dialog: new KlasPlaatsenDialog(services),
    },
    {
      title: 'LDOS – toon dossier',
      triggers: /^(ldos\s*[–-]\s*)?toon (het )?(overstap)?dossier\b/,
      rol: 'directie',
      dialog: new ToonDossierDialog(services),
    },
    { title: 'Beheer', triggers: /^beheer(en)?\b/, rol: 'beheerder', dialog: new BeheerDialog(services) },
  ];
}

/** The main dialog with every conversation, over one school's services (the bot makes one per school). */
export const createMainDialog = (services: BotServices): MainDialog => new MainDialog(services, createCommands(services));
