/**
 * Local mode (no credentials) answers only the person at this machine, against the real server
 * process. A web page the user visits can make the browser send requests to localhost (CSRF),
 * or point its own domain at 127.0.0.1 and read the answers (DNS rebinding); a tunnel makes
 * remote callers look local. None of these may run a turn, start a Web Chat conversation or
 * read the page, while the Emulator, the own Web Chat page and plain loopback clients work.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import { withBotProcess, type BotProcess } from './botProcess';

let bot: BotProcess;
let channel: ChannelListener;

withBotProcess((started) => ({ bot, channel } = started));

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with exactly these headers (fetch would not let a test set Host). */
function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bot.port, method, path, headers: { host: `127.0.0.1:${bot.port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const user = (name = 'Juf Anna') => new SimulatedUser(bot.url, channel, `user-${Math.random().toString(36).slice(2)}`, name);

/** Posts `hallo` as `u` with these headers (and activity changes); returns the answer. */
function postHallo(u: SimulatedUser, headers: Record<string, string>, activity: Record<string, unknown> = {}): Promise<RawAnswer> {
  return request('POST', '/api/messages', { 'content-type': 'application/json', ...headers }, JSON.stringify(u.activity('hallo', activity)));
}

function expectLocalRefusal(answer: RawAnswer, because: RegExp): void {
  expect(answer.status).toBe(403);
  const body = JSON.parse(answer.text) as { error: string; message: string };
  expect(body.error).toBe('forbidden');
  expect(body.message).toMatch(/local mode/);
  expect(body.message).toMatch(because);
  expect(body.message).toMatch(/ALLOW_REMOTE_LOCAL_MODE=true/);
}

describe('local mode: POST /api/messages only from the person at this machine', () => {
  it.each([
    ['another name (DNS rebinding)', () => `evil.example:${bot.port}`],
    ['another name without a port', () => 'evil.example'],
    ['a name that ends like an address', () => `127.0.0.1.nip.io:${bot.port}`],
    ['localhost with another port', () => `localhost:${bot.port + 1}`],
  ])('refuses a request whose Host is %s with 403 and runs no turn', async (_case, host) => {
    const u = user();
    expectLocalRefusal(await postHallo(u, { host: host() }), /Host header/);
    expect(channel.received(u.conversationId)).toEqual([]);
  });

  it.each([
    ['another web page', () => 'https://evil.example'],
    ['a sandboxed frame or file (null)', () => 'null'],
    ['localhost on another port', () => `http://localhost:${bot.port + 1}`],
    ['https on the bot port', () => `https://localhost:${bot.port}`],
  ])('refuses a request whose Origin is %s with 403 and runs no turn', async (_case, origin) => {
    const u = user();
    expectLocalRefusal(await postHallo(u, { origin: origin() }), /another web page/);
    expect(channel.received(u.conversationId)).toEqual([]);
  });

  it.each([
    ['X-Forwarded-For', '203.0.113.7'],
    ['Forwarded', 'for=203.0.113.7;proto=https'],
    ['X-Forwarded-Host', 'abcd.ngrok.app'],
    ['Via', '1.1 tunnel'],
  ])('refuses a request that came through a proxy or tunnel (%s) with 403', async (header, value) => {
    const u = user();
    expectLocalRefusal(await postHallo(u, { [header]: value }), /proxy or tunnel/);
    expect(channel.received(u.conversationId)).toEqual([]);
  });

  it.each([
    ['another host', 'https://evil.example/collect'],
    ['a LAN address', 'http://10.0.0.5:3978'],
    ['a name that starts like localhost', 'http://localhost.evil.example'],
  ])('refuses an activity whose serviceUrl is %s with 403: no reply goes anywhere', async (_case, serviceUrl) => {
    const u = user();
    expectLocalRefusal(await postHallo(u, {}, { serviceUrl }), /serviceUrl/);
    expect(channel.received(u.conversationId)).toEqual([]);
  });

  it('refuses a POST without Content-Type (a plain HTML form or text/plain fetch) with 415', async () => {
    const u = user();
    const answer = await request('POST', '/api/messages', {}, JSON.stringify(u.activity('mijn dossiers')));
    expect(answer.status).toBe(415);
    expect(channel.received(u.conversationId)).toEqual([]);
  });

  it('answers the Emulator (Host localhost, no Origin, serviceUrl on localhost)', async () => {
    const u = user();
    const port = new URL(channel.url).port;
    const answer = await postHallo(u, { host: `localhost:${bot.port}` }, { serviceUrl: `http://localhost:${port}` });
    expect(answer.status).toBe(200);
    expect(channel.received(u.conversationId).map((a) => a.text ?? '').join('\n')).toMatch(/Wat wilt u doen\?/);
  });

  it.each([
    ['http://localhost', 'localhost'],
    ['http://127.0.0.1', '127.0.0.1'],
  ])('answers a request from its own page (Origin %s:PORT)', async (origin, host) => {
    const u = user();
    const answer = await postHallo(u, { host: `${host}:${bot.port}`, origin: `${origin}:${bot.port}` });
    expect(answer.status).toBe(200);
    expect(channel.received(u.conversationId).map((a) => a.text ?? '').join('\n')).toMatch(/Wat wilt u doen\?/);
  });
});

