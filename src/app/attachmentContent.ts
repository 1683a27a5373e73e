/**
 * The content of a file someone sent in the chat, read only from where channels really serve
 * files (issue 17): a `data:` URL (Web Chat, tests), the local Web Chat's own uploads (read
 * from memory, never over HTTP), or an https URL on an allowed host (Teams' SharePoint /
 * OneDrive download URL; see attachmentPolicy.ts). For a remote file every step is checked:
 * the URL, every address its name resolves to, and every redirect target (followed by hand,
 * at most MAX_REDIRECTS); the connection goes to the address that was checked, so a DNS
 * answer that changes between check and connect (rebinding) cannot reach another machine.
 *
 * One function for every kind of file (bijlagen, a roster CSV): what a file may be (its kind,
 * how many) is the caller's business. Failures are Results with a Dutch sentence.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { fail, ok, type Result } from '../domain/result';
import { checkDownloadUrl, DEFAULT_ATTACHMENT_HOSTS, isBlockedAddress } from './attachmentPolicy';

/** A redirect or two is normal for a download link; more is not followed. */
export const MAX_REDIRECTS = 3;

/** The local Web Chat's upload route (src/webchat/directLine.ts): conversation id, attachment id. */
const LOCAL_UPLOAD_PATH = /^\/v3\/directline\/attachments\/([^/]+)\/([^/]+)$/;

export interface UploadedContent {
  content: Buffer;
  contentType: string;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body (a redirect, a refused size). */
  discard(): void;
}

/** Where files may come from, and the network parts (replaceable in tests: no outside network). */
export interface AttachmentSources {
  /** Host patterns (`*.sharepoint.com`, `files.school.nl`) remote files may come from. */
  allowedHosts: readonly string[];
  /** The local Web Chat's uploaded files; only in local mode. */
  localUpload?: (conversationId: string, attachmentId: string) => UploadedContent | undefined;
  /** Every address a host name resolves to. Default: the system resolver. */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** One GET of `url`, connecting to `address` rather than resolving the name again. */
  request?: (url: URL, address: ResolvedAddress, signal: AbortSignal) => Promise<RawResponse>;
}

export const DEFAULT_SOURCES: AttachmentSources = { allowedHosts: DEFAULT_ATTACHMENT_HOSTS };

/** What readAttachmentContent is asked for. `url` is whatever the channel sent: not trusted. */
export interface AttachmentRef {
  /** Shown in messages (already cleaned by the caller). */
  naam: string;
  url: unknown;
}

