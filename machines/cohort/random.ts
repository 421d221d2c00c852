/**
 * A small seeded pseudo-random number generator (sfc32, seeded through splitmix32) and the helpers the cohort
 * generator needs. Pure and deterministic: the same seed gives the same sequence on every platform, in Node
 * and in the browser. Never use Math.random in the generator.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
  /** A float in [min, max). */
  uniform(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /**
   * A normally distributed value (Box–Muller). Uses Math.log and Math.cos, whose last bit may differ between
   * JavaScript engines; the cohort generator does not use it, so its output is the same everywhere.
   */
  normal(mean?: number, sd?: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A new generator whose stream depends only on this generator's seed and `keys`, not on how far this one has run. */
  fork(...keys: (number | string)[]): Random;
}

/** splitmix32: a good 32-bit mixer, used to spread seeds. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes numbers and strings into one 32-bit seed (order matters). */
export function hashSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === "number") {
      // Integers up to 2^53 keep all their bits: low word then high word.
      const low = part >>> 0;
      const high = Math.floor(part / 0x1_0000_0000) >>> 0;
      h = splitmix32(h ^ low);
      h = splitmix32(h ^ high);
    } else {
      h = splitmix32(h ^ 0x5bd1e995);
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      h = splitmix32(h ^ part.length);
    }
  }
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  return new Sfc32(hashSeed(seed));
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator), state seeded by splitmix32. */
class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(private readonly root: number) {
    this.a = splitmix32(root);
    this.b = splitmix32(this.a);
    this.c = splitmix32(this.b);
    // Warm up so that nearby seeds diverge at once.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  int(min: number, maxExclusive: number): number {
    if (!(maxExclusive > min)) throw new RangeError(`empty range [${min}, ${maxExclusive})`);
    return min + Math.floor(this.next() * (maxExclusive - min));
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (let i = 0; i < items.length; i++) total += items[i]![1];
    if (!(total > 0)) throw new RangeError("weighted pick needs a positive total weight");
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= items[i]![1];
      if (r < 0) return items[i]![0];
    }
    return items[items.length - 1]![0];
  }

  fork(...keys: (number | string)[]): Random {
    return createRandom(hashSeed(this.root, ...keys));
  }
}
