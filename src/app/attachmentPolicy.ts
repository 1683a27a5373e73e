/**
 * Where the bot may download a file from (issue 17, server-side request forgery). A chat
 * message can carry any URL; the bot only fetches what a channel really serves files from:
 * SharePoint/OneDrive for Teams (`*.sharepoint.com`), plus hosts an operator adds with
 * ATTACHMENT_HOSTS. Never an IP literal (in any notation: WHATWG URL parsing turns
 * `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` into 127.0.0.1 before we look), never an
 * address that is loopback, private, link-local, unique-local, unspecified or otherwise not
 * on the public internet — also when a permitted name resolves to one. Pure functions: the
 * DNS lookup and the connection are in attachmentContent.ts.
 */
import { BlockList, isIP } from 'node:net';

/** SharePoint Online and OneDrive for Business: where Teams' file download info points. */
export const DEFAULT_ATTACHMENT_HOSTS: readonly string[] = ['*.sharepoint.com'];

/** Why a URL is not fetched (for the log; the user gets one Dutch sentence). */
export type UrlRefusal = 'geen-url' | 'schema' | 'inlog' | 'poort' | 'ip-adres' | 'host';

/** Host patterns from ATTACHMENT_HOSTS: "files.school.nl, *.blob.core.windows.net". */
export function parseHostPatterns(value: string): string[] {
  return value
    .split(',')
    .map((p) => p.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

/** Whether a pattern is usable: a name (`a.b`) or `*.` plus a name; no IP, port or path. */
export function isValidHostPattern(pattern: string): boolean {
  const name = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(name) && isIP(name) === 0 && !/^[0-9.]+$/.test(name);
}

/** `*.sharepoint.com` matches every subdomain (not sharepoint.com itself); a plain name only itself. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p));
}

/**
 * The URL when the bot may fetch it: https, default port, no user info, a host name (not an
 * IP literal) on the allowed list. Checked again for every redirect target.
 */
export function checkDownloadUrl(raw: string, patterns: readonly string[]): { ok: true; url: URL } | { ok: false; reason: UrlRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'geen-url' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'schema' };
  if (url.username || url.password) return { ok: false, reason: 'inlog' };
  if (url.port !== '') return { ok: false, reason: 'poort' };
  const host = bareHost(url.hostname);
  if (isIP(host) !== 0) return { ok: false, reason: 'ip-adres' };
  if (!hostMatches(host, patterns)) return { ok: false, reason: 'host' };
  return { ok: true, url };
}

/** `[::1]` → `::1`; names and IPv4 as they are. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata endpoints live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/**
 * True for an address the bot must never connect to for a file: anything that is not a
 * public unicast address. IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that IPv4 address. Not an IP: true.
 */
export function isBlockedAddress(address: string): boolean {
  const ip = bareHost(address).replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return BLOCKED.check(ip, 'ipv4');
  if (family !== 6) return true;
  const words = ipv6Words(ip);
  if (!words) return true;
  const embedded = embeddedIpv4(words);
  if (embedded) return BLOCKED.check(embedded, 'ipv4');
  return BLOCKED.check(ip, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 expanded). */
function ipv6Words(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = text.slice(0, -dotted[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (text.includes('::') ? missing < 1 : missing !== 0) return undefined;
  const words = [...h, ...Array(text.includes('::') ? missing : 0).fill('0'), ...t].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => w >= 0 && w <= 0xffff) ? words : undefined;
}

function embeddedIpv4(w: number[]): string | undefined {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && w[5] === 0xffff) return v4(w[6]!, w[7]!); // ::ffff:a.b.c.d
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return v4(w[6]!, w[7]!); // NAT64
  if (w[0] === 0x2002) return v4(w[1]!, w[2]!); // 6to4
  return undefined;
}
