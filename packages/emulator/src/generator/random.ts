/**
 * A small seeded PRNG (sfc32, seeded through splitmix32 from a number and a label), so each file's
 * content depends only on the seed and the file's own label, never on generation order.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, label = '') {
    let h = (seed >>> 0) ^ 0x9e3779b9
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x5bd1e995) ^ (h >>> 15)
    const next = () => {
      h = (h + 0x9e3779b9) | 0
      let z = h
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296
  }

  /** Uniform integer in [min, max] (inclusive), exact up to 2^53. */
  int(min: number, max: number): number {
    const span = max - min + 1
    if (span <= 4294967296) return min + Math.floor(this.next() * span)
    // 53 random bits for wide ranges (quantities in 10^-6 units).
    const fraction = ((this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6)) / 9007199254740992
    return min + Math.floor(fraction * span)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }
}

export const BASE32_LOWER = 'abcdefghijklmnopqrstuvwxyz234567'
export const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
export const HEX = '0123456789abcdef'
