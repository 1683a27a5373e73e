import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, pinnedRequest, readAttachmentContent, type AttachmentSources } from '../../src/app/attachmentContent';
import { fakeFileHost, SHAREPOINT } from '../helpers/fakeFileHost';

const PDF = Buffer.from('%PDF-1.4 verslag');
const MB = 1024 * 1024;
const later = () => Date.now() + 60_000;
const read = (url: unknown, sources: AttachmentSources, maxBytes = 10 * MB, deadline = later()) =>
  readAttachmentContent({ naam: 'verslag.pdf', url }, { maxBytes, deadline, sources });

describe('readAttachmentContent: data: URLs', () => {
  const { sources } = fakeFileHost({});

  it('decodes base64 and percent-encoded data', async () => {
    expect(await read(`data:application/pdf;base64,${PDF.toString('base64')}`, sources)).toEqual({ ok: true, value: PDF });
    expect(await read('data:text/plain,h%C3%A9', sources)).toEqual({ ok: true, value: Buffer.from('hé') });
  });

  it.each([
    ['broken percent-encoding', 'data:text/plain,%E0%A4%A'],
    ['not base64', 'data:application/pdf;base64,%%%not-base64!!'],
    ['no comma', 'data:application/pdf;base64'],
    ['a number', 42],
    ['an object', { href: 'data:,x' }],
    ['null', null],
    ['empty', ''],
  ])('answers "kon ik niet ophalen" for a malformed URL (%s)', async (_label, url) => {
    const result = await read(url, sources);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toBe('"verslag.pdf" kon ik niet ophalen. Stuur het bestand opnieuw; lukt dat niet, sla het dan als PDF op en probeer het nog eens.');
  });

  it('refuses data larger than the limit', async () => {
    const result = await read(`data:application/pdf;base64,${Buffer.alloc(2 * MB).toString('base64')}`, sources, MB);
    expect(result).toMatchObject({ ok: false, problem: { code: 'groot' } });
  });
});

