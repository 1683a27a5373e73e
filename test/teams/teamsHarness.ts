/**
 * Teams as the bot sees it, on loopback: the real bot (startBot, HTTP /api/messages) and a
 * local listener in the role of the Teams connector. The listener takes the bot's replies
 * (`POST /v3/conversations/:id/activities[/:replyTo]`), answers the roster lookup
 * (`GET /v3/conversations/:id/members/:userId`) from `members`; files for Teams file
 * attachments come from a stand-in for SharePoint (test/helpers/fakeFileHost.ts: the bot only
 * downloads from `*.sharepoint.com`). Activities are sent as Teams sends them: channelId
 * `msteams`, the user's `aadObjectId`, the tenant in channelData, and `<at>` mentions.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Activity, Attachment, TeamsChannelAccount } from 'botbuilder';
import { answer, ChannelListener } from '../../src/channel/localChannel';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startBot, type RunningBot } from '../../src/startBot';
import type { Clock } from '../../src/app/clock';
import { fakeFileHost } from '../helpers/fakeFileHost';

/** 15 October 2026, noon in the Netherlands: a school day in school year 2026-2027. */
export const teamsClock: Clock = { now: () => new Date('2026-10-15T10:00:00Z') };

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:0b9c7e4a-1f2d-4c3b-9a8e-7d6c5b4a3f21', name: 'OSO-overstapbot' };

export interface TeamsUser {
  /** Teams' channel id of the user ("29:…"), what `from.id` holds. */
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export const teamsUser = (name: string, email: string): TeamsUser => ({
  id: `29:${randomUUID().replace(/-/g, '')}`,
  aadObjectId: randomUUID(),
  name,
  email,
});

export interface PostedActivity extends Partial<Activity> {
  conversationId: string;
}

/** The shared local channel listener, plus Teams' roster lookup and file downloads. */
export class FakeTeamsConnector {
  readonly posted: PostedActivity[] = [];
  /** Roster lookups the bot made, as "conversationId/userId". */
  readonly memberLookups: string[] = [];
  readonly members = new Map<string, TeamsChannelAccount>();
  /** Personal chats the bot opened (createConversation): the new id and what the bot asked for. */
  readonly created: { id: string; parameters: Record<string, any> }[] = [];
  readonly files = new Map<string, Buffer>();
  readonly sharePoint = fakeFileHost(this.files);
  private readonly listener = new ChannelListener({ route: (req, res, url) => this.route(req, res, url) });
  url = '';

  async start(): Promise<void> {
    this.listener.onActivity((conversationId, activity) => this.posted.push({ ...(activity as Partial<Activity>), conversationId }));
    await this.listener.start();
    this.url = this.listener.url;
  }

  async stop(): Promise<void> {
    await this.listener.stop();
  }

  addMember(user: TeamsUser, extra: Partial<TeamsChannelAccount> = {}): void {
    this.members.set(user.id, {
      id: user.id,
      name: user.name,
      aadObjectId: user.aadObjectId,
      email: user.email,
      userPrincipalName: user.email,
      givenName: user.name.split(' ')[0]!,
      surname: user.name.split(' ').slice(1).join(' '),
      tenantId: TENANT_ID,
      userRole: 'user',
      ...extra,
    } as TeamsChannelAccount);
  }

  fileUrl(name: string): string {
    return this.sharePoint.url(name);
  }

  /** GET /v3/conversations/:conversationId/members/:userId; the activities go to the listener. */
  private route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
    if (req.method === 'POST' && url.pathname.replace(/\/$/, '') === '/v3/conversations') {
      // Teams' createConversation: a new personal chat with the member(s) named in the body.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const parameters = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
        const id = `a:1${randomUUID().replace(/-/g, '')}`;
        this.created.push({ id, parameters });
        answer(res, 201, { id });
      });
      return true;
    }
    if (req.method !== 'GET') return false;
    const parts = url.pathname.split('/').map(decodeURIComponent);
    if (parts[1] === 'v3' && parts[2] === 'conversations' && parts[4] === 'members' && parts[5]) {
      this.memberLookups.push(`${parts[3]}/${parts[5]}`);
      const member = this.members.get(parts[5]);
      if (member) answer(res, 200, member);
      else answer(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'Member not found' } });
      return true;
    }
    return false;
  }
}

export type Scope = 'personal' | 'groupChat' | 'channel';

/** What the bot answered to one activity. */
export interface Turn {
  activities: PostedActivity[];
  /** All texts, joined with blank lines. */
  text: string;
  /** Suggested-action titles. */
  buttons: string[];
  /** Adaptive Cards (their JSON) sent in this turn. */
  cards: Record<string, any>[];
  /** The id of the message that carried each card (what Teams sends back as `replyToId` on a submit). */
  cardMessageIds: string[];
  /** What the cards of this turn offer: button titles and the titles in choice lists (on Teams, more than three choices come as these). */
  cardChoices: string[];
}

export class TeamsChat {
  readonly conversationId: string;
  /** The Teams tenant the activities come from (another organisation's in the tenant tests). */
  tenantId = TENANT_ID;

