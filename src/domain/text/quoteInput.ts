/**
 * Typed input as the bot repeats it in a message ("… begrijp ik niet"): on one line and
 * cut to a length that is enough to recognise it, so a pasted page does not come back whole.
 * Plain text: the dialogs escape the message for chat Markdown where they show it.
 */

/** How many characters of a typed answer the bot repeats. */
export const ECHO_MAX = 60;

export function quoteInput(input: string, max = ECHO_MAX): string {
  const line = input.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
