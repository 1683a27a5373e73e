/**
 * A stand-in for SharePoint in tests (this machine has no outside network): the network parts
 * of AttachmentSources (DNS and the pinned request) answered from memory. Every request the
 * bot makes is recorded, so a test can show that a refused URL was never fetched.
 */
import type { AttachmentSources, RawResponse, ResolvedAddress } from '../../src/app/attachmentContent';
import { DEFAULT_ATTACHMENT_HOSTS } from '../../src/app/attachmentPolicy';

/** A public address (Microsoft's range): what a real SharePoint name resolves to. */
export const PUBLIC_ADDRESS = '52.108.10.20';
export const SHAREPOINT = 'https://school.sharepoint.com';

export interface FakeFileHost {
  sources: AttachmentSources;
  network: Required<Pick<AttachmentSources, 'resolve' | 'request'>>;
  /** URLs requested, with the address connected to. */
  requests: { url: string; address: string }[];
  /** Names looked up. */
  lookups: string[];
  url(name: string): string;
}

export function fakeFileHost(
  files: Record<string, Buffer> | Map<string, Buffer>,
  options: { addresses?: Record<string, string[]>; redirects?: Record<string, string> } = {},
): FakeFileHost {
  const requests: FakeFileHost['requests'] = [];
  const lookups: string[] = [];
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    lookups.push(host);
    return (options.addresses?.[host] ?? [PUBLIC_ADDRESS]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const request = async (url: URL, address: ResolvedAddress): Promise<RawResponse> => {
    requests.push({ url: url.href, address: address.address });
    const redirect = options.redirects?.[url.href];
    if (redirect) return response(302, Buffer.alloc(0), { location: redirect });
    const name = url.pathname.startsWith('/docs/') ? decodeURIComponent(url.pathname.slice('/docs/'.length)) : '';
    const body = files instanceof Map ? files.get(name) : files[name];
    return body ? response(200, body, { 'content-length': String(body.length) }) : response(404, Buffer.from('not found'));
  };
  const network = { resolve, request };
  return {
    sources: { allowedHosts: DEFAULT_ATTACHMENT_HOSTS, ...network },
    network,
    requests,
    lookups,
    url: (name) => `${SHAREPOINT}/docs/${encodeURIComponent(name)}`,
  };
}

function response(status: number, body: Buffer, headers: Record<string, string> = {}): RawResponse {
  return {
    status,
    headers,
    body: (async function* () {
      if (body.length) yield body;
    })(),
    discard: () => undefined,
  };
}
