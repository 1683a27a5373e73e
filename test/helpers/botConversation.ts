/**
 * Drives the real bot (OsoBot + MainDialog + the commands) through botbuilder's TestAdapter,
 * with conversation state in a KeyvStorage over the given DocumentStore, as in production.
 * `say` runs one turn and returns what the bot answered.
 */
import { ActivityTypes, ConversationState, TestAdapter, type Activity } from 'botbuilder';
import { createMainDialog } from '../../dialogs';
import type { Clock } from '../../src/app/clock';
import type { BotServices } from '../../src/app/services';
import { OsoBot } from '../../src/bot';
import { createLogger, type Logger } from '../../src/log';
import { createRepositories, type Repositories } from '../../src/repositories';
import type { DocumentStore } from '../../src/storage/documentStore';
import { KeyvStorage } from '../../src/storage/keyvStorage';
import { fixedClock } from './dossierFixtures';

export interface Reply {
  /** All texts of the turn, joined with blank lines. */
  text: string;
  activities: Partial<Activity>[];
  /** The suggested-action titles of the last activity that had them. */
  buttons: string[];
}

export interface BotConversation {
  adapter: TestAdapter;
  repos: Repositories;
  say(input: string | Partial<Activity>): Promise<Reply>;
  /** Every text the bot sent in this conversation so far. */
  transcript: string[];
}

export function startConversation(
  store: DocumentStore,
  options: {
    clock?: Clock;
    conversationId?: string;
    channelId?: string;
    osoValidator?: BotServices['osoValidator'];
    attachmentSources?: BotServices['attachmentSources'];
    /** Who talks (default id "user1"); on msteams the bot knows them by `aadObjectId`. */
    user?: { id: string; name: string; aadObjectId?: string };
    firstBeheerder?: string;
    /** Where the bot logs (default: nowhere). */
    logger?: Logger;
    /** Teams: what receives a file the user let the bot put in their OneDrive. */
    teamsUpload?: BotServices['teamsUpload'];
  } = {},
): BotConversation {
  const repos = createRepositories(store);
  const services: BotServices = {
    repos,
    clock: options.clock ?? fixedClock,
    logger: options.logger ?? createLogger('silent'),
    demoMode: false,
    osoValidator: options.osoValidator,
    attachmentSources: options.attachmentSources,
    ...(options.firstBeheerder ? { firstBeheerder: options.firstBeheerder } : {}),
    ...(options.teamsUpload ? { teamsUpload: options.teamsUpload } : {}),
  };
  const conversationState = new ConversationState(new KeyvStorage(store));
  const bot = new OsoBot(conversationState, createMainDialog, services);
  const conversation = TestAdapter.createConversation(options.conversationId ?? 'dossier-test', 'User1');
  if (options.channelId) conversation.channelId = options.channelId;
  // On Teams a user is known by their Entra object id, and Teams always says which kind of chat
  // it is (the bot talks about pupils only in a personal one).
  if (options.channelId === 'msteams') {
    const user = conversation.user!;
    conversation.conversation = { ...conversation.conversation, conversationType: 'personal' };
    conversation.user = { id: user.id, name: user.name, aadObjectId: user.id };
  }
  if (options.user) conversation.user = { ...options.user };
  const adapter = new TestAdapter(conversation);
  adapter.locale = 'nl-NL';
  const transcript: string[] = [];
  return {
    adapter,
    repos,
    transcript,
    async say(input) {
      const activity: Partial<Activity> =
        typeof input === 'string' ? { type: ActivityTypes.Message, text: input } : { type: ActivityTypes.Message, ...input };
      activity.locale = 'nl-NL';
      adapter.activeQueue.splice(0);
      await adapter.processActivity(activity, (ctx) => bot.run(ctx));
      const activities = adapter.activeQueue.splice(0);
      const texts = activities.map((a) => a.text ?? '').filter(Boolean);
      transcript.push(...texts);
      const withButtons = [...activities].reverse().find((a) => a.suggestedActions?.actions?.length);
      return {
        text: texts.join('\n\n'),
        activities,
        buttons: withButtons?.suggestedActions?.actions.map((a) => String(a.title ?? a.value)) ?? [],
      };
    },
  };
}
