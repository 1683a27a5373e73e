/**
 * Issue 19 through the real processes: IT receives another school's OSO dossier with
 * `npm run admin -- import-dossier` (validated first), the bot starts on that store, the
 * directie asks "toon dossier <naam>" over the Bot Framework protocol and gets the dossier in
 * words plus the XML as a file, and `export-dossier` writes exactly that document back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSO_DIR, officialFilesAvailable } from '../oso/fixtures';
import { skipNote } from '../helpers/skipReason';
import { allText, E2E, messages, runAdminCli, type TestConversation } from './harness';

const EXAMPLE = path.join(OSO_DIR, 'examples', 'Voorbeelddossier_OV_POVO_full.xml');
const DIRECTEUR = { id: 'jan', name: 'Jan Bakker' };

describe.skipIf(!officialFilesAvailable)(`end to end: an OSO dossier from another school is received, shown and exported${skipNote(!officialFilesAvailable, 'the official OSO-gegevensset files are not in ../shared/oso-gegevensset')}`, () => {
  let dataDir: string;
  let storageUrl: string;
  let e2e: E2E | undefined;
  let jan: TestConversation;
  const xml = officialFilesAvailable ? fs.readFileSync(EXAMPLE, 'utf8') : '';
  const bsn = /<bsn>(\d+)<\/bsn>/.exec(xml)?.[1] ?? '';
  const leerling = xml.slice(xml.indexOf('<leerling>'));
  const naam = ['roepnaam', 'voorvoegsel', 'achternaam'].map((t) => new RegExp(`<${t}>([^<]+)</${t}>`).exec(leerling)?.[1]).join(' ');

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oso-e2e-exchange-'));
    storageUrl = `sqlite://${path.join(dataDir, 'bot.sqlite')}`;
    const received = await runAdminCli(storageUrl, ['import-dossier', EXAMPLE], { OSO_VALIDATOR_DIR: OSO_DIR });
    expect(received.code, received.stdout + received.stderr).toBe(0);
    expect(received.stdout).toContain('gecontroleerd met de officiële XSD en validatieregels');
    expect(received.stdout + received.stderr).not.toContain(bsn);
    e2e = await E2E.start({ dataDir, env: { DEMO_MODE: 'auto' } });
    jan = e2e.conversation(DIRECTEUR);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the directie sees the received dossier in words, BSN masked, and gets the XML as a file that is the received document', async () => {
    await jan.join();
    const replies = await jan.say(`toon dossier ${naam}`);
    const text = allText(replies);
    expect(text).toContain(naam);
    expect(text).not.toContain(bsn);
    expect(text).toContain(bsn.slice(-4));
    const file = messages(replies).flatMap((r) => r.attachments ?? []).find((a) => a.contentType === 'application/xml');
    expect(file, text).toBeDefined();
    const content = Buffer.from(String(file!.contentUrl).split(',')[1]!, 'base64').toString('utf8');
    expect(content).toBe(xml);
    expect(e2e!.bot.logText()).not.toContain(bsn);
  });

  it('export-dossier writes the same document to a file', async () => {
    await e2e!.stop();
    const out = path.join(dataDir, 'export.xml');
    const exported = await runAdminCli(storageUrl, ['export-dossier', bsn, '--ldos', '--out', out]);
    expect(exported.code, exported.stdout + exported.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(xml);
  });
});
