/**
 * Demo mode gives every new local user all roles and says so in the welcome. A registered
 * user with one role (a Teams medewerker) must not be told that: it is not true for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsEnvironment, teamsUser, type TeamsEnvironment } from './teamsHarness';

let env: TeamsEnvironment;
beforeAll(async () => {
  env = await startTeamsEnvironment({ env: { DEMO_MODE: 'on' } });
});
afterAll(async () => env?.stop());

describe('the demo text', () => {
  it('is not shown to a registered medewerker', async () => {
    const mieke = teamsUser('Mieke de Vries', 'mieke@regenboog.example.com');
    await env.bot.repos.users.save({ id: mieke.aadObjectId, naam: mieke.name, rollen: ['medewerker'] });
    const turn = await env.chat(mieke).install();
    expect(turn.text).toContain('Welkom bij de OSO-overstapbot');
    expect(turn.text).not.toContain('alle rollen');
  });

  it('is shown to a new user who got every role from demo mode', async () => {
    const nieuw = teamsUser('Nieuwe Gebruiker', 'nieuw@regenboog.example.com');
    const turn = await env.chat(nieuw).install();
    expect(turn.text).toContain('alle rollen');
    expect((await env.bot.repos.users.get(nieuw.aadObjectId))?.rollen).toEqual(['medewerker', 'directie', 'beheerder']);
  });
});