describe('readAttachmentContent: remote files', () => {
  it('downloads from SharePoint, connecting to the address it checked', async () => {
    const host = fakeFileHost({ 'verslag.pdf': PDF });
    expect(await read(host.url('verslag.pdf'), host.sources)).toEqual({ ok: true, value: PDF });
    expect(host.requests).toEqual([{ url: host.url('verslag.pdf'), address: '52.108.10.20' }]);
  });

  it.each([
    'http://127.0.0.1:3978/healthz',
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::1]/',
    'https://[::]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://evil.example.com/verslag.pdf',
    'http://school.sharepoint.com/docs/verslag.pdf',
    'https://school.sharepoint.com:444/docs/verslag.pdf',
  ])('refuses %s in Dutch and fetches nothing', async (url) => {
    const host = fakeFileHost({ 'verslag.pdf': PDF });
    const result = await read(url, host.sources);
    expect(result).toMatchObject({ ok: false, problem: { code: 'bron' } });
    if (!result.ok) expect(result.problem.message).toContain('heb ik niet opgehaald: het staat niet op een plek waar ik bestanden vandaan haal');
    expect(host.requests).toEqual([]);
    expect(host.lookups).toEqual([]);
  });

  it.each([
    ['loopback', ['127.0.0.1']],
    ['private 10/8', ['10.1.2.3']],
    ['private 172.16/12', ['172.20.0.5']],
    ['private 192.168/16', ['192.168.0.10']],
    ['shared 100.64/10', ['100.64.1.1']],
    ['link-local', ['169.254.169.254']],
    ['IPv6 link-local', ['fe80::1']],
    ['unique-local', ['fd00::5']],
    ['IPv6 loopback', ['::1']],
    ['unspecified', ['0.0.0.0']],
    ['IPv6 unspecified', ['::']],
    ['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['one public and one private', ['52.108.10.20', '10.0.0.1']],
    ['nothing', []],
  ])('refuses an allowed name that resolves to %s, without connecting', async (_label, addresses) => {
    const host = fakeFileHost({ 'verslag.pdf': PDF }, { addresses: { 'school.sharepoint.com': addresses } });
    const result = await read(host.url('verslag.pdf'), host.sources);
    expect(result).toMatchObject({ ok: false, problem: { code: 'bron' } });
    expect(host.requests).toEqual([]);
  });

  it('follows a redirect only to a URL that passes the same checks', async () => {
    const first = `${SHAREPOINT}/docs/link`;
    const ok = fakeFileHost({ 'verslag.pdf': PDF }, { redirects: { [first]: '/docs/verslag.pdf' } });
    expect(await read(first, ok.sources)).toEqual({ ok: true, value: PDF });
    expect(ok.requests.map((r) => r.url)).toEqual([first, `${SHAREPOINT}/docs/verslag.pdf`]);

    for (const target of ['http://127.0.0.1:3978/healthz', 'https://[::1]/', 'https://evil.example.com/x', 'https://rebind.sharepoint.com/x']) {
      const host = fakeFileHost({}, { redirects: { [first]: target }, addresses: { 'rebind.sharepoint.com': ['127.0.0.1'] } });
      expect(await read(first, host.sources), target).toMatchObject({ ok: false, problem: { code: 'bron' } });
      expect(host.requests.map((r) => r.url), target).toEqual([first]); // the target itself is never requested
    }
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    const loop = `${SHAREPOINT}/docs/a`;
    const host = fakeFileHost({}, { redirects: { [loop]: `${SHAREPOINT}/docs/b`, [`${SHAREPOINT}/docs/b`]: loop } });
    expect(await read(loop, host.sources)).toMatchObject({ ok: false, problem: { code: 'bron' } });
    expect(host.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('refuses a file larger than the limit, announced or streamed', async () => {
    const host = fakeFileHost({ 'groot.pdf': Buffer.alloc(MB + 1) });
    expect(await read(host.url('groot.pdf'), host.sources, MB)).toMatchObject({ ok: false, problem: { code: 'groot' } });
    const unannounced: AttachmentSources = {
      ...host.sources,
      request: async () => ({
        status: 200,
        headers: {},
        body: (async function* () {
          for (let i = 0; i < 3; i++) yield Buffer.alloc(MB / 2);
        })(),
        discard: () => undefined,
      }),
    };
    expect(await read(host.url('x.pdf'), unannounced, MB)).toMatchObject({ ok: false, problem: { code: 'groot' } });
  });

  it('a message whose deadline has passed fetches nothing more', async () => {
    const host = fakeFileHost({ 'verslag.pdf': PDF });
    const result = await read(host.url('verslag.pdf'), host.sources, MB, Date.now() - 1);
    expect(result).toMatchObject({ ok: false, problem: { code: 'tijd' } });
    expect(host.requests).toEqual([]);
  });

  it('a download that does not finish by the deadline is given up with a Dutch message', async () => {
    const host = fakeFileHost({});
    const hanging: AttachmentSources = {
      ...host.sources,
      request: (_url, _address, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    };
    const result = await read(host.url('x.pdf'), hanging, MB, Date.now() + 50);
    expect(result).toMatchObject({ ok: false, problem: { code: 'tijd' } });
    if (!result.ok) expect(result.problem.message).toContain('het downloaden duurde te lang');
  });
});

describe('readAttachmentContent: the local Web Chat\'s own uploads', () => {
  const uploads = new Map([['conv1/abc', { content: PDF, contentType: 'application/pdf' }]]);
  const host = fakeFileHost({});
  const local: AttachmentSources = { ...host.sources, localUpload: (c, id) => uploads.get(`${c}/${id}`) };

  it('are read from memory, not over HTTP', async () => {
    expect(await read('http://127.0.0.1:3978/v3/directline/attachments/conv1/abc', local)).toEqual({ ok: true, value: PDF });
    expect(host.requests).toEqual([]);
    expect(await read('http://127.0.0.1:3978/v3/directline/attachments/conv1/gone', local)).toMatchObject({ ok: false, problem: { code: 'ophalen' } });
  });

  it('without local mode such a URL is an IP literal like any other: refused', async () => {
    expect(await read('http://127.0.0.1:3978/v3/directline/attachments/conv1/abc', host.sources)).toMatchObject({ ok: false, problem: { code: 'bron' } });
    expect(host.requests).toEqual([]);
  });
});

describe('pinnedRequest', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(`host ${req.headers.host}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the checked address, not to what the name resolves to now (no DNS rebinding)', async () => {
    // "files.invalid" resolves to nothing at all: the connection can only come from the pinned address.
    const response = await pinnedRequest(new URL(`http://files.invalid:${port}/x`), { address: '127.0.0.1', family: 4 }, AbortSignal.timeout(10_000));
    const chunks: Buffer[] = [];
    for await (const c of response.body) chunks.push(Buffer.from(c));
    expect(response.status).toBe(200);
    expect(Buffer.concat(chunks).toString()).toBe(`host files.invalid:${port}`);
  });
});
