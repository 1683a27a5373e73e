/**
 * The local Direct Line endpoint over HTTP, the way botframework-directlinejs (inside Web Chat)
 * uses it, without a browser: token, start (welcome), post, poll with a watermark, multipart
 * upload, and a restart of the process while a tab keeps its token (the conversation is kept in
 * the bot's store, and an activity sent again with the same clientActivityID is taken once). Also: no Web Chat and no
 * Direct Line when credentials are set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './harness';

interface Activity {
  type: string;
  id: string;
  timestamp: string;
  text?: string;
  from: { id: string; role?: string };
  replyToId?: string;
  attachments?: { name?: string; contentUrl?: string }[];
  channelData?: { clientActivityID?: string };
}

describe('local Direct Line endpoint', () => {
  let e2e: E2E;
  let base: string;

  beforeAll(async () => {
    e2e = await E2E.start({ env: { DEMO_MODE: 'auto' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const api = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const response = await fetch(`${e2e.bot.url}/v3/directline${path}`, {
      ...init,
      headers: { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...(init.body && typeof init.body === 'string' ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const poll = async (conversationId: string, token: string, watermark = '') =>
    (await api(`/conversations/${conversationId}/activities?watermark=${watermark}`, { token })).body as { activities: Activity[]; watermark: string };

  it('serves the Dutch page and the Web Chat bundle from the bot itself', async () => {
    base = e2e.bot.url;
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<title>OSO-overstapbot</title>');
    expect(html).toContain('<script src="/webchat/webchat.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i); // no CDN
    const bundle = await fetch(`${base}/webchat/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(Number(bundle.headers.get('content-length'))).toBeGreaterThan(1_000_000);
    await bundle.body?.cancel();
    expect(await (await fetch(`${base}/webchat/start.js`)).text()).toContain("locale: 'nl-NL'");
  });

  it('starts a conversation with the welcome, echoes the user, and returns replies after the watermark', async () => {
    const generated = await api('/tokens/generate', { method: 'POST', body: JSON.stringify({ user: { id: 'dl-anja', name: 'Anja' } }) });
    expect(generated.status).toBe(200);
    const token = generated.body.token as string;
    const conversationId = generated.body.conversationId as string;

    expect((await api('/conversations', { method: 'POST', token })).body.conversationId).toBe(conversationId);
    const first = await poll(conversationId, token);
    expect(first.activities.map((a) => a.text).join('\n')).toContain('Welkom bij de OSO-overstapbot');
    for (const a of first.activities) {
      expect(a.id).toMatch(new RegExp(`^${conversationId}\\|\\d+$`));
      expect(Date.parse(a.timestamp)).not.toBeNaN();
      expect(a.from.role).toBe('bot');
    }
    // Starting again (a reconnect) does not welcome twice.
    await api('/conversations', { method: 'POST', token });
    expect((await poll(conversationId, token, first.watermark)).activities).toEqual([]);

    const posted = await api(`/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: JSON.stringify({ type: 'message', text: 'nieuw dossier', from: { id: 'dl-anja' }, channelData: { clientActivityID: 'c-1' } }),
    });
    expect(posted.status).toBe(200);
    const next = await poll(conversationId, token, first.watermark);
    expect(next.activities[0]).toMatchObject({ id: posted.body.id, text: 'nieuw dossier', from: { id: 'dl-anja', role: 'user' }, channelData: { clientActivityID: 'c-1' } });
    expect(next.activities.slice(1).map((a) => a.text).join('\n')).toContain('Welke leerling?');
    expect(next.activities.slice(1).every((a) => a.replyToId === posted.body.id)).toBe(true);

    // Another conversation's token does not open this one.
    const other = await api('/tokens/generate', { method: 'POST', body: '{}' });
    expect((await api(`/conversations/${conversationId}/activities?watermark=`, { token: other.body.token as string })).status).toBe(403);
    expect((await api(`/conversations/${conversationId}/activities?watermark=`)).status).toBe(403);
  });

  it('takes a multipart upload like Web Chat sends it, and the bot downloads the file', async () => {
    const { body } = await api('/tokens/generate', { method: 'POST', body: JSON.stringify({ user: { id: 'dl-bram' } }) });
    const token = body.token as string;
    const conversationId = body.conversationId as string;
    await api('/conversations', { method: 'POST', token });
    for (const text of ['nieuw dossier', 'zoe', 'popo', 'alle', '3', 'Bram, 06-12345678']) {
      await api(`/conversations/${conversationId}/activities`, { method: 'POST', token, body: JSON.stringify({ type: 'message', text }) });
    }
    const before = await poll(conversationId, token);
    expect(before.activities.at(-1)?.text).toContain('Stuur eventuele bijlagen');

    const form = new FormData();
    const template = { type: 'message', from: { id: 'dl-bram' }, attachments: [{ contentType: 'application/pdf', name: 'plan.pdf' }] };
    form.append('activity', new Blob([JSON.stringify(template)], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob(['%PDF-1.4\n% plan\n'], { type: 'application/pdf' }), 'plan.pdf');
    const upload = await fetch(`${base}/v3/directline/conversations/${conversationId}/upload?userId=dl-bram`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    const after = await poll(conversationId, token, before.watermark);
    const echoed = after.activities[0]!;
    expect(echoed.attachments?.[0]?.name).toBe('plan.pdf');
    expect(after.activities.map((a) => a.text).join('\n')).toContain('Bewaard: plan.pdf');
    const download = await fetch(echoed.attachments![0]!.contentUrl!);
    expect(await download.text()).toBe('%PDF-1.4\n% plan\n');
  });

  it('keeps serving a tab across a restart: same token, watermarks still valid, the dialog continues', async () => {
    const { body } = await api('/tokens/generate', { method: 'POST', body: JSON.stringify({ user: { id: 'dl-cor' } }) });
    const token = body.token as string;
    const conversationId = body.conversationId as string;
    await api('/conversations', { method: 'POST', token });
    await api(`/conversations/${conversationId}/activities`, { method: 'POST', token, body: JSON.stringify({ type: 'message', text: 'nieuw dossier' }) });
    const { watermark } = await poll(conversationId, token);

    await e2e.restart();
    base = e2e.bot.url;

    const empty = await poll(conversationId, token, watermark);
    expect(empty.activities).toEqual([]);
    // A reloaded page asks for everything: the conversation from before the restart is still there.
    const history = await poll(conversationId, token);
    expect(history.activities.map((a) => a.text).join('\n')).toMatch(/Welkom bij de OSO-overstapbot[\s\S]*nieuw dossier[\s\S]*Welke leerling\?/);

    const zoe = JSON.stringify({ type: 'message', text: 'zoe', channelData: { clientActivityID: 'c-zoe' } });
    const posted = await api(`/conversations/${conversationId}/activities`, { method: 'POST', token, body: zoe });
    expect(posted.status).toBe(200);
    const after = await poll(conversationId, token, watermark);
    expect(after.activities.map((a) => a.text).join('\n')).toContain('Welke soort overstap?');

    // The page sends it again (it was not sure it arrived): the same activity, taken once.
    const again = await api(`/conversations/${conversationId}/activities`, { method: 'POST', token, body: zoe });
    expect(again).toMatchObject({ status: 200, body: { id: posted.body.id } });
    const all = (await poll(conversationId, token)).activities;
    expect(all.filter((a) => a.text === 'zoe')).toHaveLength(1);
    expect(all.filter((a) => a.text?.includes('Welke soort overstap?'))).toHaveLength(1);
  });
});

describe('with credentials', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await E2E.start({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-used', MicrosoftAppType: 'MultiTenant' } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('has no Web Chat page and no Direct Line endpoint', async () => {
    expect((await fetch(`${e2e.bot.url}/`)).status).toBe(404);
    expect((await fetch(`${e2e.bot.url}/v3/directline/tokens/generate`, { method: 'POST' })).status).toBe(404);
  });
});