  constructor(
    private readonly env: TeamsEnvironment,
    readonly user: TeamsUser,
    readonly scope: Scope = 'personal',
  ) {
    this.conversationId =
      scope === 'personal' ? `a:1${randomUUID().replace(/-/g, '')}` : scope === 'groupChat' ? `19:${randomUUID()}@thread.v2` : `19:${randomUUID()}@thread.tacv2;messageid=1`;
  }

  private base(): Partial<Activity> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.env.teams.url,
      timestamp: new Date(),
      locale: 'nl-NL',
      from: { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId },
      recipient: BOT,
      conversation: {
        id: this.conversationId,
        conversationType: this.scope,
        tenantId: this.tenantId,
        isGroup: this.scope !== 'personal',
      } as Activity['conversation'],
      channelData: {
        tenant: { id: this.tenantId },
        ...(this.scope === 'channel' ? { team: { id: '19:team-general@thread.tacv2' }, channel: { id: '19:team-general@thread.tacv2' } } : {}),
      },
    };
  }

  /** A typed message; in a group chat or channel it @mentions the bot, as Teams requires there. */
  say(text: string, extra: Partial<Activity> = {}): Promise<Turn> {
    if (this.scope === 'personal') return this.send({ type: 'message', text, ...extra });
    const mention = `<at>${BOT.name}</at>`;
    return this.send({
      type: 'message',
      text: `${mention} ${text}`,
      entities: [{ type: 'mention', text: mention, mentioned: BOT }],
      ...extra,
    });
  }

  /** An Adaptive Card Action.Submit: empty text, the data and inputs in `value`, in reply to the card's message. */
  submit(value: Record<string, unknown>, replyToId?: string): Promise<Turn> {
    return this.send({ type: 'message', text: '', value, ...(replyToId ? { replyToId } : {}) });
  }

  /** Clicks button `title` of the card at `index` of a turn, as Teams sends it: its data merged with the inputs. */
  click(turn: Turn, title: string, inputs: Record<string, string> = {}, index = 0): Promise<Turn> {
    const card = turn.cards[index];
    const action = (card?.actions ?? []).find((a: any) => a.title === title);
    if (!action) throw new Error(`no button "${title}" on the card: ${JSON.stringify(card?.actions)}`);
    return this.submit({ ...action.data, ...inputs }, turn.cardMessageIds[index]);
  }

  /** Files sent in the chat, as Teams delivers them (download info with a downloadUrl). */
  sendFiles(files: { name: string; data: Buffer }[]): Promise<Turn> {
    const attachments: Attachment[] = files.map((f) => {
      this.env.teams.files.set(f.name, f.data);
      return {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: f.name,
        contentUrl: `https://school.sharepoint.com/personal/docs/${encodeURIComponent(f.name)}`,
        content: { downloadUrl: this.env.teams.fileUrl(f.name), uniqueId: randomUUID(), fileType: f.name.split('.').pop() },
      };
    });
    // Teams adds an HTML copy of the message to every message with content.
    attachments.push({ contentType: 'text/html', content: '<p></p>' });
    return this.send({ type: 'message', text: '', attachments });
  }

  /** The app installed: conversationUpdate with the bot as the member added. */
  install(): Promise<Turn> {
    return this.send({ type: 'conversationUpdate', membersAdded: [{ id: BOT.id, name: BOT.name }] });
  }

  async send(activity: Partial<Activity>): Promise<Turn> {
    const before = this.env.teams.posted.length;
    const body = { ...this.base(), ...activity };
    const response = await fetch(`${this.env.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST /api/messages: ${response.status} ${await response.text()}`);
    const activities = this.env.teams.posted.slice(before).filter((a) => a.conversationId === this.conversationId);
    const withCards = activities.flatMap((a) =>
      (a.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => ({ id: String(a.id), card: x.content as Record<string, any> })),
    );
    const cards = withCards.map((c) => c.card);
    return {
      activities,
      text: activities.map((a) => a.text ?? '').filter(Boolean).join('\n\n'),
      buttons: activities.flatMap((a) => (a.suggestedActions?.actions ?? []).map((b) => String(b.title ?? b.value))),
      cards,
      cardMessageIds: withCards.map((c) => c.id),
      cardChoices: cards.flatMap((c) => [
        ...(c.actions ?? []).filter((a: any) => a.type === 'Action.Submit').map((a: any) => String(a.title)),
        ...(c.body ?? []).filter((e: any) => e.type === 'Input.ChoiceSet').flatMap((e: any) => e.choices.map((x: any) => String(x.title))),
      ]),
    };
  }
}

export interface TeamsEnvironment {
  bot: RunningBot;
  teams: FakeTeamsConnector;
  chat(user: TeamsUser, scope?: Scope): TeamsChat;
  stop(): Promise<void>;
}

export async function startTeamsEnvironment(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TeamsEnvironment> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oso-teams-'));
  const teams = new FakeTeamsConnector();
  await teams.start();
  const config = {
    ...loadConfig({ STORAGE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`, DEMO_MODE: 'off', LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...options.env }),
    PORT: 0,
  };
  const bot = await startBot(config, createLogger('silent'), options.clock ?? teamsClock, { attachmentNetwork: teams.sharePoint.network });
  const env: TeamsEnvironment = {
    bot,
    teams,
    chat: (user, scope) => new TeamsChat(env, user, scope),
    async stop() {
      await bot.stop(1000);
      await teams.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
