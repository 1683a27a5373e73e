/** Users and their roles (PRODUCT.md §2). */
export const ROLES = ['medewerker', 'directie', 'beheerder'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  /** Teams: from.aadObjectId; elsewhere: from.id. */
  id: string;
  naam: string;
  email?: string;
  telefoon?: string;
  rollen: Role[];
  /** The school acted for, named in the menu and summaries when the person works at more than one. */
  school?: string;
  /** Bestuursbeheerder: may add schools and their beheerders (beheer). */
  bestuursbeheerder?: true;
}

/** The directie may do all a medewerker may; a beheerder manages, and is not implicitly medewerker. */
export function mag(user: Pick<User, 'rollen'>, rol: Role): boolean {
  if (rol === 'medewerker') return user.rollen.includes('medewerker') || user.rollen.includes('directie');
  return user.rollen.includes(rol);
}

export function parseRole(input: string): Role | undefined {
  const t = input.trim().toLowerCase();
  return (ROLES as readonly string[]).includes(t) ? (t as Role) : undefined;
}

/**
 * A person as the board stores them: one document for everyone, with roles per school
 * (school id → roles; a school listed with no roles means registered there, no role yet).
 * `rollen` is how a store from before boards kept the roles: they are the roles at the
 * school that store was made for (FIRST_SCHOOL_ID), until a change writes them per school.
 */
export interface Person {
  id: string;
  naam: string;
  email?: string;
  telefoon?: string;
  scholen?: Record<string, Role[]>;
  rollen?: Role[];
  /** Bestuursbeheerder: adds schools and their beheerders; beheerder at every school. */
  bestuursbeheerder?: true;
  /** The school chosen last, proposed first when the bot asks again. */
  laatsteSchool?: string;
}

/** The school a store was made for before boards existed; its documents keep their keys. */
export const FIRST_SCHOOL_ID = '1';

/** Whether the person is registered at this school (with or without roles). */
export function isMemberOf(person: Person, schoolId: string): boolean {
  if (person.bestuursbeheerder) return true;
  if (person.scholen && schoolId in person.scholen) return true;
  return schoolId === FIRST_SCHOOL_ID && !person.scholen && Array.isArray(person.rollen);
}

/** The person's roles at one school; a bestuursbeheerder is beheerder at every school. */
export function rolesAt(person: Person, schoolId: string): Role[] {
  const own = person.scholen?.[schoolId] ?? (schoolId === FIRST_SCHOOL_ID && !person.scholen ? (person.rollen ?? []) : []);
  return person.bestuursbeheerder && !own.includes('beheerder') ? [...own, 'beheerder'] : [...own];
}

/** The person as one school sees them: the user the dialogs work with. */
export function userAt(person: Person, schoolId: string): User {
  const { id, naam, email, telefoon, bestuursbeheerder } = person;
  return {
    id,
    naam,
    ...(email ? { email } : {}),
    ...(telefoon ? { telefoon } : {}),
    rollen: rolesAt(person, schoolId),
    ...(bestuursbeheerder ? { bestuursbeheerder } : {}),
  };
}

/** The person with the roles at one school set, in the per-school form (a pre-board `rollen` is moved along). */
export function withRolesAt(person: Person, schoolId: string, rollen: readonly Role[]): Person {
  const { rollen: legacy, scholen, ...rest } = person;
  const perSchool: Record<string, Role[]> = { ...(scholen ?? (legacy ? { [FIRST_SCHOOL_ID]: [...legacy] } : {})) };
  perSchool[schoolId] = [...new Set(rollen)];
  return { ...rest, scholen: perSchool };
}

/** The person no longer registered at one school. */
export function withoutSchool(person: Person, schoolId: string): Person {
  const moved = withRolesAt(person, schoolId, []);
  const { [schoolId]: _gone, ...others } = moved.scholen ?? {};
  return { ...moved, scholen: others };
}
