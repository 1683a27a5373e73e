/**
 * The DocumentStore contract, as a suite every backend must pass: eTag compare-and-set,
 * conflicts that change nothing, and exactly one winner among concurrent conditional writers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentStore, ETagConflictError, isETagConflict } from '../../src/storage/documentStore';
import { KEEP, updateDocument } from '../../src/storage/updateDocument';
import { skipNote } from '../helpers/skipReason';

export interface DocumentStoreUnderTest {
  store: DocumentStore;
  /**
   * A second, independent store on the same data (another "process"), when the backend
   * promises atomic compare-and-set across instances.
   */
  openPeer?: () => Promise<DocumentStore>;
  close(): Promise<void>;
}

export interface DocumentStoreSuiteOptions {
  backend: string;
  /** Why this store has no second instance to race against (then the two-instance tests skip with it). */
  oneProcessOnly?: string;
}

const WRITERS = 20;

async function expectConflict(promise: Promise<unknown>, key: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isETagConflict(error), `expected an eTag conflict, got ${String(error)}`).toBe(true);
  expect((error as ETagConflictError).message).toBe(`Storage: error writing "${key}" due to eTag conflict.`);
}

function winnersAndLosers(results: PromiseSettledResult<unknown>[]): { winners: number; conflicts: number } {
  const winners = results.filter((r) => r.status === 'fulfilled').length;
  const conflicts = results.filter((r) => r.status === 'rejected' && isETagConflict(r.reason)).length;
  return { winners, conflicts };
}

