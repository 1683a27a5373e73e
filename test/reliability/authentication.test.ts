/**
 * With credentials set, only requests carrying a valid Bot Framework token run a turn;
 * without credentials (local mode), only this machine is answered unless explicitly allowed.
 */
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelListener, SimulatedUser } from '../../src/channel/localChannel';
import { isLoopbackAddress, isLoopbackUrl } from '../../src/http/loopback';
import { startBotProcess, type BotProcess } from './botProcess';
import { skipNote } from '../helpers/skipReason';

let channel: ChannelListener;
beforeAll(async () => {
  channel = await new ChannelListener().start();
});
afterAll(async () => {
  await channel?.stop();
});

/** A JWT-shaped token signed with a key the Bot Framework never issued. */
function forgedToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'forged' })}.${b64({
    iss: 'https://api.botframework.com',
    aud: '00000000-0000-0000-0000-000000000001',
    serviceurl: 'http://127.0.0.1',
    iat: now,
    nbf: now,
    exp: now + 3600,
  })}.${Buffer.from('not a signature').toString('base64url')}`;
}

describe('with credentials set', () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await startBotProcess({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      DEMO_MODE: 'auto',
    });
  });
  afterAll(async () => {
    await bot?.dispose();
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer token', { Authorization: 'Bearer garbage' }],
    ['a forged JWT', { Authorization: `Bearer ${forgedToken()}` }],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers a request with %s with 401 and runs no turn', async (_name, headers) => {
    const u = new SimulatedUser(bot.url, channel, 'user-x', 'Iemand');
    const started = performance.now();
    const turn = await u.send(u.activity('hallo'), headers as Record<string, string>);
    expect(turn.status).toBe(401);
    expect(performance.now() - started).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(channel.received(u.conversationId)).toEqual([]);
  }, 30_000);

  /**
   * Sends only the headers of a POST /api/messages and `sentBytes` of its body, never the
   * rest, and resolves with the answer: an answer can only come from the headers.
   */
  function headersOnly(headers: Record<string, string>, declaredBytes: number, path = '/api/messages'): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: bot.port,
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(declaredBytes), ...headers },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024, 0x20));
    });
  }

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bearer that is no token', { Authorization: 'Bearer garbage' }],
  ])('answers a 15 MB request with %s with 401 from its headers alone, the body never sent', async (_name, headers) => {
    const answer = await headersOnly(headers as Record<string, string>, 15 * 1024 * 1024);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'unauthorized' });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it.each(['/api/%6Dessages', '/api/messages;x', '/api/messages#x'])('guards %s too, which the router sends to the same handler', async (path) => {
    const answer = await headersOnly({}, 15 * 1024 * 1024, path);
    expect(answer.status).toBe(401);
  });

  it('refuses a 15 MB body with a Bearer token with 413 before reading it: activities are small with credentials', async () => {
    const answer = await headersOnly({ Authorization: `Bearer ${forgedToken()}` }, 15 * 1024 * 1024);
    expect(answer.status).toBe(413);
  });

  it('refuses a complete 600 kB activity with a Bearer token with 413, and takes one of 100 kB to the token check (401)', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-big', 'Iemand');
    const big = await u.send(u.activity('x'.repeat(600 * 1024)), { Authorization: `Bearer ${forgedToken()}` });
    expect(big.status).toBe(413);
    const small = await u.send(u.activity('x'.repeat(100 * 1024)), { Authorization: `Bearer ${forgedToken()}` });
    expect(small.status).toBe(401);
    expect(channel.received(u.conversationId)).toEqual([]);
  }, 30_000);

  it('answers a POST without Content-Type with 415, also with credentials', async () => {
    const u = new SimulatedUser(bot.url, channel, 'user-type', 'Iemand');
    const answer = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${forgedToken()}` },
      body: new TextEncoder().encode(JSON.stringify(u.activity('hallo'))),
    });
    expect(answer.status).toBe(415);
  });

  it('logs one request without a token once, at warn level, without a stack trace', async () => {
    const linesBefore = bot.logLines().length;
    const outputBefore = bot.output().length;
    const u = new SimulatedUser(bot.url, channel, 'user-log', 'Iemand');
    expect((await u.send(u.activity('hallo'))).status).toBe(401);
    // The line is written before the answer; give the pipe a moment to deliver it.
    for (let i = 0; i < 50 && bot.logLines().length === linesBefore; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const lines = bot.logLines().slice(linesBefore);
    expect(lines.filter((l) => (l.level as number) >= 40)).toEqual([expect.objectContaining({ level: 40, msg: 'request refused: not authenticated' })]);
    expect(JSON.stringify(lines)).not.toContain('"stack"');
    // Nothing else either: no stack trace printed to stderr by the SDK.
    expect(bot.output().slice(outputBefore)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('logs the refusals without the password, and keeps serving', async () => {
    expect(bot.output()).not.toContain('not-a-real-secret');
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

describe('local mode (no credentials)', () => {
  const external = externalAddress();

  it('knows loopback addresses and URLs', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '', undefined]) expect(isLoopbackAddress(a)).toBe(false);
    expect(isLoopbackUrl('http://localhost:3978')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:3978/api')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1:3978')).toBe(true);
    expect(isLoopbackUrl('http://example.com')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.example.com')).toBe(false);
  });

  it.skipIf(!external)(`refuses a request from another address with 403 and a clear message${skipNote(!external, 'this machine has no non-loopback IPv4 address to call from')}`, async () => {
    const bot = await startBotProcess({ HOST: '0.0.0.0' });
    try {
      const u = new SimulatedUser(`http://${external}:${bot.port}`, channel, 'user-remote', 'Op afstand');
      const remote = await fetch(`http://${external}:${bot.port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(u.activity('hallo')),
      });
      expect(remote.status).toBe(403);
      expect(((await remote.json()) as { message: string }).message).toMatch(/local mode.*ALLOW_REMOTE_LOCAL_MODE=true/s);
      expect(channel.received(u.conversationId)).toEqual([]);
      // Health probes stay open; loopback is served.
      expect((await fetch(`http://${external}:${bot.port}/healthz`)).status).toBe(200);
      const local = new SimulatedUser(bot.url, channel, 'user-local', 'Lokaal');
      expect((await local.say('hallo')).replies.length).toBeGreaterThan(0);
    } finally {
      await bot.dispose();
    }
  });

  it.skipIf(!external)(`serves another address when ALLOW_REMOTE_LOCAL_MODE=true${skipNote(!external, 'this machine has no non-loopback IPv4 address to call from')}`, async () => {
    const bot = await startBotProcess({ HOST: '0.0.0.0', ALLOW_REMOTE_LOCAL_MODE: 'true' });
    try {
      const u = new SimulatedUser(`http://${external}:${bot.port}`, channel, 'user-remote2', 'Op afstand');
      const turn = await u.say('hallo');
      expect(turn.status).toBe(200);
      expect(turn.replies.length).toBeGreaterThan(0);
    } finally {
      await bot.dispose();
    }
  });
});
