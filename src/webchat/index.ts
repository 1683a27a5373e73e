/**
 * Local Web Chat: `GET /` serves a Dutch page with Bot Framework Web Chat (from the installed
 * botframework-webchat package, no CDN) that talks to this server's own Direct Line endpoint.
 * Only for local mode: with credentials the bot is reached through Azure Bot Service, and
 * this unauthenticated endpoint must not exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../log';
import type { DocumentStore } from '../storage/documentStore';
import { registerDirectLine, type UploadedFiles } from './directLine';
import type { DirectLineStore } from './directLineStore';
import { pageHtml, startScript } from './page';

/** Only the browser bundle is served (the package is ~160 MB, mostly build stats). */
export function webChatBundlePath(): string | undefined {
  try {
    const entry = require.resolve('botframework-webchat');
    const bundle = path.resolve(path.dirname(entry), '../dist/webchat.js');
    return fs.existsSync(bundle) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

export function registerLocalWebChat(
  server: Server,
  options: { localMode: boolean; logger: Logger; files?: UploadedFiles; documents?: DocumentStore },
): DirectLineStore | undefined {
  if (!options.localMode) return undefined;
  const bundle = webChatBundlePath();
  if (!bundle) options.logger.warn('botframework-webchat is not installed: the local Web Chat page cannot load');

  const page = pageHtml({ webChatAvailable: Boolean(bundle) });
  const script = startScript();

  server.get('/', async (_req: Request, res: Response) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
    res.end(page);
  });
  // Browsers ask for it; answer without a 404 in the console.
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' });
    res.end();
  });
  server.get('/webchat/start.js', async (_req: Request, res: Response) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
    res.end(script);
  });
  server.get('/webchat/webchat.js', async (_req: Request, res: Response) => {
    if (!bundle) return void res.json(404, { error: 'botframework-webchat is not installed' });
    const size = fs.statSync(bundle).size;
    res.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': size,
      'Cache-Control': 'public, max-age=86400',
      ...SECURITY_HEADERS,
    });
    await new Promise<void>((resolve) => {
      const stream = fs.createReadStream(bundle);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', () => resolve());
      stream.pipe(res);
    });
  });

  return registerDirectLine(server, { logger: options.logger, files: options.files, documents: options.documents });
}
