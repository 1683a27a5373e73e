/**
 * Wires the bot the way the BotBuilder samples do (index → adapter → bot → dialogs), but as a
 * function that returns a handle, so tests and the entry point start it the same way.
 */
import path from 'node:path';
import { ConversationState } from 'botbuilder';
import { createMainDialog } from '../dialogs';
import { Board } from './app/board';
import { createAdapter } from './adapter';
import { OverdrachtService } from './app/overdrachtService';
import { systemClock, todayIn, type Clock } from './app/clock';
import type { BotServices } from './app/services';
import { actingRepos, OsoBot } from './bot';
import { ProactiveNotifier } from './proactive';
import type { Config } from './config';
import { isDemoLoaded, loadDemoData } from './demo/loadDemoData';
import { schoolSchema } from './domain/school';
import type { Logger } from './log';
import { createRepositories, type Repositories } from './repositories';
import { isOwnedByBotProcess } from './repositories/keys';
import { createOfficialValidator } from './oso/officialValidator';
import { createServer } from './server';
import { DEFAULT_ATTACHMENT_HOSTS, parseHostPatterns } from './app/attachmentPolicy';
import type { AttachmentSources } from './app/attachmentContent';
import { AttachmentRegister } from './repositories/attachmentRegister';
import type { UploadedFiles } from './webchat/directLine';
import { createDocumentStore } from './storage/createDocumentStore';
import { KeyvStorage } from './storage/keyvStorage';
import { registerLocalWebChat } from './webchat';
import { installTurnGuards } from './turns/installTurnGuards';
import { inspectConversationState, messageFor } from './turns/stateRecovery';
import { cancelledMessage, dataErrorMessage, DataErrors, noteDataError } from './turns/storeFaults';
import { interruptionIn } from '../dialogs/shared/interruptions';
import { conversationKeyOf, UnsavedTurns } from './turns/unsavedTurns';

export interface RunningBot {
  url: string;
  port: number;
  /** The first (with one school: the only) school's repositories; `store` is the board's whole store. */
  repos: Repositories;
  demoMode: boolean;
  /** Stops accepting requests, lets running turns finish (up to `graceMs`), closes the store. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Network parts of attachment reading, replaced in tests (no outside network there). */
  attachmentNetwork?: Pick<AttachmentSources, 'resolve' | 'request'>;
}

