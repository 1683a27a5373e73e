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

  it("matches M/D/1's p99 from Erlang's waiting-time distribution: 4.34 × the turn at half load", () => {
    // P(W ≤ t) = (1 − ρ) Σ_{k=0}^{⌊t⌋} (λ(k − t))^k / k! · e^{−λ(k − t)}, service time 1, λ = ρ
    const load = 0.5;
    const waitCdf = (t: number): number => {
      let sum = 0;
      let factorial = 1;
      for (let k = 0; k <= Math.floor(t); k++) {
        if (k > 0) factorial *= k;
        const x = load * (k - t);
        sum += (x ** k / factorial) * Math.exp(-x);
      }
      return (1 - load) * sum;
    };
    let low = 0;
    let high = 20;
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (waitCdf(mid) < 0.99) low = mid;
      else high = mid;
    }
    const exactP99 = low + 1; // waiting + the turn itself
    expect(exactP99).toBeCloseTo(4.336, 2);
    const q = simulateSingleServer([1], load, 1_000_000, seededRandom(1));
    expect(Math.abs(q.p99 / exactP99 - 1)).toBeLessThan(0.02);
  });

  it("has no queue at a load near zero: the tail is the service times' own", () => {
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
