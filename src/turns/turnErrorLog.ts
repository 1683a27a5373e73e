/**
 * What a failed turn logs: the error's class, its message with personal data taken out, the
 * stack frames, and where in the conversation it happened (dialog ids and waterfall step) —
 * never the dialog's values. botbuilder's DialogContextError carries the whole dialog stack,
 * state included (pupil names, contact persons, file names); logging the error object as it
 * is would write all of that to the log.
 */
import type { TurnContext } from 'botbuilder';

export interface TurnErrorFields {
  errorClass: string;
  errorMessage: string;
  /** The stack frames only (code locations; the first line of `stack` repeats the message). */
  stack?: string;
  /** Dialog ids from the root down, with the waterfall step index where there is one. */
  dialogs?: string[];
}

/** Shorter values are left alone: they would match all over a message ("ja", "1"). */
const MIN_SCRUB_LENGTH = 3;
const REMOVED = '[…]';

export function turnErrorFields(error: unknown, context?: TurnContext): TurnErrorFields {
  const err = error instanceof Error ? error : new Error(String(error));
  // DialogContextError wraps the original error: its class is what tells IT what went wrong.
  const inner = (err as { error?: unknown }).error;
  const cause = inner instanceof Error ? inner : err;
  const dialogStack = (err as { dialogContext?: { stack?: unknown } }).dialogContext?.stack;
  const personal = new Set<string>();
  collectStrings(dialogStack, personal, 0);
  const activity = context?.activity;
  for (const s of [activity?.text, activity?.from?.name, activity?.recipient?.name]) if (typeof s === 'string') personal.add(s);
  const scrub = (text: string): string => scrubValues(text, personal);
  const frames = (cause.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    errorClass: cause.name || 'Error',
    errorMessage: scrub(cause.message),
    ...(frames.length ? { stack: frames.join('\n') } : {}),
    ...(Array.isArray(dialogStack) ? { dialogs: dialogPath(dialogStack, 0) } : {}),
  };
}

/** "nieuwDossier", "nieuwDossier.stappen#3", "nieuwDossier.vraag": ids and step numbers only. */
function dialogPath(stack: unknown[], depth: number): string[] {
  if (depth > 10) return [];
  const out: string[] = [];
  for (const instance of stack) {
    if (typeof instance !== 'object' || instance === null) continue;
    const { id, state } = instance as { id?: unknown; state?: Record<string, unknown> };
    if (typeof id !== 'string') continue;
    const step = typeof state?.stepIndex === 'number' ? `#${state.stepIndex}` : '';
    out.push(`${id}${step}`);
    const inner = (state?.dialogs as { dialogStack?: unknown } | undefined)?.dialogStack;
    if (Array.isArray(inner)) out.push(...dialogPath(inner, depth + 1));
  }
  return out;
}

function collectStrings(value: unknown, into: Set<string>, depth: number): void {
  if (depth > 20 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (value.trim().length >= MIN_SCRUB_LENGTH) into.add(value.trim());
    return;
  }
  if (typeof value !== 'object') return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) collectStrings(v, into, depth + 1);
}

/** Removes every value the conversation holds from `text`, longest first (a name before its parts). */
function scrubValues(text: string, values: Set<string>): string {
  let out = text;
  for (const v of [...values].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length)) {
    if (out.includes(v)) out = out.split(v).join(REMOVED);
  }
  return out;
}
