/**
 * Entry point: configuration, then the bot, then shutdown on SIGTERM/SIGINT.
 */
import dotenv from 'dotenv';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './log';
import { logCrashes, routeConsoleToLog } from './privacy/consoleToLog';

dotenv.config({ quiet: true });

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.LOG_LEVEL);
// Whatever the SDK prints, and a crash's stack, goes through redaction too.
routeConsoleToLog(logger);
logCrashes(logger);

// Loaded only after the configuration is known to be good, so a bad value fails fast.
import('./startBot').then(({ startBot }) => startBot(config, logger)).then(
  (bot) => {
    if (config.localMode) {
      console.log(`\nOSO-overstapbot draait lokaal: Emulator → ${bot.url}/api/messages (geen App ID), Web Chat → ${bot.url}/\n`);
    }
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      bot.stop().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  },
  (err: Error) => {
    logger.fatal({ err }, 'could not start');
    console.error(`Could not start the OSO-overstapbot: ${err.message}`);
    process.exit(1);
  },
);
