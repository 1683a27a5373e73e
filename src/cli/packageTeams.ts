/**
 * `npm run package:teams`: writes dist/appPackage.zip, the Teams app package to upload
 * (docs/deployment.md, "The Teams app"). Reads MicrosoftAppId (required) and the optional
 * TEAMS_* and BOT_DOMAIN variables from the environment or .env. `-- --out FILE` writes elsewhere.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { AppPackageError, appPackageDir, appPackageSettings, buildAppPackage } from '../teams/appPackage';

function main(args: string[]): number {
  dotenv.config({ quiet: true });
  const root = path.dirname(appPackageDir());
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  try {
    const settings = appPackageSettings(process.env, version);
    const { zip } = buildAppPackage(settings);
    const outAt = args.indexOf('--out');
    const out = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]!) : path.join(root, 'dist', 'appPackage.zip');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, zip);
    console.log(`Teams-app-pakket geschreven: ${out}`);
    console.log(`  app-id ${settings.TEAMS_APP_ID}, bot-id ${settings.MicrosoftAppId}, versie ${settings.APP_VERSION}`);
    console.log('  Uploaden: Teams → Apps → Apps beheren → Een app uploaden (zie docs/deployment.md).');
    return 0;
  } catch (err) {
    if (err instanceof AppPackageError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