export interface ReadOptions {
  maxBytes: number;
  /** Epoch ms by which every download of this message must be done (one deadline per message). */
  deadline: number;
  sources?: AttachmentSources;
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const TEXT = {
  ophalen: (naam: string) => `"${naam}" kon ik niet ophalen. Stuur het bestand opnieuw; lukt dat niet, sla het dan als PDF op en probeer het nog eens.`,
  bron: (naam: string) =>
    `"${naam}" heb ik niet opgehaald: het staat niet op een plek waar ik bestanden vandaan haal. Voeg het bestand zelf toe in de chat (met de paperclip) en stuur het opnieuw.`,
  teGroot: (naam: string, maxBytes: number) => `"${naam}" heb ik niet bewaard: het is groter dan ${mb(maxBytes)}.`,
  tijd: (naam: string) => `"${naam}" kon ik niet ophalen: het downloaden duurde te lang. Stuur het bestand opnieuw, of een kleiner bestand.`,
};

/**
 * The file's bytes, or a Dutch reason. Nothing is fetched from a URL the policy refuses;
 * nothing larger than `maxBytes` is kept in memory.
 */
export async function readAttachmentContent(file: AttachmentRef, options: ReadOptions): Promise<Result<Buffer>> {
  const { naam, url } = file;
  const sources = options.sources ?? DEFAULT_SOURCES;
  if (typeof url !== 'string' || url === '') return fail('ophalen', TEXT.ophalen(naam));
  if (/^data:/i.test(url)) return decodeDataUrl(url, naam, options.maxBytes);
  const local = localUpload(url, sources);
  if (local) return local.content.length > options.maxBytes ? fail('groot', TEXT.teGroot(naam, options.maxBytes)) : ok(local.content);
  if (local === null) return fail('ophalen', TEXT.ophalen(naam));
  const remaining = options.deadline - Date.now();
  if (remaining <= 0) return fail('tijd', TEXT.tijd(naam));
  const signal = AbortSignal.timeout(remaining);
  try {
    return await download(url, naam, options.maxBytes, sources, signal);
  } catch {
    return signal.aborted ? fail('tijd', TEXT.tijd(naam)) : fail('ophalen', TEXT.ophalen(naam));
  }
}

/** A local Web Chat upload: its content; null when it is such a URL but the file is gone; undefined otherwise. */
function localUpload(raw: string, sources: AttachmentSources): UploadedContent | null | undefined {
  if (!sources.localUpload) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const match = url.protocol === 'http:' || url.protocol === 'https:' ? LOCAL_UPLOAD_PATH.exec(url.pathname) : null;
  if (!match) return undefined;
  try {
    return sources.localUpload(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)) ?? null;
  } catch {
    return null;
  }
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** `data:[type][;base64],…`; anything that does not decode cleanly is "kon ik niet ophalen". */
export function decodeDataUrl(url: string, naam: string, maxBytes: number): Result<Buffer> {
  const comma = url.indexOf(',');
  if (comma < 0) return fail('ophalen', TEXT.ophalen(naam));
  const meta = url.slice(5, comma);
  const data = url.slice(comma + 1);
  const base64 = /;base64$/i.test(meta);
  // base64 grows by 4/3, percent-encoding by up to 3: refuse before decoding something far too large.
  if (data.length > (base64 ? (maxBytes * 4) / 3 + 4 : maxBytes * 3)) return fail('groot', TEXT.teGroot(naam, maxBytes));
  let buffer: Buffer;
  if (base64) {
    const compact = data.replace(/\s+/g, '');
    if (!BASE64.test(compact)) return fail('ophalen', TEXT.ophalen(naam));
    buffer = Buffer.from(compact, 'base64');
  } else {
    try {
      buffer = Buffer.from(decodeURIComponent(data), 'utf8');
    } catch {
      return fail('ophalen', TEXT.ophalen(naam));
    }
  }
  return buffer.length > maxBytes ? fail('groot', TEXT.teGroot(naam, maxBytes)) : ok(buffer);
}

async function download(first: string, naam: string, maxBytes: number, sources: AttachmentSources, signal: AbortSignal): Promise<Result<Buffer>> {
  const resolve = sources.resolve ?? systemResolve;
  const request = sources.request ?? pinnedRequest;
  let current = first;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const checked = checkDownloadUrl(current, sources.allowedHosts);
    if (!checked.ok) return fail('bron', TEXT.bron(naam));
    const url = checked.url;
    const addresses = await abortable(resolve(url.hostname.replace(/\.$/, '')), signal);
    // Every address must be public: a name with one private address is not a file server.
    if (addresses.length === 0 || addresses.some((a) => isBlockedAddress(a.address))) return fail('bron', TEXT.bron(naam));
    const response = await request(url, addresses[0]!, signal);
    const location = header(response, 'location');
    if (response.status >= 300 && response.status < 400 && location) {
      response.discard();
      current = new URL(location, url).href;
      continue;
    }
    if (response.status !== 200) {
      response.discard();
      return fail('ophalen', TEXT.ophalen(naam));
    }
    if (Number(header(response, 'content-length') ?? NaN) > maxBytes) {
      response.discard();
      return fail('groot', TEXT.teGroot(naam, maxBytes));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > maxBytes) {
        response.discard();
        return fail('groot', TEXT.teGroot(naam, maxBytes));
      }
      chunks.push(Buffer.from(chunk));
    }
    return ok(Buffer.concat(chunks));
  }
  return fail('bron', TEXT.bron(naam));
}

const header = (response: RawResponse, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

async function systemResolve(host: string): Promise<ResolvedAddress[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a: LookupAddress) => ({ address: a.address, family: a.family }));
}

/**
 * A GET that connects to `address` whatever the name resolves to now: the `lookup` of the
 * socket answers with the checked address. TLS still checks the certificate against the
 * URL's host name (SNI), so the server must really be that host.
 */
export function pinnedRequest(url: URL, address: ResolvedAddress, signal: AbortSignal): Promise<RawResponse> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        agent: false,
        signal,
        headers: { accept: '*/*', 'user-agent': 'OSO-overstapbot' },
        lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
          else callback(null, address.address, address.family);
        }) as never,
      },
      (res) => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: res,
          discard: () => res.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
