/**
 * Adaptive Cards (schema 1.5, which Teams renders) for the questions where a card is easier than
 * typing: checkboxes for the categories, the summary with "Gereedmaken" / "Annuleren", the
 * aanvraag result and the status with its history. Cards are sent only on Teams; every other
 * channel keeps the text flow.
 *
 * A card never needs its own step logic: a submit arrives as `activity.value` with empty text,
 * and the bot turns it into the text answer the question already understands
 * (`answerFromCardSubmit`, called before any dialog runs). So a button carries the answer it
 * stands for, and a form names the input whose value is the answer.
 *
 * A card stays in the chat, and Teams keeps its buttons live: every submit of a question's
 * card also carries that question's id (`stampSubmits`), and a submit that does not belong to
 * the open question is refused (dialogs/mainDialog.ts). Once answered, the card is replaced
 * by a read-only copy that shows what was chosen (`answeredCard`).
 */
import { CardFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { escapeMarkdown } from './markdown';

export const CARD_SCHEMA_VERSION = '1.5';

/** Submit data of a button: the text it answers. */
const ANTWOORD = 'osoAntwoord';
/** Submit data of a form: the input whose value is the answer, and the answer when it is empty. */
const VELD = 'osoVeld';
const LEEG = 'osoLeeg';
/** Submit data of every question card: the id of the question (one asking of it) it answers. */
const VRAAG = 'osoVraag';
/** Teams shows at most three suggested actions; up to this many choices become card buttons. */
export const MAX_SUGGESTED_ACTIONS = 3;
const MAX_CARD_BUTTONS = 6;

/** True where Adaptive Cards are shown (Teams); elsewhere the questions stay text with buttons. */
export const showsCards = (context: TurnContext): boolean => context.activity.channelId === 'msteams';

/**
 * The text answer in a card submit, or undefined when `value` is not one of our submits.
 * A multi-select ChoiceSet gives "1,3": the answer becomes "1, 3".
 */
export function answerFromCardSubmit(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  if (typeof data[ANTWOORD] === 'string') return data[ANTWOORD];
  const veld = data[VELD];
  if (typeof veld !== 'string') return undefined;
  const raw = data[veld];
  const text = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean).join(', ') : '';
  if (text) return text;
  return typeof data[LEEG] === 'string' ? data[LEEG] : '';
}

/** True when `value` is a submit of one of our cards (a button or a form). */
export function isCardSubmit(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && (ANTWOORD in value || VELD in value);
}

/** The question id a card submit carries, if any (menu cards carry none). */
export function questionIdOfSubmit(value: unknown): string | undefined {
  const id = isCardSubmit(value) ? value[VRAAG] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Every Action.Submit in the cards, wherever it sits, carries the question id `vraagId`. */
export function stampSubmits<T>(attachments: T, vraagId: string): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)])) as Record<string, unknown>;
    if (copy.type === 'Action.Submit') copy.data = { ...((copy.data as object) ?? {}), [VRAAG]: vraagId };
    return copy;
  };
  return walk(attachments) as T;
}

/**
 * The card after it was answered: no buttons, inputs replaced by what was chosen, and a last
 * line saying so, so scrolling back shows what happened and offers nothing to press again.
 */
export function answeredCard(card: Attachment, submit: Record<string, unknown>): Attachment | undefined {
  const content = card.content as { body?: Element[]; actions?: Element[] } | undefined;
  if (card.contentType !== 'application/vnd.microsoft.card.adaptive' || !content) return undefined;
  const isInput = (e: Element) => typeof e.type === 'string' && e.type.startsWith('Input.');
  let gekozen: string;
  if (typeof submit[ANTWOORD] === 'string') {
    const pressed = (content.actions ?? []).find((a) => (a.data as Record<string, unknown> | undefined)?.[ANTWOORD] === submit[ANTWOORD]);
    gekozen = String(pressed?.title ?? submit[ANTWOORD]);
  } else {
    const input = (content.body ?? []).find((e) => isInput(e) && e.id === submit[VELD]);
    const choices = (input?.choices ?? []) as { title: string; value: string }[];
    const raw = submit[String(submit[VELD])];
    const values = typeof raw === 'string' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : [];
    gekozen = values.map((v) => choices.find((c) => c.value === v)?.title ?? v).join(', ') || 'niets';
  }
  return adaptiveCard([...(content.body ?? []).filter((e) => !isInput(e)), paragraph(`Gekozen: ${escapeMarkdown(gekozen)}`, { weight: 'Bolder' })]);
}

/** Of the cards a question was asked with, the one this submit came from. */
export function cardOfSubmit(cards: readonly Partial<Attachment>[], submit: Record<string, unknown>): Attachment | undefined {
  return cards.find((card) => {
    const content = card.content as { body?: Element[]; actions?: Element[] } | undefined;
    if (card.contentType !== 'application/vnd.microsoft.card.adaptive' || !content) return false;
    if (typeof submit[ANTWOORD] === 'string') return (content.actions ?? []).some((a) => (a.data as Record<string, unknown> | undefined)?.[ANTWOORD] === submit[ANTWOORD]);
    return (content.body ?? []).some((e) => e.id === submit[VELD]);
  }) as Attachment | undefined;
}

