/**
 * Output that does not go through the bot's logger — the SDK's own console.error /
 * console.warn (CloudAdapter prints authentication errors that way), a crash's stack —
 * would bypass redaction. This sends it through the logger as well: warnings and errors as
 * JSON lines, console.log/info (the start-up banner) as plain text, all redacted.
 */
import { format } from 'node:util';
import type { Logger } from '../log';
import { redact } from './redact';

export function routeConsoleToLog(logger: Logger, out: NodeJS.WritableStream = process.stdout): void {
  const console_ = console as unknown as Record<string, (...args: unknown[]) => void>;
  console_.error = (...args) => {
    const text = format(...args);
    // Node prints its own warnings (deprecations) through console.error.
    if (/^\(node:\d+\) (\[\w+\] )?\w*Warning/.test(text)) logger.warn({ source: 'node' }, text);
    else logger.error({ source: 'console' }, text);
  };
  console_.warn = (...args) => logger.warn({ source: 'console' }, format(...args));
  console_.debug = (...args) => logger.debug({ source: 'console' }, format(...args));
  console_.trace = (...args) => logger.trace({ source: 'console' }, format(...args));
  console_.log = (...args) => void out.write(`${redact(format(...args))}\n`);
  console_.info = console_.log;
}

/** A crash is logged (redacted) instead of Node printing the raw stack, then exits as Node would. */
export function logCrashes(logger: Logger): void {
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
