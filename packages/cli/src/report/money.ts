// Report amounts arrive as exact decimal strings (DECIMAL(38,18) from the sinks). Sums and rounding
// for display are done in scaled BigInt so a total printed in the report equals the database's to the cent.
const SCALE = 18
const SCALE_FACTOR = 10n ** BigInt(SCALE)
const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d+))?$/

/** The decimal text as an integer count of 10^-18 units. Throws on anything that is not a plain decimal. */
export function toScaled(text: string): bigint {
  const match = DECIMAL_TEXT.exec(text.trim())
  if (!match)
    throw new TypeError(
      `Invalid decimal: expected digits with an optional fraction, got ${JSON.stringify(text)}`,
    )
  const [, sign, whole = '0', fraction = ''] = match
  if (fraction.length > SCALE) {
    throw new TypeError(`Invalid decimal: at most ${SCALE} fractional digits, got ${JSON.stringify(text)}`)
  }
  const scaled = BigInt(whole) * SCALE_FACTOR + BigInt(fraction.padEnd(SCALE, '0') || '0')
  return sign === '-' ? -scaled : scaled
}

/** Sum of decimal strings, exactly, as a decimal string with 18 fractional digits. */
export function sumDecimals(values: Iterable<string>): string {
  let total = 0n
  for (const value of values) total += toScaled(value)
  return fromScaled(total)
}

export function fromScaled(scaled: bigint): string {
  const negative = scaled < 0n
  const magnitude = negative ? -scaled : scaled
  const whole = magnitude / SCALE_FACTOR
  const fraction = (magnitude % SCALE_FACTOR).toString().padStart(SCALE, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/** Rounds half away from zero to two decimals and groups thousands: "-1234.565" → "-1,234.57". */
export function formatMoney(text: string): string {
  const scaled = toScaled(text)
  const negative = scaled < 0n
  const magnitude = negative ? -scaled : scaled
  const unit = SCALE_FACTOR / 100n
  const cents = (magnitude + unit / 2n) / unit
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const fraction = (cents % 100n).toString().padStart(2, '0')
  return `${negative && cents !== 0n ? '-' : ''}${whole}.${fraction}`
}

/** For drawing only: chart geometry may use a double, never a total that is printed. */
export function toChartNumber(text: string): number {
  return Number(toScaled(text)) / Number(SCALE_FACTOR)
}
