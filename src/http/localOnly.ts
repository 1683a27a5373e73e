/**
 * What "only the person at this machine" means for a request in local mode (no credentials,
 * so no authentication). A loopback socket is not enough: a web page the user visits can make
 * the browser post to http://localhost:3978 (cross-site request forgery), or resolve its own
 * domain to 127.0.0.1 and then read the answers (DNS rebinding), and a tunnel or reverse proxy
 * on this machine makes remote callers look local. Each check reads headers only.
 */
import type { IncomingMessage } from 'node:http';
import { isLoopbackAddress, isLoopbackUrl } from './loopback';

/** The names this bot's own page is opened under (README: http://localhost:3978). */
const OWN_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Headers a reverse proxy or tunnel (ngrok, cloudflared, dev tunnels, nginx) adds. */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'via',
] as const;

export type LocalRequestProblem = 'remote-address' | 'proxied' | 'foreign-host' | 'foreign-origin';

export const LOCAL_PROBLEM_TEXT: Record<LocalRequestProblem | 'foreign-service-url', string> = {
  'remote-address': 'it came from another machine',
  proxied: 'it came through a proxy or tunnel (Forwarded, X-Forwarded-*, Via)',
  'foreign-host': "its Host header is not localhost, 127.0.0.1 or [::1] with this bot's port",
  'foreign-origin': "it was sent by another web page (Origin is not this bot's own page)",
  'foreign-service-url': 'its serviceUrl is not a loopback address (localhost, 127.x.x.x or [::1])',
};

/** Why a local-mode request is not from the person at this machine, or undefined when it is. */
export function localRequestProblem(req: IncomingMessage): LocalRequestProblem | undefined {
  if (!isLoopbackAddress(req.socket?.remoteAddress)) return 'remote-address';
  if (PROXY_HEADERS.some((name) => req.headers[name] !== undefined)) return 'proxied';
  const port = req.socket.localPort;
  if (port === undefined || !isOwnHost(req.headers.host, port)) return 'foreign-host';
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) return 'foreign-origin';
  return undefined;
}

/** `Host: localhost:3978` and the like; the port is the one this request arrived on. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const [, name, given] = match;
  return (OWN_HOSTNAMES as readonly string[]).includes(name!) && Number(given ?? 80) === port;
}

/** The origin of this bot's own page: http://localhost:PORT, http://127.0.0.1:PORT or http://[::1]:PORT. */
export function isOwnOrigin(origin: string, port: number): boolean {
  const suffix = port === 80 ? '' : `:${port}`;
  return OWN_HOSTNAMES.some((name) => origin.toLowerCase() === `http://${name}${suffix}`);
}

/** The bot sends its replies to `serviceUrl`: in local mode only to a channel on this machine. */
export function isLocalServiceUrl(serviceUrl: string): boolean {
  return /^https?:/i.test(serviceUrl) && isLoopbackUrl(serviceUrl);
}