/**
 * On Teams, a message with more suggested actions than Teams shows gets them as card buttons
 * instead (or a list to pick from when there are many), so every choice stays reachable. The
 * buttons answer the question `vraagId` when one is given. Other channels keep the actions.
 */
export function choicesForChannel(context: TurnContext, activity: Partial<Activity>, vraagId?: string): Partial<Activity> {
  const actions = activity.suggestedActions?.actions ?? [];
  if (!showsCards(context) || actions.length <= MAX_SUGGESTED_ACTIONS) return activity;
  const keuzes = actions.map((a) => ({ titel: String(a.title ?? a.value), waarde: String(a.value ?? a.title) }));
  const card =
    keuzes.length <= MAX_CARD_BUTTONS
      ? adaptiveCard([], keuzes.map((k) => answerButton(k.titel, k.waarde)))
      : adaptiveCard(
          [{ type: 'Input.ChoiceSet', id: KEUZE_VELD, style: 'compact', choices: keuzes.map((k) => ({ title: k.titel, value: k.waarde })) }],
          [formButton('Kiezen', KEUZE_VELD, '')],
        );
  const { suggestedActions: _shown, ...rest } = activity;
  return { ...rest, attachments: [...(activity.attachments ?? []), vraagId ? stampSubmits(card, vraagId) : card] };
}
const KEUZE_VELD = 'keuze';

/** An Action.Submit button that answers `antwoord`. */
export const answerButton = (title: string, antwoord: string, style?: 'positive' | 'destructive') => ({
  type: 'Action.Submit',
  title,
  data: { [ANTWOORD]: antwoord },
  ...(style ? { style } : {}),
});

/** An Action.Submit button that answers with the value of input `veld` (or `leeg` when nothing is chosen). */
export const formButton = (title: string, veld: string, leeg: string) => ({
  type: 'Action.Submit',
  title,
  data: { [VELD]: veld, [LEEG]: leeg },
  style: 'positive',
});

type Element = Record<string, unknown>;

export function adaptiveCard(body: Element[], actions: Element[] = []): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_SCHEMA_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
  });
}

export const heading = (text: string): Element => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true });
export const paragraph = (text: string, extra: Element = {}): Element => ({ type: 'TextBlock', text, wrap: true, ...extra });
export const facts = (rows: readonly (readonly [string, string])[]): Element => ({
  type: 'FactSet',
  facts: rows.map(([title, value]) => ({ title, value })),
});

/**
 * A chat text as a card, so each dialog keeps one Dutch text for every channel: a line in bold
 * ("**Samenvatting**") becomes a heading, a run of "- Label: waarde" lines a FactSet (a history
 * line "- 15 oktober 2026 om 12:00: gereed gemaakt door …" too), any other line a paragraph.
 */
export function textCard(text: string, actions: Element[] = [], style?: 'good' | 'attention' | 'emphasis'): Attachment {
  const body: Element[] = [];
  let rows: [string, string][] = [];
  const flush = () => {
    if (rows.length) body.push(facts(rows));
    rows = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const fact = /^[-•]\s+(.+?):\s+(.+)$/.exec(line);
    if (fact) {
      rows.push([fact[1]!, fact[2]!]);
      continue;
    }
    flush();
    if (line === '') continue;
    const bold = /^\*\*(.+)\*\*$/.exec(line);
    body.push(bold ? heading(bold[1]!) : paragraph(line.replace(/^[-•]\s+/, '• ')));
  }
  flush();
  return adaptiveCard(style ? [{ type: 'Container', style, bleed: true, items: body }] : body, actions);
}

/** The checkboxes of a multi-select question; ticking nothing answers `leeg` ("geen"). */
export function checkboxCard(args: {
  titel: string;
  veld: string;
  keuzes: readonly { titel: string; waarde: string }[];
  gekozen: readonly string[];
  knop: string;
  leeg: string;
}): Attachment {
  return adaptiveCard(
    [
      heading(args.titel),
      {
        type: 'Input.ChoiceSet',
        id: args.veld,
        isMultiSelect: true,
        style: 'expanded',
        value: args.gekozen.join(','),
        choices: args.keuzes.map((k) => ({ title: k.titel, value: k.waarde })),
      },
    ],
    [formButton(args.knop, args.veld, args.leeg)],
  );
}

/** A message for the channel: on Teams the text as a card (with `actions`), elsewhere the text itself. */
export function textOrCard(context: TurnContext, text: string, actions: Element[] = [], style?: 'good' | 'attention'): Partial<Activity> {
  if (!showsCards(context)) return { type: 'message', text };
  // `summary` is what Teams shows in notifications and the chat list for a card.
  return { type: 'message', attachments: [textCard(text, actions, style)], summary: firstLine(text) };
}

const firstLine = (text: string): string => text.split('\n')[0]!.replace(/\*\*/g, '').slice(0, 120);
