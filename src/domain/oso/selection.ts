/**
 * Which of the pupil's data goes into the OSO document: only the chosen categories, and dated
 * data only from the chosen number of school years (the current one and those before it; a
 * school year runs 1 August – 31 July). The builder and the domain checks both use this, so
 * what is checked is exactly what is sent.
 */
import { uitlevering, type CategoryCode, type Uitlevering } from '../categories';
import { schoolYearStart, type IsoDate } from '../dates';
import type { Bijlage, Dossier } from '../dossier';
import type { Pupil } from '../pupil';
import type { School } from '../school';
import { coveredSchoolYearStarts } from '../schooljaren';
import { isVoAdviesCode } from './osoCodes';
import { ALTIJD, bronHeeftGegevens, type Periode } from './sourceProjection';

export interface OsoInput {
  dossier: Dossier;
  pupil: Pupil;
  school: School;
  /** The date the document is made (Europe/Amsterdam); decides the current school year. */
  today: IsoDate;
  /** Content of the dossier's attachments by Bijlage.id; needed when Bijlagedocs is chosen. */
  bijlageInhoud?: Readonly<Record<string, Uint8Array>>;
}

export interface OsoSelection {
  uitlevering: Record<CategoryCode, Uitlevering>;
  /** Start years of the covered school years, oldest first. */
  schooljaren: number[];
  /** First and last day of the covered school years. */
  periode: { van: IsoDate; tot: IsoDate };
  schoolloopbaan: Pupil['schoolloopbaan'];
  verzuim: Pupil['verzuim'];
  toetsresultaten: Pupil['toetsresultaten'];
  ondersteuning: Pupil['ondersteuning'];
  bijlagen: Bijlage[];
}

/** Whether a category's data goes in: required ones always, optional ones when chosen. */
export const delivered = (u: Uitlevering): boolean => u === 'VERPLICHT' || u === 'OPTIONEEL';


/** What the conversation chose: all selectOsoData needs of a dossier (also before it is saved). */
export type DossierKeuze = Pick<Dossier, 'soortOverstap' | 'categorieen' | 'aantalSchooljaren' | 'bijlagen'>;

/** Which dated roster data falls in a period: the one rule for selecting and for "has data". */
const IN_PERIODE = {
  /** A school-year label ("2025-2026") whose year lies in the period. */
  schooljaar: (label: string, p: Periode): boolean => `${label.slice(0, 4)}-08-01` <= p.tot && `${label.slice(5)}-07-31` >= p.van,
  dag: (datum: IsoDate, p: Periode): boolean => datum >= p.van && datum <= p.tot,
  /** Support counts when it ran during the period, even if it started earlier. */
  looptijd: (o: { begindatum: IsoDate; einddatum?: IsoDate }, p: Periode): boolean => o.begindatum <= p.tot && (o.einddatum === undefined || o.einddatum >= p.van),
};

export function selectOsoData(input: { dossier: DossierKeuze; pupil: Pupil; today: IsoDate }): OsoSelection {
  const { dossier, pupil, today } = input;
  const u = uitlevering(dossier.soortOverstap, dossier.categorieen);
  const schooljaren = coveredSchoolYearStarts(dossier.aantalSchooljaren, schoolYearStart(today));
  const first = schooljaren[0]!;
  const last = schooljaren[schooljaren.length - 1]!;
  const periode = { van: `${first}-08-01`, tot: `${last + 1}-07-31` };
  const when = <T>(cat: CategoryCode, items: T[]): T[] => (delivered(u[cat]) ? items : []);

  return {
    uitlevering: u,
    schooljaren,
    periode,
    schoolloopbaan: when('schoolloopbaan', pupil.schoolloopbaan.filter((s) => IN_PERIODE.schooljaar(s.schooljaar, periode)))
      .slice()
      .sort((a, b) => a.schooljaar.localeCompare(b.schooljaar) || a.begindatum.localeCompare(b.begindatum)),
    verzuim: when('verzuim', pupil.verzuim.filter((v) => IN_PERIODE.schooljaar(v.schooljaar, periode))),
    toetsresultaten: when('toetsresultaten', pupil.toetsresultaten.filter((t) => IN_PERIODE.dag(t.datum, periode)))
      .slice()
      .sort((a, b) => a.datum.localeCompare(b.datum)),
    ondersteuning: when('onderwijsondersteuning', pupil.ondersteuning.filter((o) => IN_PERIODE.looptijd(o, periode))),
    bijlagen: when('bijlagedocs', dossier.bijlagen),
  };
}

/**
 * Enrolment date: only what the administration says. The earliest start in the school career
 * may be at an earlier school, so it is never taken for it (issue 19: nothing invented).
 */
export function datumInschrijving(pupil: Pupil): IsoDate | undefined {
  return pupil.datumInschrijving;
}

/**
 * The advice for VO as a DUO code: the source's when it is one, else the one given in the
 * conversation (asked for POVO when the source has none); undefined when neither.
 */
export function schooladviesCode(input: Pick<OsoInput, 'dossier' | 'pupil'>): string | undefined {
  const bron = input.pupil.overstapadvies?.advies?.trim();
  if (isVoAdviesCode(bron)) return bron;
  const gesprek = input.dossier.schooladvies?.trim();
  return isVoAdviesCode(gesprek) ? gesprek : undefined;
}

/**
 * Whether the pupil has data of this category that would go out (within the period, all
 * years when none is given). A pupil from an OSO document is judged on the document itself;
 * a roster pupil only has verzuim, toetsresultaten and ondersteuning in a form OSO takes (a
 * roster's eindtoets lacks the codes OSO requires, so it is not counted as sendable).
 */
export function heeftGegevens(pupil: Pupil, code: CategoryCode, periode: Periode = ALTIJD): boolean {
  if (pupil.osoBron) return bronHeeftGegevens(pupil.osoBron, code, periode);
  switch (code) {
    case 'verzuim':
      return pupil.verzuim.some((v) => IN_PERIODE.schooljaar(v.schooljaar, periode));
    case 'toetsresultaten':
      return pupil.toetsresultaten.some((t) => IN_PERIODE.dag(t.datum, periode));
    case 'onderwijsondersteuning':
      return pupil.ondersteuning.some((o) => IN_PERIODE.looptijd(o, periode));
    default:
      return false;
  }
}

/**
 * Data the pupil has that cannot go out in this category: a roster's eindtoets (name, score,
 * advice) lacks the toetssoort, niveau and onderdelen codes OSO requires; the OSO document
 * from the administration carries them.
 */
export function heeftGegevensDieNietMeeKunnen(pupil: Pupil, code: CategoryCode): boolean {
  return code === 'eindtoetsbo' && !pupil.osoBron && pupil.eindtoets !== undefined;
}

/** The chosen optional categories that send nothing for this dossier (no data in its years, no files attached). */
export function gekozenZonderGegevens(input: { dossier: DossierKeuze; pupil: Pupil; today: IsoDate }): CategoryCode[] {
  const sel = selectOsoData(input);
  return input.dossier.categorieen.filter((code) => {
    if (sel.uitlevering[code] !== 'OPTIONEEL') return false;
    if (code === 'bijlagedocs' && sel.bijlagen.length > 0) return false;
    return !heeftGegevens(input.pupil, code, sel.periode);
  });
}
