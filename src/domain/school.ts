/** The own school (PRODUCT.md §3). */
import { z } from 'zod';
import * as brin from './identifiers/brin';
import { adresSchema } from './pupil';

export const SCHOOL_SOORTEN = ['BAO', 'SBO', 'SO', 'VSO', 'VO'] as const;

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
