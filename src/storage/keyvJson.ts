/**
 * Keyv's default (de)serializer (@keyv/serialize), made fast for plain JSON documents without
 * changing what is stored. Keyv's own serializer walks every value in JavaScript and parses
 * with a reviver, to escape strings that start with ":" ("::…") and to decode Buffers
 * (":base64:…"); for this bot's documents that cost more than the SQLite query itself. Here
 * the native JSON functions do the work, and the escaping runs only for the rare text that
 * needs it, so files written before and after this change read the same.
 *
 * Documents are JSON (toStoredJson), so they never hold Buffers; a ":base64:" string written
 * by Keyv is still decoded on reading, as Keyv would.
 */
import type { DeserializedData } from 'keyv';

/** A string value starting with ":" follows `:`, `,` or `[` in JSON text (a key follows `{` or `,`). */
const MAY_NEED_ESCAPING = /[:,[{]":/;

const escapeColon = (_key: string, value: unknown): unknown =>
  typeof value === 'string' && value.startsWith(':') ? `:${value}` : value;

const unescapeColon = (_key: string, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (value.startsWith(':base64:')) return Buffer.from(value.slice(8), 'base64');
  return value.startsWith(':') ? value.slice(1) : value;
};

export function serializeDocument<Value>(data: DeserializedData<Value>): string {
  const json = JSON.stringify(data) ?? 'null';
  return MAY_NEED_ESCAPING.test(json) ? JSON.stringify(data, escapeColon) : json;
}

export function deserializeDocument<Value>(text: string): DeserializedData<Value> | undefined {
  if (typeof text !== 'string') return text;
  // Only escaped strings ("::…") and Buffers (":base64:…") need the reviver.
  return JSON.parse(text, text.includes('"::') || text.includes('":base64:') ? unescapeColon : undefined) as DeserializedData<Value>;
}

/** Serializer options for every Keyv the document stores create. */
export const keyvJsonOptions = { serialize: serializeDocument, deserialize: deserializeDocument };
