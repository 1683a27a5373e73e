/**
 * Server-side request forgery through an attachment (issue 17), through the real server
 * process: a message whose file points at a loopback service, at the bot's own /healthz or at
 * an IP literal in another notation gets the Dutch refusal, and nothing is fetched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, E2E, expectQuestion } from './harness';

describe('attachments from anywhere but the channel are refused (real process)', () => {
  let e2e: E2E;
  let service: http.Server;
  let servicePort: number;
  const requests: string[] = [];

  beforeAll(async () => {
    service = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 intern geheim');
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    servicePort = (service.address() as AddressInfo).port;
    e2e = await E2E.start({ env: { DEMO_MODE: 'auto' } });
  });
  afterAll(async () => {
    await e2e?.close();
    await new Promise<void>((resolve) => service.close(() => resolve()));
  });

  it('answers with the Dutch refusal and the loopback service sees no request', async () => {
    const user = e2e.conversation({ id: 'anja', name: 'Anja de Vries' });
    for (const answer of ['nieuw dossier', 'zoe', 'POPO', '1, 3 en 5', '3']) await user.say(answer);
    expectQuestion(await user.say('ok'), /Stuur eventuele bijlagen/);

    const replies = await user.send({
      type: 'message',
      text: '',
      attachments: [
        { name: 'intern.pdf', contentType: 'application/pdf', contentUrl: `http://127.0.0.1:${servicePort}/intern.pdf` },
        { name: 'decimaal.pdf', contentType: 'application/pdf', contentUrl: `http://2130706433:${servicePort}/decimaal.pdf` },
        { name: 'localhost.pdf', contentType: 'application/pdf', contentUrl: `https://localhost:${servicePort}/localhost.pdf` },
        { name: 'gezondheid.pdf', contentType: 'application/pdf', contentUrl: `${e2e.bot.url}/healthz` },
      ],
    });
    const text = allText(replies);
    for (const naam of ['intern.pdf', 'decimaal.pdf', 'localhost.pdf', 'gezondheid.pdf']) {
      expect(text).toContain(`"${naam}" heb ik niet opgehaald: het staat niet op een plek waar ik bestanden vandaan haal`);
    }
    expect(text).not.toContain('Bewaard:');
    expect(requests).toEqual([]);
    // The conversation goes on at the same question.
    expectQuestion(replies, /Er zijn nog geen bijlagen bewaard/);
    expect(allText(await user.say('geen'))).toMatch(/Voorlopig/);
  });
});
