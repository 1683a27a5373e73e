/**
 * What queueing alone does to the tail of a server that runs one turn at a time, as a Node
 * process does on its one main thread. The p99 target (at half the max load, ≤ 4 × the p50 at
 * one conversation) is a property of the arrival pattern and of how much turns differ, before
 * HTTP, garbage collection or other work on the machine add anything. The bench simulates it with
 * the bot's own turn times, so the report can say how much of the target queueing alone takes.
 *
 * The simulation is Lindley's recursion for a FIFO single-server queue: a turn waits for
 * the turn before it to finish, Poisson arrivals, service times drawn from the given samples.
 */
import { percentile } from './percentile';

export interface QueueFigures {
  /** p50 of the service times: the p50 at one conversation, when no turn ever waits. */
  aloneP50: number;
  /** Time in the system (waiting + service) at the given load. */
  p50: number;
  p99: number;
  mean: number;
}

/**
 * @param serviceTimes samples of what a turn takes (any unit; figures come back in it)
 * @param load utilisation of the server, 0 < load < 1 (0.5 = half its max)
 * @param arrivals number of turns simulated
 * @param random uniform [0, 1) source; pass a seeded one for figures that repeat
 */
export function simulateSingleServer(serviceTimes: readonly number[], load: number, arrivals: number, random: () => number): QueueFigures {
  if (serviceTimes.length === 0) throw new Error('queueing: no service times');
  if (!(load > 0 && load < 1)) throw new Error(`queueing: load must be between 0 and 1, got ${load}`);
  const meanService = serviceTimes.reduce((a, b) => a + b, 0) / serviceTimes.length;
  const meanGap = meanService / load;
  const inSystem = new Float64Array(arrivals);
  let wait = 0;
  let total = 0;
  for (let n = 0; n < arrivals; n++) {
    const service = serviceTimes[Math.floor(random() * serviceTimes.length)]!;
    inSystem[n] = wait + service;
    total += wait + service;
    const gap = -Math.log(1 - random()) * meanGap;
    wait = Math.max(0, wait + service - gap);
  }
  inSystem.sort();
  return {
    aloneP50: percentile(Float64Array.from(serviceTimes).sort(), 50),
    p50: percentile(inSystem, 50),
    p99: percentile(inSystem, 99),
    mean: total / arrivals,
  };
}

/** mulberry32: a small seeded generator, so a simulated figure is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
