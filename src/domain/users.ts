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
