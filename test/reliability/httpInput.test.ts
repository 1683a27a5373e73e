/**
 * Bad HTTP input against the real server process: each request gets its status code, runs
 * no turn (the channel receives nothing), and the server keeps serving afterwards.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import { withBotProcess, type BotProcess } from './botProcess';

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started));

const user = (name = 'Juf Anna') => new SimulatedUser(bot.url, channel, `user-${Math.random().toString(36).slice(2)}`, name);

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const r = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  return { status: r.status, text: await r.text() };
}

/** The server still answers a normal message with the menu. */
async function expectStillServing(): Promise<void> {
  const u = user();
  const turn = await u.say('hallo');
  expect(turn.status).toBe(200);
  expect(turn.replies.map((r) => r.text ?? '').join('\n')).toMatch(/Wat wilt u doen\?/);
}

/** Sends `totalBytes` of body (declared up front, or chunked) and reports when the answer came. */
function sendLargeBody(totalBytes: number, declareLength: boolean): Promise<{ status: number; ms: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const url = new URL(`${bot.url}/api/messages`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': String(totalBytes) } : {}) },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, sentBytes: sent });
    });
    // After the 413 the server closes the connection; a reset while we are still writing is expected.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('HTTP input', () => {
  it('refuses a 50 MB body with a declared length at once with 413, without reading it', async () => {
    const result = await sendLargeBody(50 * 1024 * 1024, true);
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(3000);
    await expectStillServing();
  });

  it('refuses a chunked body when it streams past the limit with 413', async () => {
    const result = await sendLargeBody(50 * 1024 * 1024, false);
    expect(result.status).toBe(413);
    // Refused at about the limit (16 MB), not after all 50 MB.
    expect(result.sentBytes).toBeLessThan(30 * 1024 * 1024);
    await expectStillServing();
  });

  it('answers malformed JSON with 400', async () => {
    const r = await post('{"type": "message", "text": ');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).message).toMatch(/Malformed JSON/);
    expect((await post('')).status).toBe(400);
    expect((await post('[1,2]')).status).toBe(400);
    await expectStillServing();
  });

  it.each([
    ['type', (a: Record<string, unknown>) => delete a.type],
    ['channelId', (a: Record<string, unknown>) => delete a.channelId],
    ['conversation', (a: Record<string, unknown>) => delete a.conversation],
    ['conversation.id', (a: Record<string, unknown>) => (a.conversation = {})],
    ['serviceUrl', (a: Record<string, unknown>) => delete a.serviceUrl],
    ['a serviceUrl that is not http(s)', (a: Record<string, unknown>) => (a.serviceUrl = 'file:///etc/passwd')],
  ])('answers an activity without %s with 400 and runs no turn', async (_field, spoil) => {
    const u = user();
    const activity = u.activity('hallo');
    spoil(activity);
    const r = await post(JSON.stringify(activity));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).message).toMatch(/Invalid activity/);
    expect(channel.received(u.conversationId)).toEqual([]);
    await expectStillServing();
  });

  it('answers a 100 000-character message politely, without it reaching the dialogs', async () => {
    const u = user();
    const turn = await u.say('x'.repeat(100_000));
    expect(turn.status).toBe(200);
    expect(turn.replies).toHaveLength(1);
    expect(turn.replies[0]!.text).toMatch(/^Uw bericht is te lang \(100\.000 tekens\)/);
    // The dialogs would have answered "… begrijp ik niet" with the menu.
    expect(turn.replies[0]!.text).not.toMatch(/begrijp ik niet|Wat wilt u doen/);
    await expectStillServing();
  });

  it('ignores an unknown activity type: 200, no reply', async () => {
    const u = user();
    const turn = await u.send(u.activity('hallo', { type: 'somethingNew' }));
    expect(turn.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(channel.received(u.conversationId)).toEqual([]);
    await expectStillServing();
  });

  it('answers a wrong content type with 415', async () => {
    const r = await post('type=message', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    await expectStillServing();
  });

  it('logs every refused request with a request id, and the process is still alive', async () => {
    const refused = bot.logLines().filter((l) => l.msg === 'request refused');
    expect(refused.length).toBeGreaterThanOrEqual(8);
    for (const line of refused) expect(typeof line.reqId).toBe('string');
    expect(bot.child.exitCode).toBeNull();
  });
});
