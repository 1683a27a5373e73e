/**
 * A bot activity as plain text for a terminal: the message (Markdown made plain), its cards
 * flattened to lines, and its suggested actions as lettered options (typing the letter sends
 * that option). Letters, not numbers: the bot's own text numbers things too ("1. VVE …"), and
 * a typed number must reach the bot as that number.
 */
import type { ChannelActivity } from '../channel/localChannel';
import { visibleControls } from '../domain/text/cleanText';

export interface Option {
  title: string;
  /** What is sent when the option is chosen (imBack/postBack value, else the title). */
  value: string;
}

/** The suggested actions of an activity, as options a user can pick by letter. */
export function optionsOf(activity: ChannelActivity): Option[] {
  return (activity.suggestedActions?.actions ?? []).map((action) => {
    const title = action.title ?? (typeof action.value === 'string' ? action.value : '');
    const value = typeof action.value === 'string' && action.value !== '' ? action.value : title;
    return { title, value };
  });
}

/**
 * Lines to print for one activity; empty for activities a person would not see (typing).
 * Control and escape characters in them are shown as `\u{…}`: data cannot drive the terminal.
 */
export function renderActivity(activity: ChannelActivity): string[] {
  return renderLines(activity).map((line) => visibleControls(line));
}

function renderLines(activity: ChannelActivity): string[] {
  if (activity.type !== 'message') return [];
  const lines: string[] = [];
  if (activity.text) lines.push(...plainMarkdown(activity.text).split('\n'));
  for (const attachment of activity.attachments ?? []) lines.push(...renderAttachment(attachment));
  const options = optionsOf(activity);
  if (options.length > 0) {
    lines.push(...options.map((o, i) => `  ${optionKey(i)}) ${o.title}`));
  }
  return lines;
}

/** The key of the i-th option: a, b, … z, then aa, ab, … */
export function optionKey(i: number): string {
  const letter = (n: number) => String.fromCharCode(97 + n);
  return i < 26 ? letter(i) : letter(Math.floor(i / 26) - 1) + letter(i % 26);
}

/** The option a typed line picks ("b", "B", "b)"), or undefined when it is no option key. */
export function optionFor(line: string, options: readonly Option[]): Option | undefined {
  const key = /^([a-z]{1,2})\)?$/i.exec(line.trim())?.[1]?.toLowerCase();
  if (!key) return undefined;
  const index = options.findIndex((_, i) => optionKey(i) === key);
  return index >= 0 ? options[index] : undefined;
}

/**
 * The bot's Markdown as a person would read it in a terminal: **bold** and *italic* without
 * their stars, `code` without backticks, [text](url) as "text (url)", headings without #.
 */
export function plainMarkdown(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*\\])\*(?=\S)([^*\n]*?[^\s\\])\*(?![\w*])/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\\([\\`*_[\]()#.!-])/g, '$1');
}

type Attachment = NonNullable<ChannelActivity['attachments']>[number];

function renderAttachment(attachment: Attachment): string[] {
  const content = attachment.content as Record<string, unknown> | undefined;
  switch (attachment.contentType) {
    case 'application/vnd.microsoft.card.adaptive':
      return content ? renderAdaptiveElements([content]).map((l) => `  | ${l}`) : [];
    case 'application/vnd.microsoft.card.hero':
    case 'application/vnd.microsoft.card.thumbnail':
      return content ? renderHeroCard(content).map((l) => `  | ${l}`) : [];
    default:
      return [`  [bijlage: ${attachment.name ?? 'zonder naam'}${attachment.contentType ? ` (${attachment.contentType})` : ''}]`];
  }
}

function renderHeroCard(card: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const key of ['title', 'subtitle', 'text'] as const) {
    if (typeof card[key] === 'string' && card[key]) lines.push(String(card[key]));
  }
  const buttons = Array.isArray(card.buttons) ? (card.buttons as { title?: string }[]) : [];
  if (buttons.length) lines.push(`[${buttons.map((b) => b.title ?? '').join('] [')}]`);
  return lines;
}

/** Walks an Adaptive Card's elements: text blocks, fact sets, inputs and actions. */
function renderAdaptiveElements(elements: unknown[]): string[] {
  const lines: string[] = [];
  for (const raw of elements) {
    if (!raw || typeof raw !== 'object') continue;
    const el = raw as Record<string, unknown>;
    const type = String(el.type ?? '');
    if (type === 'TextBlock' && typeof el.text === 'string') lines.push(el.text);
    if (type === 'FactSet' && Array.isArray(el.facts)) {
      for (const fact of el.facts as { title?: string; value?: string }[]) lines.push(`${fact.title ?? ''}: ${fact.value ?? ''}`);
    }
    if (type.startsWith('Input.')) lines.push(`(${String(el.label ?? el.placeholder ?? el.id ?? 'invoer')})`);
    for (const key of ['body', 'items', 'columns']) {
      if (Array.isArray(el[key])) lines.push(...renderAdaptiveElements(el[key] as unknown[]));
    }
    if (Array.isArray(el.actions)) {
      const titles = (el.actions as { title?: string }[]).map((a) => a.title ?? '').filter(Boolean);
      if (titles.length) lines.push(`[${titles.join('] [')}]`);
    }
  }
  return lines;
}
