import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, hashSeed } from "./random.ts";

describe("seeded random", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it("keeps next() in [0, 1) and int() in its range", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (seed, min, span) => {
        const r = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = r.next();
          expect(x >= 0 && x < 1).toBe(true);
          const n = r.int(min, min + span);
          expect(Number.isInteger(n) && n >= min && n < min + span).toBe(true);
        }
      }),
    );
  });

  it("is roughly uniform, and chance/weighted/normal behave", () => {
    const r = createRandom(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(r.next() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (r.chance(0.25)) hits++;
    expect(Math.abs(hits / 100_000 - 0.25)).toBeLessThan(0.01);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted([["a", 3], ["b", 1]] as const)]++;
    expect(Math.abs(counts.a / 10_000 - 0.75)).toBeLessThan(0.02);
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = r.normal(10, 2);
      sum += x;
      sq += x * x;
    }
    const mean = sum / 50_000;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sq / 50_000 - mean * mean)).toBeCloseTo(2, 1);
  });

  it("forks streams that depend only on the keys, not on how far the parent ran", () => {
    const a = createRandom(1);
    const b = createRandom(1);
    b.next();
    b.next();
    expect(a.fork("pupil", 3).next()).toBe(b.fork("pupil", 3).next());
    expect(a.fork("pupil", 3).next()).not.toBe(a.fork("pupil", 4).next());
    expect(hashSeed("a", 1)).not.toBe(hashSeed("a1"));
  });
});
