import type { LoadErrorCode } from './errors.js'
import { type ColumnDef, DECIMAL_PRECISION, DECIMAL_SCALE } from './schema.js'

/**
 * Text → typed value conversion for one CSV field. Hot path: called for every field of every
 * row, so the common forms take a regex test or a cache hit and nothing else; the general
 * forms (exponents, time zones, long fractions) go through a slower, careful path.
 */

/** Thrown by a converter; the caller adds file, line, column and value and makes a LoadError. */
export class ConversionFailure {
  readonly code: LoadErrorCode
  readonly rule: string
  constructor(code: LoadErrorCode, rule: string) {
    this.code = code
    this.rule = rule
  }
}

/** A converter for one column: raw non-null text → value. */
export type Converter = (text: string) => string | Date

const MAX_INTEGER_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE

// Common wire form: optional minus, ≤ 20 integer digits, optional ≤ 18 fraction digits.
const PLAIN_DECIMAL = new RegExp(`^-?\\d{1,${MAX_INTEGER_DIGITS}}(?:\\.\\d{1,${DECIMAL_SCALE}})?$`)
// Anything FOCUS's Numeric format (or a lenient reader) allows: sign, leading '.', exponent.
const GENERAL_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/

/**
 * Validates a decimal and returns it as canonical text: no '+', no exponent, at most 18 fraction
 * digits and 20 integer digits. The plain form is returned unchanged (`0.000000000000` stays as is);
 * `1.5E-7` becomes `0.00000015`; trailing zeros beyond scale 18 are dropped; anything that
 * would need rounding is refused, so no cent is ever changed.
 */
export function toDecimal(text: string): string {
  if (PLAIN_DECIMAL.test(text)) return text
  const m = GENERAL_DECIMAL.exec(text)
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    throw new ConversionFailure('LOAD_BAD_DECIMAL', 'must be a plain decimal number such as -12.34 or 1.5E-7')
  }
  const negative = m[1] === '-'
  let digits = (m[2] ?? '') + (m[3] ?? '')
  // Position of the decimal point counted from the left of `digits`.
  let point = (m[2] ?? '').length + Number(m[4] ?? '0')
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length)
  }
  const integer = digits.slice(0, point).replace(/^0+/, '') || '0'
  const fraction = digits.slice(point).replace(/0+$/, '')
  if (integer.length > MAX_INTEGER_DIGITS) {
    throw new ConversionFailure('LOAD_BAD_DECIMAL', `must have at most ${MAX_INTEGER_DIGITS} integer digits`)
  }
  if (fraction.length > DECIMAL_SCALE) {
    throw new ConversionFailure(
      'LOAD_BAD_DECIMAL',
      `must have at most ${DECIMAL_SCALE} significant fraction digits (storing it would round it)`,
    )
  }
  return `${negative ? '-' : ''}${integer}${fraction === '' ? '' : `.${fraction}`}`
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Parses a DateTime into a UTC Date. Accepts `YYYY-MM-DDTHH:MMZ` (OCI ChargePeriod), seconds,
 * 1–3 fraction digits (OCI BillingPeriod `…59.999Z`; more digits only when the extra ones are
 * zeros), `YYYY-MM-DD HH:MM:SS` without a zone (FOCUS-Sample-Data; taken as UTC), a `±hh:mm`
 * offset, and a bare date (midnight UTC). Refuses impossible dates instead of rolling them over.
 */
export function toTimestamp(text: string): Date {
  const m = TIMESTAMP.exec(text)
  if (m === null) {
    throw new ConversionFailure(
      'LOAD_BAD_TIMESTAMP',
      'must be an ISO 8601 UTC date-time such as 2025-09-25T19:00Z, 2025-09-01T00:00:00.000Z or 2024-09-01 00:00:00',
    )
  }
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  const fraction = m[7] ?? ''
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (DAYS_IN_MONTH[month - 1] ?? 0) + leap ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new ConversionFailure('LOAD_BAD_TIMESTAMP', 'must be a real calendar date and time of day')
  }
  if (fraction.length > 3 && !/^0+$/.test(fraction.slice(3))) {
    throw new ConversionFailure('LOAD_BAD_TIMESTAMP', 'must have at most millisecond precision')
  }
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  let offsetMinutes = 0
  const zone = m[8]
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const zh = Number(digits.slice(0, 2))
    const zm = Number(digits.slice(2, 4))
    if (zh > 23 || zm > 59) throw new ConversionFailure('LOAD_BAD_TIMESTAMP', 'must have a valid UTC offset')
    offsetMinutes = sign * (zh * 60 + zm)
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000
  const date = new Date(utc)
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that.
  if (year < 100) date.setUTCFullYear(year)
  return date
}

/**
 * Validates a KeyValue JSON column (Tags, SkuPriceDetails): the text must parse as a JSON object.
 * The ORIGINAL text is returned, never a re-serialization, so the stored bytes are the file's bytes.
 */
export function toJsonObject(text: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ConversionFailure('LOAD_BAD_JSON', 'must be a JSON object')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConversionFailure('LOAD_BAD_JSON', 'must be a JSON object, not an array or a scalar')
  }
  return text
}

/** Builds the converter for one canonical column. Converters cache the last values they saw. */
export function converterFor(column: ColumnDef): Converter {
  switch (column.type) {
    case 'decimal':
      return toDecimal
    case 'timestamp': {
      // Timestamps repeat heavily within a file (one billing period, hourly charge periods):
      // reuse the Date of the previous identical text. Dates handed to sinks are never mutated.
      let lastText = ''
      let lastDate: Date | undefined
      return (text) => {
        if (text === lastText && lastDate !== undefined) return lastDate
        lastDate = toTimestamp(text)
        lastText = text
        return lastDate
      }
    }
    case 'json': {
      // Tags repeat per resource; remember validated texts (bounded) instead of re-parsing them.
      const seen = new Set<string>()
      return (text) => {
        if (seen.has(text)) return text
        toJsonObject(text)
        if (seen.size >= 4096) seen.clear()
        if (text.length <= 16_384) seen.add(text)
        return text
      }
    }
    case 'varchar': {
      const max = column.length ?? Number.POSITIVE_INFINITY
      return (text) => {
        if (text.length > max) {
          throw new ConversionFailure(
            'LOAD_VALUE_TOO_LONG',
            `must be at most ${max} characters, got ${text.length}`,
          )
        }
        return text
      }
    }
    default:
      return (text) => text
  }
}