/** `open` must give an empty store each time. */
export function documentStoreSuite(
  name: string,
  open: () => Promise<DocumentStoreUnderTest>,
  options: DocumentStoreSuiteOptions,
): void {
  describe(`${name}: DocumentStore contract`, () => {
    let subject: DocumentStoreUnderTest;
    let store: DocumentStore;
    const peers: DocumentStore[] = [];

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await Promise.all(peers.splice(0).map((peer) => peer.close()));
      await subject.close();
    });

    it('reads nothing for unknown keys, and getMany keeps the order of the keys asked', async () => {
      expect(await store.get('nope')).toBeUndefined();
      await store.set('b', { n: 2 });
      const [a, b, c] = await store.getMany<{ n: number }>(['a', 'b', 'c']);
      expect(a).toBeUndefined();
      expect(b?.value).toEqual({ n: 2 });
      expect(c).toBeUndefined();
      expect(await store.getMany([])).toEqual([]);
    });

    it('gives every write a new eTag, which get returns', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const eTag = await store.set('doc', { i });
        expect(seen.has(eTag)).toBe(false);
        seen.add(eTag);
        expect(await store.get('doc')).toEqual({ eTag, value: { i } });
      }
    });

    it('stores the JSON of a value and hands out copies', async () => {
      const value = { naam: 'Zoë de Vries-Ørsted', nested: [1, { deep: true }], when: new Date(0), gone: undefined };
      await store.set('json', value);
      const read = await store.get<Record<string, unknown>>('json');
      expect(read?.value).toEqual({ naam: 'Zoë de Vries-Ørsted', nested: [1, { deep: true }], when: '1970-01-01T00:00:00.000Z' });
      (read!.value.nested as unknown[]).push('mutated');
      (value.nested as unknown[]).push('mutated too');
      expect((await store.get<Record<string, unknown>>('json'))?.value.nested).toEqual([1, { deep: true }]);
      await store.set('scalar', 'tekst met : dubbele punt');
      expect((await store.get('scalar'))?.value).toBe('tekst met : dubbele punt');
      await expect(store.set('undefined', undefined)).rejects.toThrow(TypeError);
    });

    it('keeps keys that look alike apart', async () => {
      const keys = ['x', 'doc:x', 'oso:x', 'oso:doc:x', 'keyv:x', 'X', ' x', '!@#$%^&*()~/\\><,.?\';"`~', 'msteams/conversations/19:abc@thread.tacv2'];
      for (const [i, key] of keys.entries()) await store.set(key, { i });
      const read = await store.getMany<{ i: number }>(keys);
      expect(read.map((doc) => doc?.value.i)).toEqual(keys.map((_, i) => i));
    });

    it('ifMatch: writes when the eTag matches, rejects a stale one and changes nothing', async () => {
      const first = await store.set('k', { v: 1 });
      const second = await store.set('k', { v: 2 }, { ifMatch: first });
      await expectConflict(store.set('k', { v: 3 }, { ifMatch: first }), 'k');
      expect(await store.get('k')).toEqual({ eTag: second, value: { v: 2 } });
      const third = await store.set('k', { v: 4 }, { ifMatch: '*' });
      expect(await store.get('k')).toEqual({ eTag: third, value: { v: 4 } });
    });

    it('ifMatch on a missing key is a conflict and creates nothing', async () => {
      await expectConflict(store.set('missing', { v: 1 }, { ifMatch: 'some-etag' }), 'missing');
      expect(await store.get('missing')).toBeUndefined();
    });

    it('ifNoneMatch *: creates only when absent', async () => {
      const eTag = await store.set('once', { v: 1 }, { ifNoneMatch: '*' });
      await expectConflict(store.set('once', { v: 2 }, { ifNoneMatch: '*' }), 'once');
      expect(await store.get('once')).toEqual({ eTag, value: { v: 1 } });
    });

    it('delete: false for unknown keys, true once, and ifMatch guards it', async () => {
      expect(await store.delete('ghost')).toBe(false);
      const eTag = await store.set('d', { v: 1 });
      const newer = await store.set('d', { v: 2 });
      await expectConflict(store.delete('d', { ifMatch: eTag }), 'd');
      expect(await store.get('d')).toEqual({ eTag: newer, value: { v: 2 } });
      await expectConflict(store.delete('ghost', { ifMatch: eTag }), 'ghost');
      expect(await store.delete('d', { ifMatch: newer })).toBe(true);
      expect(await store.get('d')).toBeUndefined();
      await store.set('d', { v: 3 });
      expect(await store.delete('d')).toBe(true);
      expect(await store.delete('d')).toBe(false);
    });

    it(`of ${WRITERS} concurrent writers with the same eTag exactly one wins`, async () => {
      const base = await store.set('race', { winner: null });
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) => store.set('race', { winner: i }, { ifMatch: base })),
      );
      expect(winnersAndLosers(results)).toEqual({ winners: 1, conflicts: WRITERS - 1 });
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const stored = await store.get<{ winner: number }>('race');
      expect(stored?.value.winner).toBe(winner);
      expect(stored?.eTag).toBe((results[winner] as PromiseFulfilledResult<string>).value);
    });

    it(`of ${WRITERS} concurrent create-only writers exactly one wins`, async () => {
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) => store.set('create-race', { winner: i }, { ifNoneMatch: '*' })),
      );
      expect(winnersAndLosers(results)).toEqual({ winners: 1, conflicts: WRITERS - 1 });
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      expect((await store.get<{ winner: number }>('create-race'))?.value.winner).toBe(winner);
    });

    it(`updateDocument: ${WRITERS} concurrent incrementers lose no update`, async () => {
      await Promise.all(
        Array.from({ length: WRITERS }, () =>
          updateDocument<{ count: number }>(store, 'counter', (current) => ({ count: (current?.count ?? 0) + 1 }), {
            retries: 100,
          }),
        ),
      );
      expect((await store.get<{ count: number }>('counter'))?.value.count).toBe(WRITERS);
    });

    it('updateDocument: KEEP writes nothing, a throwing updater writes nothing', async () => {
      const eTag = await store.set('status', { status: 'concept' });
      const kept = await updateDocument(store, 'status', () => KEEP);
      expect(kept).toEqual({ written: false, value: { status: 'concept' }, eTag });
      await expect(
        updateDocument(store, 'status', () => {
          throw new Error('not allowed');
        }),
      ).rejects.toThrow('not allowed');
      expect(await store.get('status')).toEqual({ eTag, value: { status: 'concept' } });
      const written = await updateDocument<{ status: string }>(store, 'status', (d) => ({ ...d!, status: 'gereed' }));
      expect(written.written).toBe(true);
      expect(await store.get('status')).toEqual({ eTag: written.eTag, value: { status: 'gereed' } });
    });

    it('updateDocument gives up with the conflict error after its retries', async () => {
      await store.set('contended', { n: 0 });
      let calls = 0;
      const attempt = updateDocument<{ n: number }>(
        store,
        'contended',
        async (current) => {
          calls += 1;
          await store.set('contended', { n: -1 }); // someone else always writes in between
          return { n: (current?.n ?? 0) + 1 };
        },
        { retries: 2 },
      );
      await expectConflict(attempt, 'contended');
      expect(calls).toBe(3);
    });

    it(`health reports the ${options.backend} backend as answering`, async () => {
      expect(await store.health()).toMatchObject({ ok: true, backend: options.backend });
    });

    describe('across two store instances (two processes)', () => {
      const onePeer = options.oneProcessOnly;
      it.skipIf(onePeer)(`a stale write from one instance fails while the other writes; racing writers give exactly one winner${skipNote(Boolean(onePeer), onePeer ?? '')}`, async () => {
        if (!subject.openPeer) throw new Error('no openPeer: give the suite a oneProcessOnly reason instead');
        const peer = await subject.openPeer!();
        peers.push(peer);

        const base = await store.set('shared', { from: 'a', n: 0 });
        expect(await peer.get('shared')).toEqual({ eTag: base, value: { from: 'a', n: 0 } });

        const results = await Promise.allSettled(
          Array.from({ length: WRITERS }, (_, i) =>
            (i % 2 === 0 ? store : peer).set('shared', { from: i % 2 === 0 ? 'a' : 'b', n: i }, { ifMatch: base }),
          ),
        );
        expect(winnersAndLosers(results)).toEqual({ winners: 1, conflicts: WRITERS - 1 });
        const winner = results.findIndex((r) => r.status === 'fulfilled');
        expect((await store.get<{ n: number }>('shared'))?.value.n).toBe(winner);
        expect((await peer.get<{ n: number }>('shared'))?.value.n).toBe(winner);

        const creates = await Promise.allSettled([
          store.set('shared-new', { from: 'a' }, { ifNoneMatch: '*' }),
          peer.set('shared-new', { from: 'b' }, { ifNoneMatch: '*' }),
        ]);
        expect(winnersAndLosers(creates)).toEqual({ winners: 1, conflicts: 1 });
      });

      it.skipIf(onePeer)(`concurrent incrementers on two instances lose no update${skipNote(Boolean(onePeer), onePeer ?? '')}`, async () => {
        if (!subject.openPeer) throw new Error('no openPeer: give the suite a oneProcessOnly reason instead');
        const peer = await subject.openPeer!();
        peers.push(peer);
        await Promise.all(
          Array.from({ length: WRITERS }, (_, i) =>
            updateDocument<{ count: number }>(
              i % 2 === 0 ? store : peer,
              'shared-counter',
              (current) => ({ count: (current?.count ?? 0) + 1 }),
              { retries: 100 },
            ),
          ),
        );
        expect((await peer.get<{ count: number }>('shared-counter'))?.value.count).toBe(WRITERS);
      });
    });

    it('health reports a closed store as not ok', async () => {
      const extra = await open();
      await extra.store.close();
      expect((await extra.store.health()).ok).toBe(false);
      await extra.close();
    });
  });
}
