/**
 * Which school a person acts for, when they work at more than one school of the board: asked
 * once per conversation with a button per school (the last choice first), and asked again
 * when they type "andere school". With one school it is never asked.
 */
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { schoolLabel, type SchoolChoice } from '../../src/app/board';
import { choicesForChannel } from './cards';
import { currentUser } from './currentUser';
import { escapeMarkdown as md } from './markdown';
import { quoteInput } from '../../src/domain/text/quoteInput';

export const TEXT = {
  welkom: 'Welkom bij de OSO-overstapbot.',
  vraag: 'U werkt voor meer dan één school. Voor welke school werkt u in dit gesprek?',
  vorige: (school: string) => `Vorige keer was dat ${md(school)}; typ "ok" om die te houden.`,
  nietHerkend: (text: string) => `"${md(quoteInput(text))}" is geen van uw scholen.`,
  gekozen: (school: string) => `U werkt nu voor ${md(school)}.`,
  geenSchool: 'U bent bij geen enkele school van het bestuur geregistreerd. Vraag de beheerder van uw school om u toe te voegen.',
  /** In the menu and summaries when the person works at more than one school. */
  school: (school: string) => `School: ${md(school)}`,
};

/** What makes the bot ask again: the words alone, nothing else in the message. */
export const isSchoolSwitch = (text: string | undefined): boolean => /^\s*(andere school|school wisselen|wissel(en)? van school)\s*[.!]?\s*$/i.test(text ?? '');

/** The choices in the order shown: the last one chosen first. */
export function ordered(choices: readonly SchoolChoice[], last: string | undefined): SchoolChoice[] {
  const first = choices.filter((c) => c.entry.id === last);
  return [...first, ...choices.filter((c) => c.entry.id !== last)];
}

/** The question, with a button per school. */
export function schoolQuestion(context: TurnContext, choices: readonly SchoolChoice[], last: string | undefined, intro?: string): Partial<Activity> {
  const shown = ordered(choices, last);
  const lastChoice = shown[0]?.entry.id === last ? shown[0] : undefined;
  const text = [intro, TEXT.vraag, lastChoice ? TEXT.vorige(schoolLabel(lastChoice)) : undefined].filter(Boolean).join(' ');
  return choicesForChannel(context, MessageFactory.suggestedActions(shown.map(schoolLabel), text));
}

/** The school an answer names: its button title, name, BRIN, number in the list, or "ok" for the last choice. */
export function chosenSchool(text: string, choices: readonly SchoolChoice[], last: string | undefined): SchoolChoice | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  const shown = ordered(choices, last);
  if (/^(ok|oké|ja)$/.test(t)) return shown.find((c) => c.entry.id === last);
  const n = /^\d{1,2}$/.test(t) ? Number(t) : NaN;
  if (n >= 1 && n <= shown.length) return shown[n - 1];
  return shown.find((c) => [schoolLabel(c), c.naam, c.brin].some((v) => v !== undefined && v.toLowerCase() === t));
}

/**
 * A summary with the school acted for, when the person works at more than one school (under
 * its "**…**" heading, else as the first line); unchanged for someone of one school.
 */
export function withSchool(context: TurnContext, summary: string): string {
  const school = currentUser(context).school;
  if (!school) return summary;
  const [first = '', ...rest] = summary.split('\n');
  if (/^\*\*[^*]+\*\*$/.test(first)) return [first, `- ${TEXT.school(school)}`, ...rest].join('\n');
  return `${TEXT.school(school)}\n\n${summary}`;
}
