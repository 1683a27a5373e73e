/**
 * Reads a JSON request body with a hard size limit, without ever holding more than the
 * limit in memory: a declared Content-Length over the limit is refused before a byte is
 * read, and a body that streams past the limit (chunked, or lying about its length) is
 * refused the moment it does.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; message: string };

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve(tooLarge(maxBytes));
  }
  // Required, not assumed: a web page can post text/plain to localhost without asking (CSRF).
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/.test(type)) {
    return Promise.resolve({ ok: false, status: 415, message: 'Expected Content-Type application/json.' });
  }

  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        chunks.length = 0;
        req.pause();
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return finish({ ok: false, status: 400, message: 'Empty request body; expected an activity (JSON).' });
      try {
        finish({ ok: true, value: JSON.parse(text) });
      } catch {
        // Not the parser's message: it quotes the body, which may hold personal data.
        finish({ ok: false, status: 400, message: 'Malformed JSON in the request body.' });
      }
    });
    req.once('error', () => finish({ ok: false, status: 400, message: 'The request body could not be read.' }));
    req.once('aborted', () => finish({ ok: false, status: 400, message: 'The request was aborted.' }));
  });
}

function tooLarge(maxBytes: number): BodyResult {
  return { ok: false, status: 413, message: `Request body larger than ${maxBytes} bytes.` };
}
