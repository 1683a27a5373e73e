/**
 * The domain checks before "gereed": each missing piece of data is named, with where to fix it.
 */
import { describe, expect, it } from 'vitest';
import type { Pupil } from '../../src/domain/pupil';
import type { School } from '../../src/domain/school';
import { checkOsoRules, listOsoProblems } from '../../src/domain/oso/checkOsoRules';
import { TODAY, anna, basisschool, bram, chloe, daan, makeDossier, soSchool, voSchool } from './fixtures';
import type { Dossier } from '../../src/domain/dossier';

const problems = (pupil: Pupil, school: School = basisschool, dossier: Partial<Dossier> = {}, inhoud?: Record<string, Uint8Array>) =>
  listOsoProblems({ dossier: makeDossier(pupil, dossier), pupil, school, today: TODAY, bijlageInhoud: inhoud });
const codes = (...args: Parameters<typeof problems>) => problems(...args).map((p) => p.code);

describe('checkOsoRules', () => {
  it('accepts complete data', () => {
    expect(checkOsoRules({ dossier: makeDossier(anna), pupil: anna, school: basisschool, today: TODAY })).toEqual({ ok: true, value: true });
  });

  it('names a missing birth date and says to fix it in Esis and import again', () => {
    const [p] = problems({ ...anna, geboortedatum: '' });
    expect(p).toEqual({
      code: 'leerling-geboortedatum',
      message: 'Anna van der Berg heeft geen geboortedatum in de leerlingadministratie; vul die eerst aan in Esis en importeer de leerlingenlijst opnieuw.',
    });
    expect(codes({ ...anna, geboortedatum: '2013-02-30' })).toEqual(['leerling-geboortedatum']);
    expect(codes({ ...anna, geboortedatum: '2027-01-01' })).toEqual(['leerling-geboortedatum']);
  });

  it('needs a parent or guardian; one who is not the legal representative does not block the dossier', () => {
    expect(problems({ ...anna, verzorgers: [] })[0]!.message).toBe(
      'Bij Anna van der Berg staat geen ouder of verzorger in de leerlingadministratie; vul dat aan in Esis en importeer de leerlingenlijst opnieuw.',
    );
    const notLegal = anna.verzorgers.map((v) => ({ ...v, wettigVertegenwoordiger: false }));
    expect(codes({ ...anna, verzorgers: notLegal })).toEqual([]);
  });

  it('needs school career in the chosen years, and says which years', () => {
    const old = { ...anna, schoolloopbaan: anna.schoolloopbaan.filter((s) => s.schooljaar < '2024') };
    expect(codes(old, basisschool, { aantalSchooljaren: 3 })).toEqual([]);
    const [p] = problems(old, basisschool, { aantalSchooljaren: 2 });
    expect(p!.code).toBe('schoolloopbaan');
    expect(p!.message).toBe(
      'Anna van der Berg heeft geen schoolloopbaan in de schooljaren 2024-2025, 2025-2026; vul dat aan in Esis en importeer de leerlingenlijst opnieuw, of kies meer schooljaren.',
    );
    expect(problems(old, basisschool, { aantalSchooljaren: 1 })[0]!.message).toContain('in schooljaar 2025-2026');
  });

  it('needs a jaargroep it can read from the group', () => {
    const kleuters = { ...bram, schoolloopbaan: [{ schooljaar: '2025-2026', groep: 'Kleuters', begindatum: '2025-08-01' }] };
    expect(problems(kleuters)[0]!.message).toContain('(2025-2026, groep "Kleuters") ontbreekt de jaargroep');
    // A VO school has leerjaren 1–6 only.
    expect(codes({ ...chloe, schoolloopbaan: [{ ...chloe.schoolloopbaan[1]!, jaargroep: 7 }] }, voSchool, { soortOverstap: 'VOVO' })).toEqual(['jaargroep']);
  });

  it('tells the beheerder to complete the school', () => {
    const bare: School = { brin: '12AB', naam: 'Kale school', soort: 'BAO' };
    const found = problems(anna, bare);
    expect(found.map((p) => p.code)).toEqual(['school-adres', 'school-contact']);
    expect(found[0]!.message).toBe(
      'Het adres van de school ontbreekt en OSO vraagt erom; laat de beheerder dat aanvullen via "beheer" → "school wijzigen", of IT via "npm run admin -- school".',
    );
    expect(codes(anna, { ...basisschool, brin: '1234' })).toEqual(['school-brin']);
  });

  it('needs an address unless it is secret, and an enrolment date', () => {
    expect(codes({ ...daan, adres: undefined })).toEqual(['leerling-adres']);
    expect(codes({ ...daan, adres: undefined, adresGeheim: true })).toEqual([]);
    expect(codes({ ...daan, schoolloopbaan: [], datumInschrijving: undefined }, basisschool)).toEqual(['leerling-inschrijving', 'schoolloopbaan']);
  });

  it('needs a DUO advice code for POVO, except from an SO school', () => {
    expect(codes(anna, basisschool, { soortOverstap: 'POVO' })).toEqual([]);
    const [p] = problems(daan, basisschool, { soortOverstap: 'POVO' });
    expect(p!.code).toBe('advies');
    expect(p!.message).toContain('("havo/vwo") is geen code uit de OSO-codelijst "Advies VO"');
    expect(codes(bram, basisschool, { soortOverstap: 'POVO' })).toEqual(['advies']);
    expect(codes(bram, soSchool, { soortOverstap: 'POVO' })).toEqual([]);
    // POPO does not need one.
    expect(codes(daan)).toEqual([]);
  });

  it('limits aandachtspunten to 280 characters and checks e-mail addresses as OSO does', () => {
    expect(codes({ ...anna, overstapadvies: { aandachtspunten: 'x'.repeat(281) } })).toEqual(['aandachtspunten']);
    expect(codes({ ...anna, email: 'anna@example.com.' })).toEqual(['leerling-email']);
    expect(codes(anna, { ...basisschool, email: 'info@-school.nl' })).toEqual(['school-email']);
  });

  it('checks attachments only when Bijlagedocs is chosen: content present, allowed type', () => {
    const bijlagen = [
      { id: 'a', naam: 'verslag.pdf', contentType: 'application/pdf', grootte: 3, inhoudKey: 'ka' },
      { id: 'b', naam: 'film.mp4', contentType: 'video/mp4', grootte: 3, inhoudKey: 'kb' },
    ];
    const inhoud = { b: new Uint8Array([1, 2, 3]) };
    expect(codes(anna, basisschool, { bijlagen }, inhoud)).toEqual([]);
    const found = problems(anna, basisschool, { bijlagen, categorieen: ['bijlagedocs'] }, inhoud);
    expect(found.map((p) => p.code)).toEqual(['bijlage-inhoud', 'bijlage-type']);
    expect(found[1]!.message).toContain('"film.mp4" heeft een bestandstype dat OSO niet toestaat');
  });

  it('puts several problems in one message, each on its own line', () => {
    const result = checkOsoRules({ dossier: makeDossier(anna), pupil: { ...anna, geboortedatum: '', verzorgers: [] }, school: basisschool, today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('leerling-geboortedatum');
    expect(result.problem.message.split('\n')).toEqual([
      'Dit dossier kan nog niet gereed worden gemaakt; OSO mist nog het volgende:',
      expect.stringMatching(/^- Anna van der Berg heeft geen geboortedatum/),
      expect.stringMatching(/^- Bij Anna van der Berg staat geen ouder of verzorger/),
    ]);
  });
});
