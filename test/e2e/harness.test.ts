/**
 * The harness itself: a turn that throws still answers HTTP 200, so the harness must find the
 * error in the server's log and fail the test. Run against a throwaway bot (fixtures/) that
 * uses the product's adapter and logger and throws on "fout".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, expectReply, parseLogLine, serverErrors } from './harness';

describe('turn-error detector on captured log lines', () => {
  const line = (stream: 'stdout' | 'stderr', text: string) => parseLogLine(stream, text);

  it('flags pino lines at level error or fatal, and the "turn error" message', () => {
    const lines = [
      line('stdout', '{"level":30,"msg":"OSO-overstapbot listening","port":3978}'),
      line('stdout', '{"level":50,"errorCode":"A1B2C3","msg":"turn error"}'),
      line('stdout', '{"level":60,"msg":"could not start"}'),
      line('stdout', '{"level":40,"msg":"refused: local mode answers loopback only"}'),
    ];
    expect(serverErrors(lines).map((l) => l.json?.msg)).toEqual(['turn error', 'could not start']);
  });

  it('flags crashes on stderr but not Node deprecation warnings', () => {
    const lines = [
      line('stderr', '(node:123) [DEP0111] DeprecationWarning: Access to process.binding(\'http_parser\') is deprecated.'),
      line('stderr', 'TypeError: Cannot read properties of undefined (reading \'id\')'),
      line('stderr', '    at MainDialog.routeStep (/work/main/dist/dialogs/mainDialog.js:97:31)'),
    ];
    expect(serverErrors(lines).map((l) => l.text.slice(0, 9))).toEqual(['TypeError', '    at Ma']);
  });
});

describe('harness against a bot whose step throws', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await E2E.start({ entry: path.join(__dirname, 'fixtures/throwingBot.js') });
  });
  afterAll(async () => {
    if (!e2e) return;
    await e2e.stop();
    fs.rmSync(e2e.bot.dataDir, { recursive: true, force: true });
  });

  it('passes a good turn and fails the turn whose step throws, although HTTP says 200', async () => {
    const user = e2e.conversation({ id: 'u1', name: 'Test' });
    expectReply(await user.say('hallo'), /u zei: hallo/);

    // The raw request succeeds: the status alone proves nothing.
    const raw = await fetch(`${e2e.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(user.chat.envelope({ type: 'message', text: 'fout' })),
    });
    expect(raw.status).toBe(200);

    // Through the harness the same turn fails, naming the logged error.
    await expect(user.say('fout')).rejects.toThrow(/turn error|deliberately broken step/);
    expect(e2e.bot.errors().length).toBeGreaterThanOrEqual(2);
    expect(() => e2e.bot.assertNoErrors()).toThrow(/deliberately broken step/);
  });
});
