/**
 * The fast Keyv serializer must read what Keyv's own serializer wrote (existing SQLite files)
 * and write what Keyv's own serializer reads, including its escaped ":" strings.
 */
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { keyvJsonOptions } from '../../src/storage/keyvJson';

const samples: Record<string, unknown> = {
  plain: { naam: 'Zoë', nummers: [1, 2.5, null], genest: { ja: true } },
  colonValue: { tekst: ':-) blij', lijst: [':a', 'b:', '::twee'] },
  colonKey: { ':sleutel': ':waarde', gewoon: 'x' },
  quotesAndColons: { tekst: 'zei "ja": ok', json: '{"a":":b"}' },
  string: ':begint met dubbele punt',
  number: 42,
};

describe('keyvJson serializer', () => {
  for (const [name, value] of Object.entries(samples)) {
    it(`reads what Keyv's default serializer wrote, and the other way round (${name})`, async () => {
      const shared = new Map();
      const original = new Keyv({ store: shared });
      const fast = new Keyv({ store: shared, ...keyvJsonOptions });
      await original.set('a', value);
      expect(await fast.get('a')).toEqual(value);
      await fast.set('b', value);
      expect(await original.get('b')).toEqual(value);
      // Byte for byte what Keyv itself would store.
      expect(shared.get('keyv:b')).toBe(shared.get('keyv:a'));
    });
  }
});
