/**
 * The Teams app package: `appPackage/manifest.json` with its `${{NAME}}` placeholders filled in
 * from the environment, plus the two icons, zipped flat (Teams wants the files at the root).
 * The bot id is the bot's MicrosoftAppId; the Teams app id is the same GUID unless
 * TEAMS_APP_ID is set, which is the simple setup Microsoft's bot samples use.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeZip } from '../lib/zip';

/** The repository's `appPackage/` folder, found from here whether run from source or from dist/. */
export function appPackageDir(): string {
  // Looks for the folder itself: dist/ may hold a compiled copy of package.json.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'appPackage');
    if (existsSync(path.join(candidate, 'manifest.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`appPackage/manifest.json not found above ${__dirname}`);
  }
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const DOMAIN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** Placeholder values, by the name used in the manifest (`${{MicrosoftAppId}}`). */
export interface AppPackageSettings {
  MicrosoftAppId: string;
  TEAMS_APP_ID: string;
  APP_VERSION: string;
  DEVELOPER_NAME: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
  /** Host name of the bot (e.g. `mijn-bot.azurewebsites.net`); empty: no valid domains. */
  BOT_DOMAIN: string;
}

export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`Het Teams-app-pakket kan niet worden gemaakt:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

/** Reads the settings from the environment; throws AppPackageError naming every bad variable. */
export function appPackageSettings(env: NodeJS.ProcessEnv, packageVersion: string): AppPackageSettings {
  const get = (name: string) => (env[name] ?? '').trim();
  const problems: string[] = [];
  const appId = get('MicrosoftAppId');
  if (!appId) {
    problems.push(
      'MicrosoftAppId ontbreekt. Zet de App ID van de Azure Bot (app-registratie of managed identity) in de omgeving of in .env, bijvoorbeeld: MicrosoftAppId=00000000-0000-0000-0000-000000000000 npm run package:teams',
    );
  } else if (!GUID.test(appId)) {
    problems.push(`MicrosoftAppId moet een GUID zijn, zoals 00000000-0000-0000-0000-000000000000 (gekregen: "${appId}").`);
  }
  const teamsAppId = get('TEAMS_APP_ID') || appId;
  if (get('TEAMS_APP_ID') && !GUID.test(teamsAppId)) problems.push(`TEAMS_APP_ID moet een GUID zijn (gekregen: "${teamsAppId}").`);
  const version = get('TEAMS_APP_VERSION') || packageVersion;
  if (!SEMVER.test(version)) problems.push(`TEAMS_APP_VERSION moet de vorm 1.2.3 hebben (gekregen: "${version}").`);
  const botDomain = get('BOT_DOMAIN').replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (botDomain && !DOMAIN.test(botDomain)) problems.push(`BOT_DOMAIN moet een hostnaam zijn, zoals mijn-bot.azurewebsites.net (gekregen: "${botDomain}").`);
  // Teams shows these as the app's publisher and its privacy and terms links: they are the
  // school's (or board's) own, never a default that points elsewhere.
  const required = (name: string, example: string) => {
    const value = get(name);
    if (!value) problems.push(`${name} ontbreekt: ${example}`);
    return value;
  };
  const url = (name: string, example: string) => {
    const value = required(name, example);
    if (value && !/^https:\/\/[^\s/]+/.test(value)) problems.push(`${name} moet een https-adres zijn (gekregen: "${value}").`);
    return value;
  };
  const settings: AppPackageSettings = {
    MicrosoftAppId: appId,
    TEAMS_APP_ID: teamsAppId,
    APP_VERSION: version,
    DEVELOPER_NAME: required('TEAMS_DEVELOPER_NAME', 'de naam van de school of het bestuur, zoals Stichting De Regenboog.'),
    WEBSITE_URL: url('TEAMS_WEBSITE_URL', 'de website van de school, zoals https://www.deregenboog.nl/.'),
    PRIVACY_URL: url('TEAMS_PRIVACY_URL', 'de privacyverklaring van de school (AVG), zoals https://www.deregenboog.nl/privacy.'),
    TERMS_URL: url('TEAMS_TERMS_URL', 'de gebruiksvoorwaarden, zoals https://www.deregenboog.nl/voorwaarden.'),
    BOT_DOMAIN: botDomain.toLowerCase(),
  };
  if (settings.DEVELOPER_NAME.length > 32) problems.push('TEAMS_DEVELOPER_NAME mag hoogstens 32 tekens hebben.');
  if (problems.length) throw new AppPackageError(problems);
  return settings;
}

/** Fills in the placeholders of the manifest template. */
export function buildManifest(template: unknown, settings: AppPackageSettings): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\$\{\{(\w+)\}\}/g, (_m, name: string) => {
        if (!(name in settings)) throw new Error(`manifest.json: unknown placeholder \${{${name}}}`);
        return settings[name as keyof AppPackageSettings];
      });
    }
    if (Array.isArray(value)) return value.map(fill).filter((v) => v !== '');
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const manifest = fill(template) as Record<string, unknown>;
  // The Teams app id and the bot id are different fields; the template names the bot's.
  manifest.id = settings.TEAMS_APP_ID;
  return manifest;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  zip: Buffer;
}

/** Reads the template and icons from `dir` and returns the manifest and the zip. */
export function buildAppPackage(settings: AppPackageSettings, dir = appPackageDir()): AppPackage {
  const template: unknown = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const manifest = buildManifest(template, settings);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') },
    { name: icons.color, data: readFileSync(path.join(dir, icons.color)) },
    { name: icons.outline, data: readFileSync(path.join(dir, icons.outline)) },
  ]);
  return { manifest, zip };
}
