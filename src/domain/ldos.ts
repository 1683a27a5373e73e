/** The LDOS side: pupils received through OSO and the classes they can be placed in. */
import type { Actor, Bijlage, Dossier } from './dossier';
import type { Pupil } from './pupil';

export interface LdosLeerling {
  leerlingnummer: string;
  naam: string;
  leerling: Pupil;
  dossier: Pick<Dossier, 'id' | 'soortOverstap' | 'categorieen' | 'aantalSchooljaren' | 'akkoord' | 'redenNietAkkoord' | 'osoDocument'> & {
    bijlagen: Bijlage[];
    /** The school that made the dossier, when it came from another school's system (import-dossier). */
    herkomst?: { naam?: string; brin?: string };
  };
  ontvangen: { at: string; door: Actor; brin: string };
  klas?: string;
}
