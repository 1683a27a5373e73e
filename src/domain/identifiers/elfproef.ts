/**
 * The weighted sum behind the Dutch "elfproef": weights 9..2 for the first eight digits and
 * -1 for the ninth. BSN needs sum % 11 === 0 (and sum !== 0); onderwijsnummer sum % 11 === 5.
 */
export function elfproefSum(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (nineDigits.charCodeAt(i) - 48);
  return sum - (nineDigits.charCodeAt(8) - 48);
}

/** Removes the separators people type in numbers: spaces, dots, dashes. */
export function compactNumber(input: string): string {
  return input.replace(/[\s.\-]/g, '');
}
