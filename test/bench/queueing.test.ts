/**
 * The queueing simulation behind the report's "queueing alone" line, held to closed-form
 * results of queueing theory, so the line cannot quietly drift from what it claims.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, simulateSingleServer } from '../../src/bench/queueing';

const exponentialSamples = (n: number, mean: number, random: () => number): number[] =>
  Array.from({ length: n }, () => -Math.log(1 - random()) * mean);

describe('simulateSingleServer', () => {
  it('matches M/M/1: time in system is exponential with rate μ(1 − ρ)', () => {
    const random = seededRandom(1);
    const service = exponentialSamples(200_000, 1, random);
    const q = simulateSingleServer(service, 0.5, 400_000, random);
    // mean 1 / (μ − λ) = 2; p99 ln(100) / (μ − λ) = 9.21
    expect(q.mean).toBeCloseTo(2, 1);
    expect(q.p99 / (Math.log(100) * 2)).toBeGreaterThan(0.95);
    expect(q.p99 / (Math.log(100) * 2)).toBeLessThan(1.05);
  });

  it('matches M/D/1 (identical turns): mean time in system is S + ρS / (2(1 − ρ))', () => {
    for (const load of [0.3, 0.5, 0.8]) {
      const q = simulateSingleServer([1], load, 400_000, seededRandom(2));
      expect(q.mean).toBeCloseTo(1 + load / (2 * (1 - load)), 1);
      expect(q.aloneP50).toBe(1);
    }
  });

  it('has no queue at a load near zero: the tail is the service times own', () => {
    const service = Array.from({ length: 100 }, (_, i) => i + 1); // 1 … 100
    const q = simulateSingleServer(service, 0.0001, 100_000, seededRandom(3));
    expect(q.aloneP50).toBe(51);
    expect(q.p99).toBeGreaterThanOrEqual(99);
    expect(q.p99).toBeLessThanOrEqual(100.1);
  });

  it('gives the same figures for the same seed', () => {
    const a = simulateSingleServer([1, 2, 3], 0.5, 10_000, seededRandom(7));
    const b = simulateSingleServer([1, 2, 3], 0.5, 10_000, seededRandom(7));
    expect(a).toEqual(b);
  });

  it('rejects a load the server cannot carry', () => {
    expect(() => simulateSingleServer([1], 1, 10, seededRandom(1))).toThrow(/load/);
    expect(() => simulateSingleServer([], 0.5, 10, seededRandom(1))).toThrow(/service/);
  });
});
