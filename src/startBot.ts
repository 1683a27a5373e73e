/**
 * Wires the bot the way the BotBuilder samples do (index → adapter → bot → dialogs), but as a
 * function that returns a handle, so tests and the entry point start it the same way.
 */
import path from 'node:path';
import { ConversationState } from 'botbuilder';
import { createCommands } from '../dialogs';
import { MainDialog } from '../dialogs/mainDialog';
import { createAdapter } from './adapter';
import { OverdrachtService } from './app/overdrachtService';
import { systemClock, todayIn, type Clock } from './app/clock';
import type { BotServices } from './app/services';
import { OsoBot } from './bot';
import { ProactiveNotifier } from './proactive';
import type { Config } from './config';
import { isDemoLoaded, loadDemoData } from './demo/loadDemoData';
import { schoolSchema } from './domain/school';
import type { Logger } from './log';
import { createRepositories, type Repositories } from './repositories';
import { isOwnedByBotProcess } from './repositories/keys';
import { createOfficialValidator } from './oso/officialValidator';
import { createServer } from './server';
import { createDocumentStore } from './storage/createDocumentStore';
import { KeyvStorage } from './storage/keyvStorage';
import { registerLocalWebChat } from './webchat';
import { installTurnGuards } from './turns/installTurnGuards';
import { inspectConversationState, messageFor } from './turns/stateRecovery';
import { conversationKeyOf, UnsavedTurns } from './turns/unsavedTurns';

export interface RunningBot {
  url: string;
  port: number;
  repos: Repositories;
  demoMode: boolean;
  /** Stops accepting requests, lets running turns finish (up to `graceMs`), closes the store. */
  stop(graceMs?: number): Promise<void>;
}

export async function startBot(config: Config, logger: Logger, clock: Clock = systemClock): Promise<RunningBot> {
  const store = await createDocumentStore(config.STORAGE_URL, {
    ownedKeys: isOwnedByBotProcess,
    onDegraded: (detail, err) => logger.warn({ err }, detail),
  });
  const repos = createRepositories(store);
  await applySchoolSettings(config, repos);
  const demoMode = await prepareDemoMode(config, repos, clock);

  const services: BotServices = {
    repos,
    clock,
    logger,
    demoMode,
    // Compiled once here (seconds), then each "gereed" document is checked in milliseconds.
    osoValidator: config.OSO_VALIDATOR_DIR ? await createOfficialValidator(path.resolve(config.OSO_VALIDATOR_DIR)) : undefined,
  };
  const conversationState = new ConversationState(new KeyvStorage(store));
  const mainDialog = new MainDialog(services, createCommands(services));
  const unsavedTurns = new UnsavedTurns();
  const bot = new OsoBot(conversationState, mainDialog, services, unsavedTurns);
  const adapter = createAdapter(config, logger, {
    afterError: async (context, error, code, log) => {
      // Something was sent before the turn failed (e.g. the next question, then the save failed).
      if (context.responded) unsavedTurns.mark(conversationKeyOf(context.activity));
      return messageFor(await inspectConversationState(context, error, { conversationState, repos }, log), code);
    },
  });
  installTurnGuards(adapter, { conversationState, logger });
  services.notifier = new ProactiveNotifier(adapter, config.MicrosoftAppId, store, logger);
  const { server, running } = createServer({ adapter, bot, store, logger, config });
  registerLocalWebChat(server, { localMode: config.localMode, logger });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  logger.info({ port, localMode: config.localMode, demoMode, storage: store.constructor.name }, 'OSO-overstapbot listening');
  // Notices a crash left unsent ("verstrekt" recorded, the maker not yet told): send them now.
  const pendingNotices = new OverdrachtService(services)
    .sendPendingNotices()
    .then((sent) => {
      if (sent > 0) logger.info({ sent }, 'sent maker notices left pending by an earlier run');
    })
    .catch((err: Error) => logger.error({ err }, 'sending pending maker notices failed'));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    repos,
    demoMode,
    async stop(graceMs = 10_000) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (running() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await pendingNotices;
      await store.close();
    },
  };
}

/** SCHOOL_BRIN / SCHOOL_NAAM from the environment override the stored school settings. */
async function applySchoolSettings(config: Config, repos: Repositories): Promise<void> {
  if (!config.SCHOOL_BRIN && !config.SCHOOL_NAAM) return;
  const current = await repos.school.get();
  const merged = schoolSchema.safeParse({
    ...current,
    ...(config.SCHOOL_BRIN ? { brin: config.SCHOOL_BRIN } : {}),
    ...(config.SCHOOL_NAAM ? { naam: config.SCHOOL_NAAM } : {}),
  });
  if (merged.success) await repos.school.save(merged.data);
}

/** Demo mode only without credentials; demo data only on first start with an empty store. */
async function prepareDemoMode(config: Config, repos: Repositories, clock: Clock): Promise<boolean> {
  if (!config.localMode || config.DEMO_MODE === 'off') return false;
  await loadDemoData(repos, todayIn(clock));
  return config.DEMO_MODE === 'on' || (await isDemoLoaded(repos));
}
