/**
 * `npm run chat` against the real server with piped input: the whole dossier completes, the
 * options carry letters and a letter sends its option while a typed number reaches the bot as
 * that number, Markdown shows as plain text, a file goes along with /bestand, and the client
 * exits 0 at the end of the input — or 3, with the bot's last message, when the bot does not
 * take a line. The README's own example runs twice, the second time on a store with dossiers.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, ROOT } from './harness';

function runChat(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, cwd: os.tmpdir(), env: { ...process.env, PORT: '', ...env } };
    const child = execFile(process.execPath, [path.join(ROOT, 'dist/src/cli/chat.js'), ...args], options, (error, stdout, stderr) =>
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

  it('completes a dossier from a script: letters choose options, a typed number stays a number, /bestand sends a file', async () => {
    const file = path.join(e2e.bot.dataDir, 'rapport.pdf');
    fs.writeFileSync(file, '%PDF-1.4\n% rapport\n');
    const script = [
      'a', // option a of the menu: Nieuw dossier
      'zoe',
      'a', // POPO
      '1', // the bot's own category 1 (VVE), not the first button ("alle")
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
    expect(stdout).toContain('  a) Nieuw dossier');
    expect(stdout).toContain('> a\nbot: We maken samen het OSO-overstapdossier');
    expect(stdout).toMatch(/ {2}a\) POPO\n {7}b\) POVO\n/);
    expect(stdout).not.toContain('c) VOVO'); // the demo school is a basisschool
    // The bot's numbered list and the options never share a number.
    expect(stdout).toMatch(/1\. VVE/);
    expect(stdout).not.toMatch(/^ +\d+\) /m);
    expect(stdout).toContain('naar keuze VVE, Bijlagedocs\n'); // VVE only (and Bijlagedocs for the file)
    // Markdown as plain text: the question's term without its stars.
    expect(stdout).toContain('bot: Leerling (stap 4) — de leerling');
    expect(stdout).not.toContain('**');
    expect(stdout).toContain('bot: Bewaard: rapport.pdf');
    expect(stdout).toContain('Het dossier van Zoë van den Berg staat nu klaar met status "gereed"');
  });

  it('stops a script with exit code 3 and the bot\'s last message when the bot does not take a line', async () => {
    const script = ['nieuw dossier', 'noelle', 'POPO', '1, 3 en 5', '4', 'ok', 'geen'].join('\n');
    const { code, stdout, stderr } = await runChat(['--url', e2e.bot.url, '--user', 'script-fout'], `${script}\n`);
    expect(code, stdout).toBe(3);
    expect(stderr).toContain('Het script stopt bij regel 5 ("4"): de bot nam dat antwoord niet aan. Zijn laatste bericht:');
    expect(stderr).toContain('4 kan niet.');
    expect(stderr).toContain('Hoeveel schooljaren?');
    expect(stdout).not.toContain('> ok'); // nothing after the refused line was sent
  });

  it('stops a script the bot does not understand at all', async () => {
    const { code, stderr } = await runChat(['--url', e2e.bot.url, '--user', 'script-onzin'], 'blabla\nnieuw dossier\n');
    expect(code).toBe(3);
    expect(stderr).toMatch(/regel 1 \("blabla"\)[\s\S]*begrijp ik niet/);
  });

  it('runs the README example, at PORT without --url, again on a store that has its dossiers', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const printf = /printf '([^']+)' \| npm run chat\n/.exec(readme)?.[1];
    expect(printf, 'the README has a piped npm run chat example').toBeDefined();
    const input = printf!.replace(/\\n/g, '\n');
    const port = new URL(e2e.bot.url).port;
    for (const round of ['fresh', 'again']) {
      const { code, stdout, stderr } = await runChat([], input, { PORT: port });
      expect(stderr, round).toBe('');
      expect(code, `${round}:\n${stdout}`).toBe(0);
      expect(stdout).toContain('staat nu klaar met status "gereed"');
      expect(stdout).toContain('staat nu in LDOS');
    }
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
