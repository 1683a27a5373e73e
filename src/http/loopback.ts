/**
 * Loopback detection for the local-mode gate: without credentials the bot authenticates
 * nobody, so by default it answers only this machine.
 */
import net from 'node:net';

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, '');
  if (net.isIPv4(plain)) return plain.startsWith('127.');
  return plain === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(plain);
}

/** True for a URL whose host is a loopback name or address (used by the load tool). */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || isLoopbackAddress(host);
}
