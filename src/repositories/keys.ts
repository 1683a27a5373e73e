/**
 * Every storage key in one place. Lookups by pupil number are direct keys, never scans;
 * the small index documents exist only for lists (roster search, "mijn dossiers").
 */
export const keys = {
  school: () => 'school',
  pupil: (leerlingnummer: string) => `leerling:${leerlingnummer}`,
  pupilIndex: () => 'leerlingen:index',
  user: (id: string) => `gebruiker:${id}`,
  userIndex: () => 'gebruikers:index',
  dossier: (leerlingnummer: string) => `dossier:${leerlingnummer}`,
  dossierArchive: (leerlingnummer: string, id: string) => `dossier-archief:${leerlingnummer}:${id}`,
  dossiersByUser: (userId: string) => `dossiers-van:${userId}`,
  attachment: (id: string) => `bijlage:${id}`,
  ldosPupil: (leerlingnummer: string) => `ldos:leerling:${leerlingnummer}`,
  ldosIndex: () => 'ldos:leerlingen:index',
  ldosClasses: () => 'ldos:klassen',
  conversationReference: (userId: string) => `gesprek:${userId}`,
  meta: (name: string) => `meta:${name}`,
} as const;
