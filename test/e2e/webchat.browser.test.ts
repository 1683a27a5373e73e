/**
 * The local Web Chat page in a real browser (Debian chromium driven by playwright-core): the
 * page served by the bot, Web Chat talking to the bot's own Direct Line endpoint. Walks a whole
 * dossier by typing and clicking suggested-action buttons, sends a file with the paperclip,
 * and saves a screenshot (to docs/webchat.png only with UPDATE_SCREENSHOT=1).
 *
 * Needs the Debian package `chromium` (apt-get install -y chromium); skips without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, ROOT } from './harness';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the Web Chat browser test: ${CHROMIUM} is missing (install the Debian package: apt-get install -y chromium).`);

const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1' ? path.join(ROOT, 'docs/webchat.png') : undefined;

describe.skipIf(!hasChromium)('local Web Chat in chromium', () => {
  let e2e: E2E;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let attachmentFile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Demo mode: demo school and pupils, and the browser's user gets every role.
    e2e = await E2E.start({ env: { DEMO_MODE: 'auto' } });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'oso-webchat-profile-'));
    attachmentFile = path.join(profile, 'handelingsplan.pdf');
    fs.writeFileSync(attachmentFile, '%PDF-1.4\n% handelingsplan van Zoë\n');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 860 },
      locale: 'nl-NL',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await e2e?.close();
  });

  /** Does `action`, then waits until the bot's new bubbles contain `expected`. */
  async function turn(action: () => Promise<void>, expected: RegExp): Promise<string> {
    const before = await page.locator(BOT_BUBBLE).count();
    await action();
    let said = '';
    await expect
      .poll(
        async () => {
          said = (await page.locator(BOT_BUBBLE).allInnerTexts()).slice(before).join('\n');
          return said;
        },
        { timeout: 10_000, message: `the bot did not answer ${expected}` },
      )
      .toMatch(expected);
    return said;
  }

  const type = (text: string) => async () => {
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(text);
    await box.press('Enter');
  };

  /** Clicks the visible suggested-action button with exactly this title. */
  const click = (title: string) => async () => {
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await page.locator('button.webchat__suggested-actions__button').filter({ hasText: exact, visible: true }).first().click();
  };

  it('walks a whole dossier with buttons, typing and a file, in Dutch', async () => {
    const response = await page.goto(`${e2e.bot.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('OSO-overstapbot');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');

    // The welcome arrives without typing anything (conversationUpdate on start).
    await expect.poll(async () => (await page.locator(BOT_BUBBLE).allInnerTexts()).join('\n'), { timeout: 15_000 }).toMatch(/Welkom bij de OSO-overstapbot/);
    await expect(page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder')).resolves.toBe('Typ uw bericht');

    await turn(click('Nieuw dossier'), /Welke leerling\?/);
    await turn(type('zoe'), /Gevonden: Zoë van den Berg[\s\S]*Welke soort overstap\?/);
    await turn(click('POPO'), /Welke categorieën naar keuze/);
    await turn(type('1, 3 en 5'), /Hoeveel schooljaren\?/);
    await turn(click('3'), /Wie is de contactpersoon\?/);
    await turn(type('Anja de Vries, 06-12345678, anja@school.nl'), /Stuur eventuele bijlagen/);

    // The paperclip: Web Chat uploads the file to the Direct Line endpoint (multipart), the bot
    // downloads it from there and keeps it with the dossier.
    // Web Chat 4.18 holds the chosen file at the paperclip until "Verzenden" is pressed.
    await page.locator('input[type="file"]').setInputFiles(attachmentFile);
    await turn(() => page.locator('button.webchat__send-button').click(), /Bewaard: handelingsplan\.pdf/);

    await turn(click('klaar'), /Is de overstap voorlopig\?/);
    await turn(click('nee'), /contact opneemt\?/);
    const brin = await turn(click('nee'), /Welk BRIN-nummer\?/);
    // Web Chat renders markdown with typographic quotes: "ok" shows as “ok”.
    const eigenBrin = /Typ [“"]ok[”"] voor: (\w+)\./.exec(brin)?.[1];
    expect(eigenBrin, brin).toBeTruthy();
    await turn(click(eigenBrin!), /ingezien\?/);
    await turn(click('ja'), /Op welke datum/);
    await turn(click('vandaag'), /Welke medewerker heeft de inzage gedaan\?/);
    await turn(type('Anja de Vries'), /Gaan de ouders akkoord/);
    const summary = await turn(click('Ja'), /Samenvatting[\s\S]*Dossier gereedmaken\?/);
    expect(summary).toContain('Bijlagen: handelingsplan.pdf');
    await turn(click('ja'), /Het dossier van Zoë van den Berg staat nu klaar met status [“"]gereed[”"]/);

    // The user's own messages show as sent (Web Chat matched its echo by clientActivityID).
    await expect.poll(() => page.locator('.webchat__bubble--from-user').count()).toBeGreaterThanOrEqual(15);
    expect(await page.locator('text=/Verzenden mislukt|Send failed/i').count()).toBe(0);

    const shot = SCREENSHOT ?? path.join(profile, 'webchat.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(20_000);
    expect(pageErrors).toEqual([]);
  }, 120_000); // ~18 turns at Web Chat's polling pace, on a busy 2-core machine
});
