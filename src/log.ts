/**
 * JSON-line logging (pino). Every line passes through `redact` before it is written, so
 * a BSN, e-mail address or phone number never reaches a log, whoever logs it.
 */
import pino, { type Logger } from 'pino';
import { redact } from './privacy/redact';

export type { Logger };

export function createLogger(level: string, destination: pino.DestinationStream | NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { app: 'oso-overstapbot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: redact },
    },
    destination as pino.DestinationStream,
  );
}
