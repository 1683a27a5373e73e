/** The own school (PRODUCT.md §3). */
import { z } from 'zod';
import * as brin from './identifiers/brin';
import { isOsoEmail } from './oso/osoCodes';
import { adresSchema } from './pupil';
import { fail, ok, type Result } from './result';
import { quoteInput } from './text/quoteInput';

export const SCHOOL_SOORTEN = ['BAO', 'SBO', 'SO', 'VSO', 'VO'] as const;
export type SchoolSoort = (typeof SCHOOL_SOORTEN)[number];

/** OSO's school types in words, for the question and the error message. */
export const SCHOOL_SOORT_NAMEN: Record<SchoolSoort, string> = {
  BAO: 'basisonderwijs',
  SBO: 'speciaal basisonderwijs',
  SO: 'speciaal onderwijs',
  VSO: 'voortgezet speciaal onderwijs',
  VO: 'voortgezet onderwijs',
};

export const schoolSchema = z.object({
  brin: z.string().trim().toUpperCase().refine(brin.isValid, { error: 'verwacht een BRIN als 12AB of 12AB00' }),
  naam: z.string().trim().min(1),
  adres: adresSchema.optional(),
  telefoon: z.string().trim().optional(),
  email: z.string().trim().email().optional(),
  directeur: z.string().trim().optional(),
  soort: z.enum(SCHOOL_SOORTEN).default('BAO'),
});
export type School = z.infer<typeof schoolSchema>;

const emailSchema = z.string().email();

/** The school's e-mail address: one that both the schema and the OSO validator (OG.01) accept. */
export function parseSchoolEmail(input: string): Result<string> {
  const t = input.trim();
  if (isOsoEmail(t) && emailSchema.safeParse(t).success) return ok(t);
  return fail('email', `"${quoteInput(t)}" is geen geldig e-mailadres. Bijvoorbeeld: info@regenboog.nl.`);
}

/** "BAO", "bao" or "basisonderwijs". */
export function parseSchoolSoort(input: string): Result<SchoolSoort> {
  const t = input.trim().toLowerCase();
  const soort = SCHOOL_SOORTEN.find((s) => s.toLowerCase() === t || SCHOOL_SOORT_NAMEN[s] === t);
  if (soort) return ok(soort);
  const keuzes = SCHOOL_SOORTEN.map((s) => `${s} (${SCHOOL_SOORT_NAMEN[s]})`).join(', ');
  return fail('soort', `"${quoteInput(input)}" is geen soort school. Kies uit: ${keuzes}.`);
}
