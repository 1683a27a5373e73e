/**
 * Users and the school are read on every turn and kept a few seconds per process. What staff
 * and the beheerder notice: a change in the bot shows at once; one by the admin CLI (another
 * process) within those seconds; someone just added is never told "onbekend" from a cache.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/domain/users';
import { ExpiringCache } from '../../src/lib/expiringCache';
import { REPOSITORY_CACHE_MS } from '../../src/repositories/repositoryCache';
import { SchoolRepository } from '../../src/repositories/schoolRepository';
import { UserRepository } from '../../src/repositories/userRepository';
import { MemoryDocumentStore } from '../helpers/memoryDocumentStore';

const JAN: User = { id: 'u1', naam: 'Jan de Vries', rollen: ['directie'] };

describe('UserRepository cache', () => {
  let now: number;
  let store: MemoryDocumentStore;
  let bot: UserRepository;
  let adminCli: UserRepository; // another process on the same store

  beforeEach(() => {
    now = 0;
    store = new MemoryDocumentStore();
    bot = new UserRepository(store, new ExpiringCache<User>(REPOSITORY_CACHE_MS, 100, () => now));
    adminCli = new UserRepository(store);
  });

  it('shows a role taken away by another process within the cache time, not a moment later', async () => {
    await adminCli.save(JAN);
    expect((await bot.get('u1'))?.rollen).toEqual(['directie']);
    await adminCli.setRoles('u1', ['medewerker']);
    now = REPOSITORY_CACHE_MS - 1;
    expect((await bot.get('u1'))?.rollen).toEqual(['directie']);
    now = REPOSITORY_CACHE_MS;
    expect((await bot.get('u1'))?.rollen).toEqual(['medewerker']);
  });

  it('shows its own changes at once: roles, removal', async () => {
    await bot.save(JAN);
    expect((await bot.get('u1'))?.rollen).toEqual(['directie']);
    await bot.setRoles('u1', ['beheerder']);
    expect((await bot.get('u1'))?.rollen).toEqual(['beheerder']);
    await bot.remove('u1');
    expect(await bot.get('u1')).toBeUndefined();
  });

  it('knows a user the admin CLI just added, even right after not knowing them', async () => {
    expect(await bot.get('u1')).toBeUndefined();
    await adminCli.save(JAN);
    expect(await bot.get('u1')).toEqual(JAN);
  });

  it('does not keep a read that overlapped its own write', async () => {
    await adminCli.save(JAN);
    // The store answers this one read late: it read the user before the role change landed.
    let answerLate!: () => void;
    const late = new Promise<void>((resolve) => (answerLate = resolve));
    const { get } = store;
    store.get = async (key) => {
      store.get = get;
      const before = await get.call(store, key);
      await late;
      return before as never;
    };
    const reading = bot.get('u1');
    await bot.setRoles('u1', ['medewerker']);
    answerLate();
    expect((await reading)?.rollen).toEqual(['directie']); // what that read saw
    expect((await bot.get('u1'))?.rollen).toEqual(['medewerker']);
  });

  it('hands out copies: changing what it returned changes nothing stored', async () => {
    await bot.save(JAN);
    (await bot.get('u1'))!.rollen!.push('beheerder');
    expect((await bot.get('u1'))?.rollen).toEqual(['directie']);
  });
});

describe('SchoolRepository cache', () => {
  it('keeps "no school yet" only for the cache time, and its own save shows at once', async () => {
    let now = 0;
    const store = new MemoryDocumentStore();
    const bot = new SchoolRepository(store, new ExpiringCache(REPOSITORY_CACHE_MS, 1, () => now));
    const adminCli = new SchoolRepository(store);
    expect(await bot.get()).toBeUndefined();
    await adminCli.save({ brin: '12AB', naam: 'De Regenboog' } as never);
    now = REPOSITORY_CACHE_MS;
    expect((await bot.get())?.naam).toBe('De Regenboog');
    await bot.save({ brin: '12AB', naam: 'De Regenboog (nieuw)' } as never);
    expect((await bot.get())?.naam).toBe('De Regenboog (nieuw)');
  });
});
