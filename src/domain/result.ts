/** What a domain check returns: a value, or a problem with a code and a Dutch explanation. */
export interface Problem<C extends string = string> {
  code: C;
  /** Dutch, for the user: says what is wrong and how to fix it. */
  message: string;
}

export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; problem: Problem<C> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <C extends string>(code: C, message: string): { ok: false; problem: Problem<C> } => ({
  ok: false,
  problem: { code, message },
});