describe('local mode: the Web Chat page, Direct Line and connector routes', () => {
  const rebinding = () => ({ host: `evil.example:${bot.port}`, origin: `http://evil.example:${bot.port}` });

  it('does not let a rebinding page read the Web Chat page or its script', async () => {
    expectLocalRefusal(await request('GET', '/', rebinding()), /Host header/);
    expectLocalRefusal(await request('GET', '/webchat/start.js', { host: `evil.example:${bot.port}` }), /Host header/);
    const own = await request('GET', '/', { host: `localhost:${bot.port}` });
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toContain('text/html');
  });

  it('does not let another page start a Direct Line conversation and read the replies', async () => {
    // What a rebinding page would do first: get a token. Refused, so it can read nothing.
    const generate = (headers: Record<string, string>) =>
      request('POST', '/v3/directline/tokens/generate', { 'content-type': 'application/json', ...headers }, JSON.stringify({ user: { id: 'dl-x', name: 'X' } }));
    expectLocalRefusal(await generate(rebinding()), /Host header/);
    expectLocalRefusal(await generate({ origin: 'https://evil.example' }), /another web page/);
    expectLocalRefusal(await generate({ 'x-forwarded-for': '203.0.113.7' }), /proxy or tunnel/);
    // The own page gets one, as before.
    const own = await generate({ origin: `http://127.0.0.1:${bot.port}` });
    expect(own.status).toBe(200);
    const { token, conversationId } = JSON.parse(own.text) as { token: string; conversationId: string };
    // A token is not enough from another page either.
    const read = await request('GET', `/v3/directline/conversations/${conversationId}/activities`, { authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expectLocalRefusal(read, /another web page/);
  });

  it('does not take replies on its connector routes from another page', async () => {
    const answer = await request(
      'POST',
      '/v3/conversations/some-conversation/activities',
      { 'content-type': 'application/json', origin: 'https://evil.example' },
      JSON.stringify({ type: 'message', text: 'nep' }),
    );
    expectLocalRefusal(answer, /another web page/);
  });

  it('keeps /healthz open for probes, and it shows no personal data', async () => {
    const health = await request('GET', '/healthz', rebinding());
    expect(health.status).toBe(200);
    // Demo mode holds pupils and staff; none of it reaches the probe's answer.
    expect(health.text).not.toMatch(/Zoë|Berg|Daniël|Vries|Bakker|Juf|@/i);
  });

  it('logs each refusal at warn level with its reason, without addresses or header values', () => {
    const refused = bot.logLines().filter((l) => l.msg === 'refused: local mode answers this machine only');
    expect(refused.length).toBeGreaterThanOrEqual(20);
    for (const line of refused) {
      expect(line.level).toBe(40);
      expect(typeof line.reason).toBe('string');
      expect(typeof line.reqId).toBe('string');
      expect(line).not.toHaveProperty('err');
    }
    expect(bot.output()).not.toMatch(/evil\.example|203\.0\.113\.7|ngrok|nip\.io/);
    expect(bot.child.exitCode).toBeNull();
  });
});
