import { describe, expect, it } from 'vitest';
import { ROLES, mag, parseRole, type Role } from '../../src/domain/users';

const user = (...rollen: Role[]) => ({ rollen });

describe('mag (role checks)', () => {
  it('a medewerker may do medewerker things, not directie or beheerder things', () => {
    expect(mag(user('medewerker'), 'medewerker')).toBe(true);
    expect(mag(user('medewerker'), 'directie')).toBe(false);
    expect(mag(user('medewerker'), 'beheerder')).toBe(false);
  });

  it('the directie may also do everything a medewerker may', () => {
    expect(mag(user('directie'), 'directie')).toBe(true);
    expect(mag(user('directie'), 'medewerker')).toBe(true);
    expect(mag(user('directie'), 'beheerder')).toBe(false);
  });

  it('a beheerder manages, but is not implicitly medewerker or directie', () => {
    expect(mag(user('beheerder'), 'beheerder')).toBe(true);
    expect(mag(user('beheerder'), 'medewerker')).toBe(false);
    expect(mag(user('beheerder'), 'directie')).toBe(false);
  });

  it('a user without roles may nothing; with all roles everything', () => {
    for (const r of ROLES) {
      expect(mag(user(), r)).toBe(false);
      expect(mag(user(...ROLES), r)).toBe(true);
    }
  });
});

describe('parseRole', () => {
  it.each([
    ['medewerker', 'medewerker'],
    ['Directie', 'directie'],
    [' BEHEERDER ', 'beheerder'],
  ])('reads %j as %s', (input, role) => {
    expect(parseRole(input)).toBe(role);
  });

  it.each(['admin', 'directeur', '', 'medewerkers'])('does not know %j', (input) => {
    expect(parseRole(input)).toBeUndefined();
  });
});
