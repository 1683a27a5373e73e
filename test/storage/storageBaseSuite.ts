/**
 * Port of botbuilder-core's StorageBaseTests (libraries/botbuilder-core/tests/storageBaseTests.js
 * in botbuilder-js) to vitest, as a suite any botbuilder `Storage` must pass. The upstream
 * cases are kept in order and meaning; where upstream branches on the storage class (null
 * keys), we require MemoryStorage's behaviour, because KeyvStorage promises its contract.
 */
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  MessageFactory,
  TestAdapter,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import { Dialog, DialogSet, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';

export interface StorageUnderTest {
  storage: Storage;
  close(): Promise<void>;
}

/** `open` must give an empty storage each time (fresh file, table or key prefix). */
export function storageBaseSuite(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`${name}: botbuilder StorageBaseTests`, () => {
    let subject: StorageUnderTest;
    let storage: Storage;

    beforeEach(async () => {
      subject = await open();
      storage = subject.storage;
    });
    afterEach(async () => {
      await subject.close();
    });

    it('returns an empty object when reading an unknown key', async () => {
      const result = await storage.read(['unknown']);
      assert.notStrictEqual(result, null);
      assert.strictEqual(Object.keys(result).length, 0);
    });

    it('rejects null keys when reading, like MemoryStorage', async () => {
      await assert.rejects(async () => storage.read(null as unknown as string[]), ReferenceError('Keys are required when reading.'));
    });

    it('rejects null changes when writing, like MemoryStorage', async () => {
      await assert.rejects(
        async () => storage.write(null as unknown as StoreItems),
        ReferenceError('Changes are required when writing.'),
      );
    });

    it('rejects null keys when deleting, like MemoryStorage', async () => {
      await expect(storage.delete(null as unknown as string[])).rejects.toThrow();
    });

    it('does not throw when writing no items', async () => {
      await assert.doesNotReject(async () => storage.write([] as unknown as StoreItems));
      await assert.doesNotReject(async () => storage.write({}));
    });

    it('creates objects', async () => {
      const storeItems = {
        createPoco: { id: 1 },
        createPocoStoreItem: { id: 2 },
      };
      await storage.write(storeItems);
      const read = await storage.read(Object.keys(storeItems));

      assert.strictEqual(read.createPoco.id, 1);
      assert.strictEqual(read.createPocoStoreItem.id, 2);
      expect(read.createPoco.eTag).toEqual(expect.any(String));
      expect(read.createPocoStoreItem.eTag).toEqual(expect.any(String));
    });

    it('handles crazy keys', async () => {
      const key = '!@#$%^&*()~/\\><,.?\';"`~';
      await storage.write({ [key]: { id: 1 } });
      const read = await storage.read([key]);
      assert.notStrictEqual(read[key], undefined);
      assert.strictEqual(read[key].id, 1);
    });

    it('updates objects with eTags: new eTag per write, stale eTag rejected and nothing changed, * overwrites', async () => {
      await storage.write({
        pocoItem: { id: 1, count: 1 },
        pocoStoreItem: { id: 1, count: 1 },
      });

      const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
      const updatePocoItem = loaded.pocoItem;
      delete updatePocoItem.eTag; // pocoItems don't have an eTag
      const updatePocoStoreItem = loaded.pocoStoreItem;
      expect(updatePocoStoreItem.eTag).toEqual(expect.any(String));

      // second write works
      updatePocoItem.count++;
      updatePocoStoreItem.count++;
      await storage.write(loaded);

      const reloaded = await storage.read(Object.keys(loaded));
      expect(reloaded.pocoItem.eTag).toEqual(expect.any(String));
      assert.notStrictEqual(updatePocoStoreItem.eTag, reloaded.pocoStoreItem.eTag);
      assert.strictEqual(reloaded.pocoItem.count, 2);
      assert.strictEqual(reloaded.pocoStoreItem.count, 2);

      // a write without eTag succeeds
      updatePocoItem.count = 123;
      await assert.doesNotReject(storage.write({ pocoItem: updatePocoItem }));

      // a write with the old eTag fails with the eTag-conflict error
      updatePocoStoreItem.count = 123;
      await assert.rejects(storage.write({ pocoStoreItem: updatePocoStoreItem }), {
        message: 'Storage: error writing "pocoStoreItem" due to eTag conflict.',
      });

      const reloaded2 = await storage.read(['pocoItem', 'pocoStoreItem']);
      const reloadedPocoItem2 = reloaded2.pocoItem;
      delete reloadedPocoItem2.eTag;
      const reloadedPocoStoreItem2 = reloaded2.pocoStoreItem;
      assert.strictEqual(reloadedPocoItem2.count, 123);
      assert.strictEqual(reloadedPocoStoreItem2.count, 2, 'the rejected write changed nothing');

      // a write with the wildcard eTag works
      reloadedPocoItem2.count = 100;
      reloadedPocoStoreItem2.count = 100;
      reloadedPocoStoreItem2.eTag = '*';
      await storage.write({ pocoItem: reloadedPocoItem2, pocoStoreItem: reloadedPocoStoreItem2 });

      const reloaded3 = await storage.read(['pocoItem', 'pocoStoreItem']);
      assert.strictEqual(reloaded3.pocoItem.count, 100);
      assert.strictEqual(reloaded3.pocoStoreItem.count, 100);

      const final = await storage.read(['pocoItem', 'pocoStoreItem']);
      assert.strictEqual(final.pocoItem.count, 100);
      assert.strictEqual(final.pocoStoreItem.count, 100);
    });

    it('writes the other items of a batch when one has a stale eTag', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 1 } });
      const first = await storage.read(['a', 'b']);
      await storage.write({ a: { ...first.a, n: 2 } }); // makes first.a stale
      await expect(storage.write({ a: { ...first.a, n: 3 }, b: { ...first.b, n: 3 } })).rejects.toThrow(
        'Storage: error writing "a" due to eTag conflict.',
      );
      const after = await storage.read(['a', 'b']);
      expect(after.a.n).toBe(2);
      expect(after.b.n).toBe(3);
    });

    it('creates an item whose key does not exist, whatever eTag it carries', async () => {
      await storage.write({ fresh: { n: 1, eTag: 'made-up' } });
      const read = await storage.read(['fresh']);
      expect(read.fresh.n).toBe(1);
      expect(read.fresh.eTag).not.toBe('made-up');
    });

    it('deletes objects', async () => {
      await storage.write({ delete1: { id: 1, count: 1 } });
      const read = await storage.read(['delete1']);
      expect(read.delete1.eTag).toEqual(expect.any(String));
      assert.strictEqual(read.delete1.count, 1);

      await storage.delete(['delete1']);
      const reloaded = await storage.read(['delete1']);
      assert.strictEqual(reloaded.delete1, undefined);
    });

    it('does not throw when deleting an unknown object', async () => {
      await assert.doesNotReject(async () => storage.delete(['unknown_key']));
    });

    it('performs batch operations', async () => {
      await storage.write({
        batch1: { count: 10 },
        batch2: { count: 20 },
        batch3: { count: 30 },
      });
      let result = await storage.read(['batch1', 'batch2', 'batch3']);
      assert(result.batch1.count > 0);
      assert(result.batch2.count > 0);
      assert(result.batch3.count > 0);
      expect(result.batch1.eTag).toEqual(expect.any(String));
      expect(result.batch2.eTag).toEqual(expect.any(String));
      expect(result.batch3.eTag).toEqual(expect.any(String));

      await storage.delete(['batch1', 'batch2', 'batch3']);
      result = await storage.read(['batch1', 'batch2', 'batch3']);
      assert.ok(!result.batch1);
      assert.ok(!result.batch2);
      assert.ok(!result.batch3);
    });

    it('proceeds through a waterfall dialog with ConversationState on this storage', async () => {
      const convoState = new ConversationState(storage);
      const dialogState = convoState.createProperty('dialogState');
      const dialogs = new DialogSet(dialogState);

      const adapter = new TestAdapter(async (turnContext) => {
        const dc = await dialogs.createContext(turnContext);
        await dc.continueDialog();
        if (!turnContext.responded) {
          await dc.beginDialog('waterfallDialog');
        }
      }).use(new AutoSaveStateMiddleware(convoState));

      dialogs.add(
        new TextPrompt('textPrompt', async (promptContext) => {
          const result = promptContext.recognized.value ?? '';
          if (result.length > 3) {
            await promptContext.context.sendActivity(
              MessageFactory.text(`You got it at the ${promptContext.attemptCount}th try!`),
            );
            return true;
          }
          await promptContext.context.sendActivity(
            MessageFactory.text(`Please send a name that is longer than 3 characters. ${promptContext.attemptCount}`),
          );
          return false;
        }),
      );

      dialogs.add(
        new WaterfallDialog('waterfallDialog', [
          async (step) => {
            assert.strictEqual(typeof step.activeDialog?.state['stepIndex'], 'number');
            await step.context.sendActivity('step1');
            return Dialog.EndOfTurn;
          },
          async (step) => {
            assert.strictEqual(typeof step.activeDialog?.state['stepIndex'], 'number');
            return step.prompt('textPrompt', { prompt: MessageFactory.text('Please type your name.') });
          },
          async (step) => {
            assert.strictEqual(typeof step.activeDialog?.state['stepIndex'], 'number');
            await step.context.sendActivity('step3');
            return Dialog.EndOfTurn;
          },
        ]),
      );

      await adapter
        .send('hello')
        .assertReply('step1')
        .send('hello')
        .assertReply('Please type your name.')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 1')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 2')
        .send('hi')
        .assertReply('Please send a name that is longer than 3 characters. 3')
        .send('Kyle')
        .assertReply('You got it at the 4th try!')
        .assertReply('step3')
        .startTest();
    });
  });
}
