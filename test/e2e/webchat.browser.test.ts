/**
 * The local Web Chat page in a real browser (Debian chromium driven by playwright-core): the
 * page served by the bot, the real Web Chat talking to the bot's own Direct Line endpoint.
 * Asks the user's name once, walks a whole dossier by typing and clicking suggested-action
 * buttons, sends a file with the paperclip — and halfway the bot is killed with SIGKILL
 * (once while the page waits, once while an answer is on its way) and started again on the
 * same store and port, and the page is reloaded: the conversation goes on where it was, every
 * answer counts once, nothing shows as failed. Saves a screenshot (to docs/webchat.png only
 * with UPDATE_SCREENSHOT=1).
 *
 * Needs the Debian package `chromium` (apt-get install -y chromium); skips without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier } from '../../src/domain/dossier';
import { keys } from '../../src/repositories/keys';
import { createDocumentStore } from '../../src/storage/createDocumentStore';
import { startBotProcess, type BotProcess } from '../reliability/botProcess';
import { ROOT } from './harness';
import { skipNote } from '../helpers/skipReason';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the Web Chat browser test: ${CHROMIUM} is missing (install the Debian package: apt-get install -y chromium).`);

const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1' ? path.join(ROOT, 'docs/webchat.png') : undefined;

const ZOE = '999990007';
const NAAM = 'Anja de Vries';

describe.skipIf(!hasChromium)(`local Web Chat in chromium${skipNote(!hasChromium, `${CHROMIUM} is missing: install the Debian package chromium`)}`, () => {
  let bot: BotProcess;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let attachmentFile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Demo mode: demo school and pupils, and the browser's user gets every role. Restarts keep the port (the page's origin).
    bot = await startBotProcess({ SCHOOL_BRIN: '' });
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
    await bot?.dispose();
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

  const userBubbles = () => page.locator('.webchat__bubble--from-user');
  const failedSends = () => page.locator('text=/Verzenden mislukt|Send failed|Kan niet verzenden/i');

  it('asks the name once, and keeps the conversation through SIGKILL restarts and a reload until the dossier is gereed', async () => {
    const response = await page.goto(`${bot.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('OSO-overstapbot');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');

    // The name, asked once: it goes into the dossier (contact person, inzage medewerker).
    await page.getByLabel('Voor- en achternaam').fill(NAAM);
    await page.getByRole('button', { name: 'Beginnen' }).click();

    // The welcome arrives without typing anything (conversationUpdate on start).
    await expect.poll(async () => (await page.locator(BOT_BUBBLE).allInnerTexts()).join('\n'), { timeout: 15_000 }).toMatch(/Welkom bij de OSO-overstapbot/);
    await expect(page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder')).resolves.toBe('Typ uw bericht');

    await turn(click('Nieuw dossier'), /Welke leerling\?/);
    await turn(type('zoe'), /Gevonden: Zoë van den Berg[\s\S]*Welke soort overstap\?/);
    await turn(click('POPO'), /Welke categorieën naar keuze/);
    await turn(type('1, 3 en 5'), /Hoeveel schooljaren\?/);
    const contact = await turn(click('3'), /Wie is de contactpersoon\?/);
    expect(contact).toContain(NAAM); // the proposed contact person is the name given, not "Gebruiker"
    await turn(type('ok'), /Stuur eventuele bijlagen/);

    // The paperclip: Web Chat uploads the file to the Direct Line endpoint (multipart), the bot
    // downloads it from there and keeps it with the dossier.
    // Web Chat 4.18 holds the chosen file at the paperclip until "Verzenden" is pressed.
    await page.locator('input[type="file"]').setInputFiles(attachmentFile);
    await turn(() => page.locator('button.webchat__send-button').click(), /Bewaard: handelingsplan\.pdf/);
    await turn(click('klaar'), /Is de overstap voorlopig\?/);

    // 1. SIGKILL while the page waits; the bot comes back on the same store and port. The
    //    page keeps polling: the next answer arrives once and its reply shows.
    await bot.kill('SIGKILL');
    await bot.restart();
    await turn(click('nee'), /contact opneemt\?/);

    // 2. SIGKILL, then an answer typed while the bot is down: the page keeps it, sends it
    //    when the bot is back, and the bot takes it once (the next question, not the one after).
    await bot.kill('SIGKILL');
    const before = await page.locator(BOT_BUBBLE).count();
    await type('nee')();
    await expect.poll(() => page.locator('#verbinding').isVisible(), { timeout: 10_000 }).toBe(true); // "De bot is even niet bereikbaar …"
    await bot.restart();
    await expect.poll(async () => (await page.locator(BOT_BUBBLE).allInnerTexts()).slice(before).join('\n'), { timeout: 60_000 }).toMatch(/Welk BRIN-nummer\?/);
    const afterRestart = (await page.locator(BOT_BUBBLE).allInnerTexts()).slice(before).join('\n');
    expect(afterRestart).not.toMatch(/ingezien\?/); // "nee" was not applied to the BRIN question too
    expect(await failedSends().count()).toBe(0);
    await expect.poll(() => page.locator('#verbinding').isVisible()).toBe(false);

    // 3. A reload: the same user and conversation, the whole conversation shown again, no name asked.
    const sentBefore = await userBubbles().count();
    await page.reload();
    await expect.poll(async () => (await page.locator(BOT_BUBBLE).allInnerTexts()).join('\n'), { timeout: 20_000 }).toMatch(/Gevonden: Zoë van den Berg[\s\S]*Welk BRIN-nummer\?/);
    await expect.poll(() => userBubbles().count()).toBe(sentBefore);
    expect(await page.getByLabel('Voor- en achternaam').count()).toBe(0);

    const brin = (await page.locator(BOT_BUBBLE).allInnerTexts()).join('\n');
    // Web Chat renders markdown with typographic quotes: "ok" shows as “ok”.
    const eigenBrin = [...brin.matchAll(/Typ [“"]ok[”"] voor: (\w+)\./g)].at(-1)?.[1];
    expect(eigenBrin, brin).toBeTruthy();
    await turn(click(eigenBrin!), /ingezien\?/);
    await turn(click('ja'), /Op welke datum/);
    await turn(click('vandaag'), /Welke medewerker heeft de inzage gedaan\?/);
    await turn(type('ok'), /Gaan de ouders akkoord/);
    const summary = await turn(click('Ja'), /Samenvatting[\s\S]*Dossier gereedmaken\?/);
    expect(summary).toContain('Bijlagen: handelingsplan.pdf');
    expect(summary).toContain(`Contactpersoon: ${NAAM}`);
    expect(summary).toContain(`medewerker: ${NAAM}`);
    expect(summary).not.toContain('Gebruiker');
    await turn(click('ja'), /Het dossier van Zoë van den Berg staat nu klaar met status [“"]gereed[”"]/);

    // The user's own messages show as sent (Web Chat matched its echo by clientActivityID).
    await expect.poll(() => userBubbles().count()).toBeGreaterThanOrEqual(15);
    expect(await failedSends().count()).toBe(0);

    const shot = SCREENSHOT ?? path.join(profile, 'webchat.png');
    await page.screenshot({ path: shot });
    expect(fs.statSync(shot).size).toBeGreaterThan(20_000);
    expect(pageErrors).toEqual([]);

    // In the store: one dossier, gereed, with the real name and each answer once.
    await bot.kill('SIGTERM');
    const store = await createDocumentStore(`sqlite://${bot.storageFile}`);
    try {
      const dossier = (await store.get<Dossier>(keys.dossier(ZOE)))?.value;
      expect(dossier).toMatchObject({ status: 'gereed', voorlopig: false, contactGewenst: false, contactpersoon: { naam: NAAM } });
      expect(dossier!.inzage).toMatchObject({ gehad: true, medewerker: NAAM });
      expect(dossier!.history.filter((h) => h.actie === 'gereed')).toHaveLength(1);
    } finally {
      await store.close();
    }
    await bot.restart(); // dispose() stops it
  }, 240_000); // ~20 turns at Web Chat's polling pace and three restarts, on a busy 2-core machine
});
