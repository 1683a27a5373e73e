/**
 * `npm run chat` against the real server with piped input: the whole dossier completes, the
 * options are numbered and a number sends its option, a file goes along with /bestand, and the
 * client exits 0 at the end of the input.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, ROOT } from './harness';

function runChat(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'dist/src/cli/chat.js'), ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

describe('npm run chat with piped input', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await E2E.start({ env: { DEMO_MODE: 'auto' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('completes a dossier from a script: numbers choose options, /bestand sends a file', async () => {
    const file = path.join(e2e.bot.dataDir, 'rapport.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n% rapport\n');
    const script = [
      '1', // option 1 of the menu: Nieuw dossier
      'zoe',
      '1', // POPO
      '1, 3 en 5',
      '3',
      'Anja de Vries, 06-12345678, anja@school.nl',
      `/bestand ${file}`,
      'klaar',
      'ok',
      'nee',
      'ok',
      'ja',
      'vandaag',
      'Anja de Vries',
      'ja',
      'ja',
    ].join('\n');
    const { code, stdout, stderr } = await runChat(['--url', e2e.bot.url, '--user', 'anja', '--name', 'Anja de Vries'], `${script}\n`);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^bot: Welkom bij de OSO-overstapbot/);
    expect(stdout).toContain('  1) Nieuw dossier');
    expect(stdout).toContain('> 1\nbot: We maken samen het OSO-overstapdossier');
    expect(stdout).toMatch(/ {2}1\) POPO\n {7}2\) POVO\n {7}3\) VOVO/);
    expect(stdout).toContain('bot: Bewaard: rapport.pdf');
    expect(stdout).toContain('Het dossier van Zoë van den Berg staat nu klaar met status "gereed"');
  });

  it('says clearly when the bot cannot be reached, and exits 1', async () => {
    const { code, stdout } = await runChat(['--url', 'http://127.0.0.1:9'], 'help\n');
    expect(code).toBe(1);
    expect(stdout).toContain('De bot op http://127.0.0.1:9 is niet bereikbaar');
    expect(stdout).toContain('npm start');
  });

  it('refuses an unknown option with the usage', async () => {
    const { code, stderr } = await runChat(['--poort', '3978'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('Onbekende optie: --poort');
    expect(stderr).toContain('Gebruik: npm run chat');
  });
});
