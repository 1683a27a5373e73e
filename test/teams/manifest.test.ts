/**
 * The Teams app package: the generated manifest passes the official Teams manifest JSON schema
 * (shipped by @microsoft/app-manifest, read offline), broken manifests do not, the icons are
 * what Teams requires, and `npm run package:teams` refuses to run without an app id.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { appPackageDir, appPackageSettings, buildAppPackage, AppPackageError } from '../../src/teams/appPackage';
import { pngInfo } from '../../src/teams/png';
import { readZip } from '../../src/lib/zip';

const ROOT = path.resolve(__dirname, '../..');
const APP_ID = '3f2b6c1e-8d4a-4e5f-9a7b-1c2d3e4f5a6b';
const template = JSON.parse(readFileSync(path.join(appPackageDir(), 'manifest.json'), 'utf8')) as { manifestVersion: string };
const schemaFile = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
  `v${template.manifestVersion}`,
  'MicrosoftTeams.schema.json',
);

function validator() {
  // Draft-04, the schema's own $schema; "uri", "email" and "regex" as Microsoft's validator does.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

function errorsOf(manifest: unknown): string[] {
  const validate = validator();
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const SCHOOL = {
  TEAMS_DEVELOPER_NAME: 'Stichting De Regenboog',
  TEAMS_WEBSITE_URL: 'https://www.deregenboog.example/',
  TEAMS_PRIVACY_URL: 'https://www.deregenboog.example/privacy',
  TEAMS_TERMS_URL: 'https://www.deregenboog.example/voorwaarden',
};
const settings = appPackageSettings({ MicrosoftAppId: APP_ID, BOT_DOMAIN: 'mijn-overstapbot.azurewebsites.net', ...SCHOOL }, '0.1.0');
const built = buildAppPackage(settings);
const clone = () => JSON.parse(JSON.stringify(built.manifest)) as Record<string, any>;

/** RGBA pixels of a PNG written with filter 0 (as src/teams/png.ts does). */
function pixels(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height, colorType, bitDepth } = pngInfo(png);
  expect({ colorType, bitDepth }).toEqual({ colorType: 6, bitDepth: 8 });
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('Teams app manifest', () => {
  it('uses a schema version that the official schema package ships', () => {
    expect(existsSync(schemaFile)).toBe(true);
    expect(built.manifest.$schema).toContain(`/v${template.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('passes the official Teams manifest schema', () => {
    expect(errorsOf(built.manifest)).toEqual([]);
  });

  it('uses a manifest version that Teams accepts today (1.22, the current one in Microsoft\'s documentation)', () => {
    expect(template.manifestVersion).toBe('1.22');
  });

  it('carries the app id from the environment as app id and bot id, in the personal scope only', () => {
    const m = built.manifest as any;
    expect(m.id).toBe(APP_ID);
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0].botId).toBe(APP_ID);
    // Pupil data only in a personal chat: the app cannot be added to a team or group chat.
    expect(m.bots[0].scopes).toEqual(['personal']);
    expect(m.bots[0].commandLists.map((l: any) => l.scopes)).toEqual([['personal']]);
    expect(m.bots[0].supportsFiles).toBe(true);
    expect(m.validDomains).toEqual(['mijn-overstapbot.azurewebsites.net']);
    expect(JSON.stringify(m)).not.toContain('${{');
  });

  it('declares Dutch and takes the publisher and its links from the settings', () => {
    const m = built.manifest as any;
    expect(m.localizationInfo).toEqual({ defaultLanguageTag: 'nl-nl' });
    expect(m.developer).toEqual({
      name: SCHOOL.TEAMS_DEVELOPER_NAME,
      websiteUrl: SCHOOL.TEAMS_WEBSITE_URL,
      privacyUrl: SCHOOL.TEAMS_PRIVACY_URL,
      termsOfUseUrl: SCHOOL.TEAMS_TERMS_URL,
    });
    expect(JSON.stringify(m)).not.toContain('overstapservice.nl');
  });

  it('refuses to package without the school\'s own publisher name and links, naming each', () => {
    try {
      appPackageSettings({ MicrosoftAppId: APP_ID }, '0.1.0');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppPackageError);
      const problems = (err as AppPackageError).problems.join('\n');
      for (const name of Object.keys(SCHOOL)) expect(problems).toContain(`${name} ontbreekt`);
    }
  });

  it('lists the commands staff use, with Dutch descriptions', () => {
    const commands = (built.manifest as any).bots[0].commandLists[0].commands as { title: string; description: string }[];
    expect(commands.map((c) => c.title)).toEqual(['nieuw dossier', 'aanvraag overdracht', 'status', 'help']);
    expect(commands.find((c) => c.title === 'aanvraag overdracht')?.description).toMatch(/Directie/);
  });

  it.each([
    ['a bot id that is not a GUID', (m: Record<string, any>) => (m.bots[0].botId = 'mijn-bot')],
    ['a missing privacy URL', (m: Record<string, any>) => delete m.developer.privacyUrl],
    ['a short name over 30 characters', (m: Record<string, any>) => (m.name.short = 'OSO-overstapbot voor de hele school')],
    ['an unknown scope', (m: Record<string, any>) => (m.bots[0].scopes = ['personal', 'everyone'])],
    ['a misspelt property', (m: Record<string, any>) => (m.bots[0].supportFiles = true)],
    ['an accent colour that is not #rrggbb', (m: Record<string, any>) => (m.accentColor = 'blue')],
  ])('rejects a broken manifest: %s', (_what, breakIt) => {
    const broken = clone();
    breakIt(broken);
    expect(errorsOf(broken).length).toBeGreaterThan(0);
  });
});

describe('Teams app icons', () => {
  const files = new Map(readZip(built.zip).map((e) => [e.name, e.data]));

  it('the zip holds exactly the manifest and both icons, at its root', () => {
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(built.manifest);
  });

  it('color icon is 192×192 and opaque', () => {
    const { width, height, rgba } = pixels(files.get('color.png')!);
    expect([width, height]).toEqual([192, 192]);
    for (let i = 3; i < rgba.length; i += 4) expect(rgba[i]).toBe(255);
  });

  it('outline icon is 32×32, white on a transparent background', () => {
    const { width, height, rgba } = pixels(files.get('outline.png')!);
    expect([width, height]).toEqual([32, 32]);
    let transparent = 0;
    let visible = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] === 0) transparent++;
      else {
        visible++;
        expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(0);
    expect(visible).toBeGreaterThan(0);
  });
});

describe('npm run package:teams', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'oso-teams-pkg-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const cli = path.join(ROOT, 'dist/src/cli/packageTeams.js');
  const run = (env: Record<string, string>, out: string) =>
    spawnSync(process.execPath, [cli, '--out', out], {
      // An empty cwd, so a developer's .env cannot supply the app id.
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('refuses without MicrosoftAppId, saying what to set', () => {
    const out = path.join(tmp, 'geen-id.zip');
    const result = run({}, out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId ontbreekt');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an app id that is not a GUID', () => {
    expect(() => appPackageSettings({ MicrosoftAppId: 'mijn-bot' }, '0.1.0')).toThrow(AppPackageError);
  });

  it('writes a zip whose manifest carries the app id', () => {
    const out = path.join(tmp, 'appPackage.zip');
    const result = run({ MicrosoftAppId: APP_ID, ...SCHOOL }, out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readZip(readFileSync(out)).find((e) => e.name === 'manifest.json')!.data.toString('utf8'));
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(errorsOf(manifest)).toEqual([]);
  });
});
