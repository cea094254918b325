/** Money and quantities are BigInts in units of 10^-12, the precision OCI writes. */
export const SCALE = 1_000_000_000_000n
const DIGITS = 12

/** Formats a scaled integer as OCI does: plain decimal, 12 fraction digits, `-` for negatives. */
export function formatScaled(value: bigint): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(DIGITS + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -DIGITS)}.${digits.slice(-DIGITS)}`
}

/** Parses a plain decimal (at most 12 fraction digits) to a scaled integer; empty → 0. */
export function parseScaled(text: string): bigint {
  if (text === '') return 0n
  const match = /^(-?)(\d+)(?:\.(\d{1,12}))?$/.exec(text)
  if (match === null)
    throw new Error(`decimal: must be digits with at most 12 decimals, got ${JSON.stringify(text)}`)
  const value = BigInt(match[2]!) * SCALE + BigInt((match[3] ?? '').padEnd(DIGITS, '0'))
  return match[1] === '-' ? -value : value
}

/** a·b for scaled values, rounded half away from zero. */
export function multiplyScaled(a: bigint, b: bigint): bigint {
  return divideRounded(a * b, SCALE)
}

/** n/d rounded half away from zero (d > 0). */
export function divideRounded(n: bigint, d: bigint): bigint {
  const half = d / 2n
  return n >= 0n ? (n + half) / d : -((-n + half) / d)
}
