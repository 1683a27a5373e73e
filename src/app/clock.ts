import { isoDateInAmsterdam, type IsoDate } from '../domain/dates';

/** Time is passed in, so tests can fix "today" and dialogs stay deterministic. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const todayIn = (clock: Clock): IsoDate => isoDateInAmsterdam(clock.now());
