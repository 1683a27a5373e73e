import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, DEFAULT_STORAGE_URL, loadConfig } from '../../src/config';

const root = path.resolve(__dirname, '../..');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts in local mode with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, STORAGE_URL: DEFAULT_STORAGE_URL, LOG_LEVEL: 'info', DEMO_MODE: 'auto', localMode: true });
  });

  it('treats empty values as unset, as an .env copied from .env.example has them', () => {
    expect(loadConfig({ PORT: '', SCHOOL_BRIN: '', MicrosoftAppId: '' }).PORT).toBe(3978);
  });

  it('names each bad variable with what it expects', () => {
    const problems = problemsOf({ PORT: 'abc', STORAGE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('port number from 1 to 65535');
    expect(problems.find((p) => p.startsWith('STORAGE_URL:'))).toContain('sqlite://');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toContain('info');
  });

  it.each(['0', '70000', '3978.5', '-1'])('refuses PORT=%s', (port) => {
    expect(problemsOf({ PORT: port })[0]).toMatch(/^PORT: expected a port number/);
  });

  it('accepts each storage backend', () => {
    for (const url of ['sqlite://./data/x.sqlite', 'sqlite:///tmp/x.sqlite', 'postgresql://bot:pw@localhost:5432/oso', 'redis://127.0.0.1:6379']) {
      expect(loadConfig({ STORAGE_URL: url }).STORAGE_URL).toBe(url);
    }
  });

  it('upper-cases the school BRIN and refuses a malformed one', () => {
    expect(loadConfig({ SCHOOL_BRIN: '12ab' }).SCHOOL_BRIN).toBe('12AB');
    expect(problemsOf({ SCHOOL_BRIN: '12A8' })[0]).toMatch(/^SCHOOL_BRIN:/);
  });

  it('requires a password with an app id, and a tenant for SingleTenant; never echoes the password', () => {
    expect(problemsOf({ MicrosoftAppId: 'app' })[0]).toMatch(/^MicrosoftAppPassword: required/);
    expect(problemsOf({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's3cret', MicrosoftAppType: 'SingleTenant' })[0]).toMatch(
      /^MicrosoftAppTenantId: required/,
    );
    const problems = problemsOf({ MicrosoftAppPassword: 's3cret' });
    expect(problems.join('\n')).not.toContain('s3cret');
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 's3cret', MicrosoftAppType: 'MultiTenant' }).localMode).toBe(false);
  });

  it('FIRST_BEHEERDER is a Teams e-mail address or an Entra object id, nothing else', () => {
    expect(loadConfig({ FIRST_BEHEERDER: 'bea@school.nl' }).FIRST_BEHEERDER).toBe('bea@school.nl');
    expect(loadConfig({ FIRST_BEHEERDER: '8F6E1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B' }).FIRST_BEHEERDER).toBe('8F6E1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B');
    expect(loadConfig({}).FIRST_BEHEERDER).toBe('');
    expect(problemsOf({ FIRST_BEHEERDER: 'Bea Bakker' })).toEqual([
      expect.stringMatching(/^FIRST_BEHEERDER: expected the Teams e-mail address .* or the Microsoft Entra object id/),
    ]);
  });

  it('a bad STORAGE_URL is named without its password; an unresolved Key Vault reference shows as such', () => {
    const [problem] = problemsOf({ STORAGE_URL: 'mysql://bot:geheim@db.example.com/oso' });
    expect(problem).toBe('STORAGE_URL: expected sqlite://path, postgresql://user:pass@host/db or redis://host:port (got "mysql://***@db.example.com/oso")');
    expect(problemsOf({ STORAGE_URL: '@Microsoft.KeyVault(VaultName=kv-x;SecretName=storage-url)' })[0]).toContain(
      '(got "@Microsoft.KeyVault(VaultName=kv-x;SecretName=storage-url)")',
    );
  });

  it('.env.example documents every variable the bot reads', () => {
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });

  it('a bad PORT or STORAGE_URL stops the real process with one clear message and exit code 1', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'dist/src/index.js')], {
      cwd: root,
      env: { PATH: process.env.PATH, PORT: 'abc', STORAGE_URL: 'ftp://nope' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: expected a port number');
    expect(run.stderr).toContain('STORAGE_URL: expected');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
