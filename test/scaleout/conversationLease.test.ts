/**
 * The per-conversation lease on the real shared stores, with two store instances standing in
 * for two bot instances (each its own connections). A "turn" here does what botbuilder's
 * state handling does: read the state, work a moment, write it back without condition
 * (eTag '*', last writer wins) — so overlapping turns lose writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationLease, LeaseTimeoutError, leaseKey, type LeaseDocument } from '../../src/turns/conversationLease';
import type { DocumentStore } from '../../src/storage/documentStore';
import { SHARED_BACKENDS, titleOf } from './backends';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of SHARED_BACKENDS) {
  describe.skipIf(backend.unavailable !== undefined)(`conversation lease on ${titleOf(backend)}`, () => {
    let server: { url: string; stop(): Promise<void> };
    let a: DocumentStore;
    let b: DocumentStore;
    let n = 0;
    const newConversation = () => `gesprek-${process.pid}-${++n}|livechat`;

    beforeAll(async () => {
      server = await backend.start();
      a = backend.open(server.url);
      b = backend.open(server.url);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await server?.stop();
    });

    /** Read-modify-write of a counter with a pause in between, like a turn's state load and save. */
    function turnOn(store: DocumentStore, key: string, tracker: { active: number; maxActive: number }) {
      return async () => {
        tracker.active++;
        tracker.maxActive = Math.max(tracker.maxActive, tracker.active);
        try {
          const count = (await store.get<number>(key))?.value ?? 0;
          await sleep(15);
          await store.set(key, count + 1);
        } finally {
          tracker.active--;
        }
      };
    }

    it('turns of one conversation on two instances run one after another and none loses its write', async () => {
      const conversation = newConversation();
      const leases = [new ConversationLease(a), new ConversationLease(b)];
      const stores = [a, b];
      const tracker = { active: 0, maxActive: 0 };
      const TURNS = 12;

      await Promise.all(
        Array.from({ length: TURNS }, (_, i) => leases[i % 2]!.run(conversation, turnOn(stores[i % 2]!, `state:${conversation}`, tracker))),
      );

      expect(tracker.maxActive).toBe(1);
      expect((await a.get<number>(`state:${conversation}`))?.value).toBe(TURNS);
      expect(await b.get(leaseKey(conversation))).toBeUndefined(); // released, nothing left behind
    });

    it('(control) without the lease the same turns overlap and writes are lost', async () => {
      const conversation = newConversation();
      const tracker = { active: 0, maxActive: 0 };
      await Promise.all(Array.from({ length: 12 }, (_, i) => turnOn([a, b][i % 2]!, `state:${conversation}`, tracker)()));
      expect(tracker.maxActive).toBeGreaterThan(1);
      expect((await a.get<number>(`state:${conversation}`))?.value).toBeLessThan(12);
    });

    it('different conversations do not wait for each other', async () => {
      const leaseA = new ConversationLease(a);
      const leaseB = new ConversationLease(b);
      const started = Date.now();
      await Promise.all([leaseA.run(newConversation(), () => sleep(400)), leaseB.run(newConversation(), () => sleep(400))]);
      expect(Date.now() - started).toBeLessThan(750);
    });

    it('a turn that throws still releases the lease', async () => {
      const conversation = newConversation();
      const lease = new ConversationLease(a);
      await expect(lease.run(conversation, async () => Promise.reject(new Error('kapot')))).rejects.toThrow('kapot');
      expect(await a.get(leaseKey(conversation))).toBeUndefined();
      expect(await new ConversationLease(b, { maxWaitMs: 200 }).run(conversation, async () => 'volgende beurt')).toBe('volgende beurt');
    });

    it("a crashed holder's lease expires and exactly one waiter takes it over", async () => {
      const conversation = newConversation();
      // What a process that died mid-turn leaves behind.
      await a.set<LeaseDocument>(leaseKey(conversation), { owner: 'gecrasht', expiresAt: Date.now() + 400 });
      const waiters = [new ConversationLease(a, { owner: 'wachter-a' }), new ConversationLease(b, { owner: 'wachter-b' })];
      const tracker = { active: 0, maxActive: 0 };
      const started = Date.now();

      await Promise.all(waiters.map((lease, i) => lease.run(conversation, turnOn([a, b][i]!, `state:${conversation}`, tracker))));

      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(tracker.maxActive).toBe(1);
      expect((await a.get<number>(`state:${conversation}`))?.value).toBe(2);
      expect(await a.get(leaseKey(conversation))).toBeUndefined();
    });

    it('a live holder keeps its lease by renewing it; a waiter gives up after maxWaitMs, then gets it once released', async () => {
      const conversation = newConversation();
      // ttl 150 ms: without renewal the lease would expire long before the waiter gives up.
      const holder = await new ConversationLease(a, { ttlMs: 150 }).acquire(conversation);
      const waiter = new ConversationLease(b, { maxWaitMs: 600 });
      const started = Date.now();
      let ran = false;

      const refused = await waiter.run(conversation, async () => (ran = true)).catch((error: unknown) => error);

      expect(refused).toBeInstanceOf(LeaseTimeoutError);
      expect(ran).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      await holder.release();
      expect(await waiter.run(conversation, async () => 'nu wel')).toBe('nu wel');
    });

    it('a holder whose lease was taken over does not delete the new holder\'s lease on release', async () => {
      const conversation = newConversation();
      const stalled = await new ConversationLease(a, { ttlMs: 60_000 }).acquire(conversation);
      // Another instance decided it had expired and took it over.
      await b.set<LeaseDocument>(leaseKey(conversation), { owner: 'nieuwe-houder', expiresAt: Date.now() + 60_000 });

      await expect(stalled.release()).resolves.toBeUndefined();

      expect((await b.get<LeaseDocument>(leaseKey(conversation)))?.value.owner).toBe('nieuwe-houder');
      await b.delete(leaseKey(conversation));
    });
  });
}
