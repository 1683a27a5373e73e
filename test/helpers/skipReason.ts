/**
 * A skipped test says why in its own title, so the report (and `.ci/run`, which lists the
 * skipped tests under its counts) tells a by-design skip from a missing system package.
 */
export function skipNote(skipped: boolean, reason: string): string {
  return skipped ? ` (skipped: ${reason})` : '';
}
