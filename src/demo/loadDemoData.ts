/**
 * Loads the demo school on first start: only into a store without a school and without
 * pupils, and only once (a marker written create-only guards against two processes starting
 * together). Whether demo mode applies at all (no credentials, DEMO_MODE) is the caller's call.
 */
import type { IsoDate } from '../domain/dates';
import type { Repositories } from '../repositories';
import { keys } from '../repositories/keys';
import { isETagConflict } from '../storage/documentStore';
import { demoData } from './demoData';

export async function loadDemoData(repos: Repositories, today: IsoDate): Promise<boolean> {
  if ((await repos.school.get()) !== undefined || (await repos.pupils.count()) > 0) return false;
  try {
    await repos.store.set(keys.meta('demo'), { geladenOp: today }, { ifNoneMatch: '*' });
  } catch (err) {
    if (isETagConflict(err)) return false;
    throw err;
  }
  const data = demoData(today);
  await repos.school.save(data.school);
  for (const pupil of data.pupils) await repos.pupils.upsert(pupil);
  for (const klas of data.klassen) await repos.ldos.addClass(klas);
  return true;
}

/** True when the demo data was loaded into this store (for the welcome message). */
export async function isDemoLoaded(repos: Repositories): Promise<boolean> {
  return (await repos.store.get(keys.meta('demo'))) !== undefined;
}
