/**
 * Words that interrupt any question, handled once in the main dialog. A conversation dialog
 * reacts to the events below (see ConversationDialog) instead of checking words in each step.
 */
export const INTERRUPTION_EVENTS = {
  help: 'oso.help',
  terug: 'oso.terug',
} as const;

export type Interruption = 'annuleren' | 'help' | 'terug';

const PATTERNS: Record<Interruption, RegExp> = {
  annuleren: /^(annuleren|annuleer|stop|stoppen|afbreken|cancel)$/,
  help: /^(help|hulp|\?|uitleg)$/,
  terug: /^(terug|vorige|vorige vraag|back)$/,
};

export function interruptionIn(text: string | undefined): Interruption | undefined {
  const t = (text ?? '').trim().toLowerCase().replace(/[.!]+$/, '');
  return (Object.keys(PATTERNS) as Interruption[]).find((k) => PATTERNS[k].test(t));
}
