/**
 * Issue 17: data in chat Markdown shows literally. Web Chat renders the bot's text with
 * markdown-it (HTML on, linkify on) and Teams with its own Markdown: a pupil named
 * "[Klik](http://evil.example)" must not become a link, "<img …>" not an image, and typed
 * garbage comes back cut and escaped.
 */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../dialogs/shared/markdown';
import { ECHO_MAX } from '../../src/domain/text/quoteInput';
import { startConversation } from '../helpers/botConversation';
import { bsnFrom, loadFixtures, PUPILS } from '../helpers/dossierFixtures';
import { answerUntil } from '../helpers/dossierScript';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

/** markdown-it, which Web Chat renders with (a dependency of botframework-webchat; ships no types). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(s: string): string; renderInline(s: string): string };
// As Web Chat's renderMarkdown configures it.
const webChat = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: false });
const MARKUP = /<(a|img|em|strong|code|h[1-6]|del|s|script|blockquote)\b/i;
/**
 * In whole bot messages: the bot's own bold headings are fine, and an e-mail address linkified
 * to itself; links, images and code from data are not.
 */
const FROM_DATA = /<(img|script|code|h[1-6])\b|<a (?!href="mailto:)/i;
const textOf = (html: string): string =>
  html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();

const HOSTILE = [
  '[Klik](http://evil.example)',
  '![x](http://evil.example/t.png)',
  '<img src=x onerror=alert(1)>',
  '*vet* en _schuin_ en __dik__',
  '`code` en ```blok```',
  '# Kop',
  '~~weg~~',
  'zie http://evil.example en www.evil.example',
  '&lt;b&gt; &#60;i&#62;',
  'back\\slash \\[niet\\]',
];

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('%s renders as exactly that text, without markup', (data) => {
    const html = webChat.render(escapeMarkdown(data));
    expect(html).not.toMatch(MARKUP);
    expect(textOf(html)).toBe(data);
  });

  it('keeps a masked BSN as it is, and leaves ordinary names alone', () => {
    expect(escapeMarkdown('Zoë van den Berg (groep 5, *****7806)')).toBe('Zoë van den Berg (groep 5, *****7806)');
    expect(escapeMarkdown("Anja de Vries, 06-12345678, a.devries@school.nl")).toBe("Anja de Vries, 06-12345678, a.devries@school.nl");
  });
});

const evil = { ...PUPILS.zoe, leerlingnummer: bsnFrom(67890124), voornamen: ['Kees'], voorvoegsel: undefined, achternaam: '[Klik](http://evil.example)' };
const img = { ...PUPILS.zoe, leerlingnummer: bsnFrom(78901235), voornamen: ['<img src=x onerror=alert(1)>'], voorvoegsel: undefined, achternaam: 'Pieters' };

async function withHostilePupils() {
  const c = startConversation(new MemoryDocumentStore());
  await loadFixtures(c.repos);
  await c.repos.pupils.upsert(evil);
  await c.repos.pupils.upsert(img);
  return c;
}

describe('pupil names from the roster show literally in the dossier conversation', () => {
  it('a name like a Markdown link is escaped where it is found and in the summary', async () => {
    const c = await withHostilePupils();
    await c.say('nieuw dossier');
    const found = await c.say(evil.leerlingnummer);
    expect(found.text).toContain('Gevonden: Kees \\[Klik\\](http\\://evil.example) (groep 5, *****');
    expect(webChat.render(found.text)).not.toMatch(FROM_DATA);
  });

  it('an <img onerror> name is escaped in "Gevonden" and in the summary before "gereedmaken"', async () => {
    const c = await withHostilePupils();
    const summary = await answerUntil(c, 'gereedmaken', { leerling: img.leerlingnummer });
    expect(c.transcript.join('\n')).toContain('Gevonden: \\<img src=x onerror=alert(1)\\> Pieters');
    expect(summary.text).toContain('- Leerling: \\<img src=x onerror=alert(1)\\> Pieters');
    for (const text of c.transcript) expect(webChat.render(text)).not.toMatch(FROM_DATA);
  });
});

describe('typed input echoed back is cut and escaped', () => {
  it('a long garbage answer to a ja/nee question comes back cut to ' + ECHO_MAX + ' characters with "…"', async () => {
    const c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    await answerUntil(c, 'voorlopig');
    const garbage = '![x](http://evil.example/t.png) ' + 'blablabla '.repeat(200);
    const reply = await c.say(garbage);
    const echoed = /^"(.*)" begrijp ik niet/m.exec(reply.text)?.[1];
    expect(echoed).toBeDefined();
    expect(echoed!.startsWith('!\\[x\\](http\\://evil.example/t.png) blablabla')).toBe(true);
    expect(echoed!.endsWith('…')).toBe(true);
    expect(textOf(webChat.renderInline(echoed!)).length).toBeLessThanOrEqual(ECHO_MAX);
    expect(reply.text).not.toContain('blablabla '.repeat(10));
    expect(webChat.render(reply.text)).not.toMatch(FROM_DATA);
  });

  it('outside a conversation, "… begrijp ik niet" is cut and escaped too', async () => {
    const c = startConversation(new MemoryDocumentStore());
    await loadFixtures(c.repos);
    const reply = await c.say('<img src=x onerror=alert(1)> ' + 'x'.repeat(500));
    expect(reply.text).toContain('"\\<img src=x onerror=alert(1)\\> xxxxx');
    expect(reply.text).toMatch(/x…" begrijp ik niet\./);
    expect(reply.text).not.toContain('x'.repeat(100));
  });
});
