/**
 * `npm run chat`: talk to a running OSO-overstapbot from the terminal, over the same Bot
 * Framework protocol the Emulator uses (this client runs its own small listener as the
 * `serviceUrl`). Suggested actions are shown as lettered options (a, b, c); typing the letter
 * sends the option. Input comes from the keyboard or from a pipe:
 *
 *   printf 'nieuw dossier\n…\n' | npm run chat
 *
 * With piped input every line is one message, and the client exits after the replies to the
 * last line — or earlier, with exit code 3, when the bot did not take a line (see
 * `refusedAnswer`), so a script never carries on answering questions it is not at.
 * `/bestand PAD` sends a file as an attachment; `/stop` ends the chat.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import dotenv from 'dotenv';
import { BotHttpError, ChannelListener, ChatConversation, type ChannelActivity, type OutgoingFile } from '../channel/localChannel';
import { visibleControls } from '../domain/text/cleanText';
import { optionFor, optionsOf, renderActivity, type Option } from './renderActivity';

const TEXT = {
  usage: [
    'Gebruik: npm run chat -- [--url http://localhost:$PORT] [--user ID] [--name NAAM]',
    '',
    'Praat in de terminal met een draaiende OSO-overstapbot (start die eerst met npm start).',
    '--url is standaard http://localhost:PORT, met PORT uit de omgeving of .env (anders 3978), net als npm start.',
    'Keuzes van de bot staan met een letter (a, b, c); typ de letter of de tekst. Verder:',
    '  /bestand PAD   stuur een bestand mee als bijlage',
    '  /stop          stop de chat',
  ].join('\n'),
  onbekendeOptie: (arg: string) => `Onbekende optie: ${arg}`,
  nietBereikbaar: (url: string, reason: string) =>
    `De bot op ${url} is niet bereikbaar (${reason}). Start hem eerst met "npm start", of geef het juiste adres met --url.`,
  httpFout: (message: string) => `De bot gaf een fout: ${message}`,
  bestandNietGelezen: (file: string, reason: string) => `Kan ${file} niet lezen: ${reason}`,
  verbonden: (url: string, user: string) => `Verbonden met ${url} als ${user}. Typ /stop om te stoppen.`,
  nietAangenomen: (regel: number, invoer: string, laatste: string) =>
    `Het script stopt bij regel ${regel} ("${invoer}"): de bot nam dat antwoord niet aan. Zijn laatste bericht:\n${laatste}`,
};

/** Exit codes: 1 the bot is unreachable or failed, 2 a wrong option, 3 a piped line the bot did not take. */
export const EXIT_REFUSED = 3;

interface ChatOptions {
  url: string;
  userId: string;
  name: string;
}

/** Known attachment types by extension; anything else is sent as octet-stream. */
const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Where `npm start` listens by default: the same PORT it reads (environment, then .env). */
export function defaultUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = Number(env.PORT);
  return `http://localhost:${Number.isInteger(port) && port > 0 && port < 65536 ? port : 3978}`;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ChatOptions | 'help' | { error: string } {
  const username = safeUsername();
  const options: ChatOptions = { url: defaultUrl(env), userId: `chat-${username}`, name: username };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    switch (flag) {
      case '--url':
        options.url = value().replace(/\/+$/, '');
        break;
      case '--user':
        options.userId = value();
        break;
      case '--name':
        options.name = value();
        break;
      case '-h':
      case '--help':
        return 'help';
      default:
        return { error: TEXT.onbekendeOptie(arg) };
    }
  }
  return options;
}

function safeUsername(): string {
  try {
    return os.userInfo().username || 'gebruiker';
  } catch {
    return 'gebruiker';
  }
}

/** Prints one bot activity; remembers its options for letter answers. */
class Printer {
  options: Option[] = [];
  /** The plain text of the last message printed. */
  last = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  print(activities: ChannelActivity[]): void {
    for (const activity of activities) {
      const lines = renderActivity(activity);
      if (lines.length === 0) continue;
      this.out.write(`bot: ${lines[0]}\n`);
      for (const line of lines.slice(1)) this.out.write(`     ${line}\n`);
      this.last = lines.join('\n');
      const options = optionsOf(activity);
      if (options.length > 0) this.options = options;
    }
  }
}

