import { randomBytes } from 'node:crypto';

/**
 * eTags must never repeat, also not across processes sharing one database: a random
 * per-process prefix plus a counter gives that without relying on the clock.
 */
const processPrefix = randomBytes(6).toString('hex');
let counter = 0;

export function newETag(): string {
  counter += 1;
  return `${processPrefix}-${counter.toString(36)}`;
}

/**
 * Documents are JSON: what is stored is exactly what a JSON round trip keeps, on every
 * backend alike (Dates become strings, undefined properties disappear).
 */
export function toStoredJson(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`Storage: value for "${key}" is not JSON (got ${typeof value}).`);
  }
  return json;
}
