/**
 * One prompt for every question of every conversation: a text answer (or a card / files, read
 * from the activity) is parsed by a named domain parser. A wrong answer gets the parser's
 * Dutch message (which names an example) followed by the question again with its buttons;
 * after three failed tries the bot also offers "help" and "annuleren".
 *
 * Why not ChoicePrompt / DateTimePrompt: ChoicePrompt reads the Dutch "een" as choice 1 and
 * DateTimePrompt does not understand Dutch. Everything in the prompt options is plain JSON,
 * so a question in progress survives a restart.
 */
import { randomUUID } from 'node:crypto';
import { InputHints, MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { Prompt, type PromptRecognizerResult, type PromptValidatorContext } from 'botbuilder-dialogs';
import type { Result } from '../../src/domain/result';
import { isOk } from './answers';
import { answeredCard, cardOfSubmit, choicesForChannel, isCardSubmit, showsCards, stampSubmits } from './cards';
import type { QuestionOptions } from './conversationDialog';
import { escapeMarkdown } from './markdown';

/** What a parser gets: the typed text ("ok" already replaced by the proposed answer) and the turn. */
export interface Answer {
  text: string;
  context: TurnContext;
}

/** Parses one answer; `args` are the (JSON) arguments the question was asked with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnswerParser = (answer: Answer, args: any) => Result<unknown> | Promise<Result<unknown>>;

export interface QuestionSpec {
  /** The manual's own term, shown in bold: "Soort overstap". */
  term?: string;
  /** One line: what this is and why it matters. */
  uitleg?: string;
  /** Text between the explanation and the question, e.g. a numbered list or a warning. */
  tekst?: string;
  /** The question itself; repeated after a wrong answer. */
  vraag: string;
  /** Suggested actions. */
  knoppen?: string[];
  /** What "ok" stands for; shown with the question. */
  standaard?: string;
  /** How "ok" is shown when the proposed answer is long (e.g. a contact person). */
  standaardTekst?: string;
  /** Explanation shown for "help". */
  help: string;
  /** Name of the parser in the prompt's parser map. */
  parser: string;
  args?: unknown;
  /** Extra attachments for the question, e.g. an Adaptive Card with checkboxes. */
  attachments?: Partial<Attachment>[];
}

export interface QuestionValidations {
  help: string;
  parser: string;
  args?: unknown;
  vraag: string;
  knoppen: string[];
  standaard?: string;
  /** This asking of the question: what its cards' submits carry, so an old card cannot answer it. */
  vraagId: string;
  [key: string]: unknown;
}

const TEXT = {
  standaard: (s: string) => `Typ "ok" voor: ${escapeMarkdown(s)}.`,
  vastgelopen: 'Lukt het niet? Typ "help" voor uitleg bij deze vraag, of "annuleren" om te stoppen.',
};

/** A question: its text, its buttons, and the hint that the bot now waits for an answer. */
function questionActivity(text: string, knoppen: readonly string[]): Partial<Activity> {
  return knoppen.length
    ? MessageFactory.suggestedActions([...knoppen], text, undefined, InputHints.ExpectingInput)
    : MessageFactory.text(text, undefined, InputHints.ExpectingInput);
}

/** The prompt options for a question: the message with its buttons, and what the prompt needs. */
export function question(spec: QuestionSpec): QuestionOptions {
  const lines: string[] = [];
  if (spec.term) lines.push(spec.uitleg ? `**${spec.term}** — ${spec.uitleg}` : `**${spec.term}**`);
  else if (spec.uitleg) lines.push(spec.uitleg);
  if (spec.tekst) lines.push(spec.tekst);
  lines.push(spec.vraag);
  if (spec.standaard !== undefined) lines.push(TEXT.standaard(spec.standaardTekst ?? spec.standaard));
  const knoppen = spec.knoppen ?? [];
  const prompt = questionActivity(lines.join('\n\n'), knoppen);
  const vraagId = randomUUID();
  if (spec.attachments?.length) prompt.attachments = stampSubmits(spec.attachments as Attachment[], vraagId);
  const validations: QuestionValidations = {
    vraagId,
    help: spec.help,
    parser: spec.parser,
    args: spec.args,
    vraag: spec.vraag,
    knoppen,
    ...(spec.standaard !== undefined ? { standaard: spec.standaard } : {}),
  };
  // Through JSON once, so what is stored in the dialog state is exactly what is used now.
  return JSON.parse(JSON.stringify({ prompt, validations })) as QuestionOptions;
}

interface PromptState {
  probleem?: string;
}

export class QuestionPrompt extends Prompt<unknown> {
  constructor(
    dialogId: string,
    private readonly parsers: Readonly<Record<string, AnswerParser>>,
  ) {
    super(dialogId, (pc) => this.retryAfterWrongAnswer(pc));
  }

  protected override async onPrompt(context: TurnContext, _state: object, options: QuestionOptions): Promise<void> {
    const v = options.validations as QuestionValidations;
    if (options.prompt) await context.sendActivity(choicesForChannel(context, options.prompt as Partial<Activity>, v.vraagId));
  }

  protected override async onRecognize(
    context: TurnContext,
    state: PromptState,
    options: QuestionOptions,
  ): Promise<PromptRecognizerResult<unknown>> {
    const v = options.validations as QuestionValidations;
    const parser = this.parsers[v.parser];
    if (!parser) throw new Error(`QuestionPrompt ${this.id}: no parser "${v.parser}"`);
    let text = (context.activity.text ?? '').trim();
    if (v.standaard !== undefined && isOk(text)) text = v.standaard;
    const result = await parser({ text, context }, v.args);
    if (result.ok) {
      delete state.probleem;
      return { succeeded: true, value: result.value };
    }
    // Parser messages are plain text that may quote the answer: shown literally, not as Markdown.
    state.probleem = escapeMarkdown(result.problem.message);
    return { succeeded: false };
  }

  private async retryAfterWrongAnswer(pc: PromptValidatorContext<unknown>): Promise<boolean> {
    const v = pc.options.validations as QuestionValidations;
    if (pc.recognized.succeeded) {
      await showAnswered(pc.context, pc.options.prompt as Partial<Activity> | undefined, v.vraagId);
      return true;
    }
    const probleem = (pc.state as PromptState).probleem;
    const stuck = pc.attemptCount >= 3;
    const parts = [probleem, v.vraag, stuck ? TEXT.vastgelopen : undefined].filter(Boolean).join('\n\n');
    const knoppen = stuck ? [...v.knoppen, 'help', 'annuleren'] : v.knoppen;
    await pc.context.sendActivity(choicesForChannel(pc.context, questionActivity(parts, knoppen), v.vraagId));
    return false;
  }
}

/**
 * After a card answered the question, Teams gets the card back without its buttons and with
 * what was chosen (updateActivity on the card's message), so it cannot be pressed again.
 */
async function showAnswered(context: TurnContext, prompt: Partial<Activity> | undefined, vraagId: string): Promise<void> {
  const { value, replyToId } = context.activity;
  if (!showsCards(context) || !replyToId || !isCardSubmit(value) || !prompt) return;
  const cards = [...(prompt.attachments ?? []), ...(choicesForChannel(context, prompt, vraagId).attachments ?? [])];
  const card = cardOfSubmit(cards, value);
  const answered = card && answeredCard(card, value);
  if (!answered) return;
  try {
    await context.updateActivity({ type: 'message', id: replyToId, conversation: context.activity.conversation, attachments: [answered] });
  } catch {
    // The answer stands either way; an old card that stays live is still refused on submit.
  }
}