/** The question a reply asks (the last paragraph with a "?" of its expecting-input message). */
export function questionOf(replies: ChannelActivity[]): string | undefined {
  const asking = [...replies].reverse().find((a) => a.type === 'message' && a.inputHint === 'expectingInput' && a.text);
  return asking?.text
    ?.split(/\n\s*\n/)
    .filter((p) => p.includes('?'))
    .at(-1)
    ?.trim();
}

const NOT_UNDERSTOOD = /begrijp ik niet/i;
const ASKS_FOR_HELP = /^(help|\?|uitleg)$/i;

/**
 * Whether the bot did not take a line: it says it does not understand, or asks again the
 * question it had just asked (a refused answer; "help" re-asks on purpose and does not count).
 */
export function refusedAnswer(line: string, replies: ChannelActivity[], previousQuestion: string | undefined): boolean {
  if (replies.some((a) => NOT_UNDERSTOOD.test(a.text ?? ''))) return true;
  const question = questionOf(replies);
  return !ASKS_FOR_HELP.test(line) && question !== undefined && question === previousQuestion;
}

async function readAttachment(file: string): Promise<OutgoingFile> {
  const content = await readFile(file);
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { name: path.basename(file), contentType, content };
}

export async function runChat(
  options: ChatOptions,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; error: NodeJS.WritableStream; interactive: boolean },
): Promise<number> {
  const channel = await new ChannelListener().start();
  const conversation = new ChatConversation({ botUrl: options.url, channel, user: { id: options.userId, name: options.name } });
  const printer = new Printer(io.output);
  // Error texts may quote the server's answer: controls shown, not obeyed (as in renderActivity).
  const err = (line: string) => io.output.write(`${visibleControls(line)}\n`);

  // Messages that arrive outside a turn (proactive notices) are printed as they come.
  let inTurn = false;
  channel.onActivity((id, activity) => {
    if (!inTurn && id === conversation.conversationId) printer.print([activity]);
  });
  let question: string | undefined;
  let refused = false;
  const turn = async (send: () => Promise<ChannelActivity[]>, line = ''): Promise<boolean> => {
    inTurn = true;
    try {
      printer.options = [];
      const replies = await send();
      printer.print(replies);
      refused = refusedAnswer(line, replies, question);
      question = questionOf(replies) ?? question;
      return true;
    } catch (error) {
      if (error instanceof BotHttpError) err(TEXT.httpFout(error.message));
      else err(TEXT.nietBereikbaar(options.url, (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message));
      return false;
    } finally {
      inTurn = false;
    }
  };

  try {
    if (io.interactive) err(TEXT.verbonden(options.url, options.userId));
    if (!(await turn(() => conversation.join()))) return 1;

    const rl = readline.createInterface({ input: io.input, output: io.interactive ? io.output : undefined, terminal: io.interactive });
    if (io.interactive) rl.setPrompt('> ');
    if (io.interactive) rl.prompt();
    let lineNumber = 0;
    for await (const raw of rl) {
      const line = raw.trim();
      lineNumber++;
      if (!io.interactive) io.output.write(`> ${line}\n`);
      if (line === '/stop') break;
      if (line === '') {
        if (io.interactive) rl.prompt();
        continue;
      }
      let ok: boolean;
      const fileCommand = /^\/bestand\s+(.+)$/.exec(line);
      if (fileCommand) {
        const file = fileCommand[1]!.trim();
        let attachment: OutgoingFile;
        try {
          attachment = await readAttachment(file);
        } catch (error) {
          err(TEXT.bestandNietGelezen(file, (error as Error).message));
          if (io.interactive) rl.prompt();
          continue;
        }
        ok = await turn(() => conversation.say('', [attachment]), line);
      } else {
        const chosen = optionFor(line, printer.options);
        ok = await turn(() => conversation.say(chosen ? chosen.value : line), chosen ? chosen.value : line);
      }
      if (!ok) {
        rl.close();
        return 1;
      }
      if (refused && !io.interactive) {
        // Later lines answer questions the bot is not at: stop, and say where and why.
        rl.close();
        io.error.write(`${TEXT.nietAangenomen(lineNumber, line, printer.last)}\n`);
        return EXIT_REFUSED;
      }
      if (io.interactive) rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await channel.stop();
  }
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true }); // PORT from .env, as npm start reads it
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(TEXT.usage);
    return;
  }
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${TEXT.usage}`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await runChat(parsed, {
    input: process.stdin,
    output: process.stdout,
    error: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  });
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