export async function startBot(config: Config, logger: Logger, clock: Clock = systemClock, options: StartOptions = {}): Promise<RunningBot> {
  const store = await createDocumentStore(config.STORAGE_URL, {
    ownedKeys: isOwnedByBotProcess,
    onDegraded: (detail, err) => logger.warn({ err }, detail),
    // A school's bot does not silently start over with an empty store when its file is gone.
    refuseMissingSqliteFile: !config.localMode,
  });
  const repos = createRepositories(store);
  const board = new Board(store, repos);
  // A store from before boards is taken over first (src/app/board.ts): its school becomes the first.
  await board.prepare();
  const dataErrors = new DataErrors();
  // A broken school document does not stop the bot: it is reported, and each turn that needs it says so.
  await readingSchoolSettings(() => applySchoolSettings(config, repos), dataErrors, logger);
  const demoMode = (await readingSchoolSettings(() => prepareDemoMode(config, repos, clock), dataErrors, logger)) ?? (config.localMode && config.DEMO_MODE === 'on');
  const sweepAll = async () => {
    for (const school of await board.schools()) await sweepAttachments(new AttachmentRegister(board.repositoriesFor(school).store), clock, logger);
  };
  await sweepAll().catch((err: unknown) => logger.warn({ err }, 'the sweep of unused attachment contents failed; it is tried again later'));
  // Then hourly, for what a crashed turn or another instance left (younger than the grace period at start).
  const sweeper = setInterval(() => void sweepAll().catch(() => undefined), SWEEP_INTERVAL_MS);
  sweeper.unref();
  // The local Web Chat's uploads: the bot reads them from memory, never over HTTP.
  const uploads: UploadedFiles = new Map();

  const services: BotServices = {
    repos,
    board,
    clock,
    logger,
    demoMode,
    allowedTenants: [config.MicrosoftAppTenantId.toLowerCase(), ...config.TEAMS_TENANT_IDS].filter(Boolean),
    ...(config.FIRST_BEHEERDER ? { firstBeheerder: config.FIRST_BEHEERDER } : {}),
    // Compiled once here (seconds), then each "gereed" document is checked in milliseconds.
    osoValidator: config.OSO_VALIDATOR_DIR ? await createOfficialValidator(path.resolve(config.OSO_VALIDATOR_DIR)) : undefined,
    attachmentSources: {
      allowedHosts: [...DEFAULT_ATTACHMENT_HOSTS, ...parseHostPatterns(config.ATTACHMENT_HOSTS)],
      ...(config.localMode ? { localUpload: (conversationId: string, id: string) => uploads.get(conversationId)?.get(id) } : {}),
      ...options.attachmentNetwork,
    },
  };
  const conversationState = new ConversationState(new KeyvStorage(store));
  const unsavedTurns = new UnsavedTurns();
  const bot = new OsoBot(conversationState, createMainDialog, services, unsavedTurns);
  const adapter = createAdapter(config, logger, {
    afterError: async (context, error, code, log) => {
      const dataError = noteDataError(error, dataErrors, log, code);
      // "annuleren" always ends the conversation, also when the turn could not be saved.
      if (interruptionIn(context.activity.text) === 'annuleren') {
        await conversationState.delete(context).catch((err: unknown) => log.warn({ err, errorCode: code }, 'could not reset the cancelled conversation; the next turn starts afresh'));
        unsavedTurns.mark(conversationKeyOf(context.activity), 'cancelled');
        return cancelledMessage(code);
      }
      // Something was sent before the turn failed (e.g. the next question, then the save failed).
      if (context.responded) unsavedTurns.mark(conversationKeyOf(context.activity));
      // The dossiers listed are the acting school's; with one school that is known without asking.
      const acting = actingRepos(context) ?? ((await board.schools()).length === 1 ? repos : undefined);
      const outcome = await inspectConversationState(context, error, { conversationState, repos: acting, store }, log);
      return messageFor(outcome, code) ?? (dataError ? dataErrorMessage(dataError, code) : undefined);
    },
  });
  installTurnGuards(adapter, { conversationState, logger });
  services.notifier = new ProactiveNotifier(adapter, config.MicrosoftAppId, store, logger);
  const { server, running } = createServer({ adapter, bot, store, logger, config, dataErrors });
  registerLocalWebChat(server, { localMode: config.localMode, logger, files: uploads, documents: store });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  logger.info({ port, localMode: config.localMode, demoMode, storage: store.constructor.name }, 'OSO-overstapbot listening');
  // Notices a crash left unsent ("verstrekt" recorded, the maker not yet told): send them now.
  const pendingNotices = sendPendingNotices(board, services)
    .then((sent) => {
      if (sent > 0) logger.info({ sent }, 'sent maker notices left pending by an earlier run');
    })
    .catch((err: Error) => logger.error({ err }, 'sending pending maker notices failed'));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    repos: { ...repos, store },
    demoMode,
    async stop(graceMs = 10_000) {
      clearInterval(sweeper);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (running() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      await pendingNotices;
      await store.close();
    },
  };
}

/** Runs a start-up step that reads the school settings; a school document that is not JSON is reported and skipped. */
async function readingSchoolSettings<T>(step: () => Promise<T>, dataErrors: DataErrors, logger: Logger): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!noteDataError(err, dataErrors, logger, 'start')) throw err;
    return undefined;
  }
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Removes attachment contents no dossier (or dossier in progress) refers to; never stops the bot. */
async function sweepAttachments(register: AttachmentRegister, clock: Clock, logger: Logger): Promise<void> {
  try {
    const removed = await register.sweep(clock.now());
    if (removed > 0) logger.info({ removed }, 'removed attachment contents no dossier refers to');
  } catch (err) {
    logger.warn({ err }, 'the sweep of unused attachment contents failed; it is tried again later');
  }
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

/** The maker notices left pending, school by school (each school keeps its own list). */
async function sendPendingNotices(board: Board, services: BotServices): Promise<number> {
  let sent = 0;
  for (const school of await board.schools()) sent += await new OverdrachtService({ ...services, repos: board.repositoriesFor(school) }).sendPendingNotices();
  return sent;
}
