import { afterEach, describe, expect, it } from 'vitest'
import { isCoreError } from './errors.js'
import { focusDayOf, resolveWindow, type WindowOptions } from './window.js'

function codeOf(options: WindowOptions): string | undefined {
  try {
    resolveWindow(options)
    return undefined
  } catch (error) {
    return isCoreError(error) ? error.code : `not a CoreError: ${String(error)}`
  }
}

function messageOf(options: WindowOptions): string {
  try {
    resolveWindow(options)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected resolveWindow to throw')
}

// 23:30 UTC: already the next day east of UTC, still this day west of it.
const LATE_EVENING = new Date('2026-03-10T23:30:00Z')
const EARLY_MORNING = new Date('2026-03-10T00:15:00Z')

describe('resolveWindow: lookback', () => {
  it('defaults to focus and the last 3 UTC days including today', () => {
    const window = resolveWindow({ now: LATE_EVENING })
    expect(window.kind).toBe('focus')
    expect(window.days).toEqual(['2026-03-08', '2026-03-09', '2026-03-10'])
    expect(window.from).toBe('2026-03-08')
    expect(window.to).toBe('2026-03-10')
    expect(window.prefixes).toEqual([
      'FOCUS Reports/2026/03/08/',
      'FOCUS Reports/2026/03/09/',
      'FOCUS Reports/2026/03/10/',
    ])
  })

  it('lookbackDays 1 is today only, and crosses month and year ends', () => {
    expect(resolveWindow({ now: EARLY_MORNING, lookbackDays: 1 }).days).toEqual(['2026-03-10'])
    expect(resolveWindow({ now: new Date('2026-03-01T05:00:00Z'), lookbackDays: 3 }).days).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ])
    expect(resolveWindow({ now: new Date('2028-03-01T05:00:00Z'), lookbackDays: 2 }).days).toEqual([
      '2028-02-29',
      '2028-03-01',
    ])
    expect(resolveWindow({ now: new Date('2027-01-01T00:00:00Z'), lookbackDays: 2 }).days).toEqual([
      '2026-12-31',
      '2027-01-01',
    ])
  })

  it.each([0, -1, 2.5, Number.NaN])('rejects lookbackDays %s', (lookbackDays) => {
    expect(codeOf({ now: LATE_EVENING, lookbackDays })).toBe('CORE_INVALID_OPTION')
  })
})

describe('resolveWindow: dates and ranges', () => {
  it('a single date is a one-day window', () => {
    const window = resolveWindow({ date: '2026-02-28', now: LATE_EVENING })
    expect(window.days).toEqual(['2026-02-28'])
    expect(window.prefixes).toEqual(['FOCUS Reports/2026/02/28/'])
  })

  it('from..to is inclusive on both ends', () => {
    const window = resolveWindow({ from: '2026-02-27', to: '2026-03-02', now: LATE_EVENING })
    expect(window.days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
  })

  it('from without to runs to today', () => {
    expect(resolveWindow({ from: '2026-03-09', now: LATE_EVENING }).days).toEqual([
      '2026-03-09',
      '2026-03-10',
    ])
  })

  it('understands today and yesterday (UTC)', () => {
    expect(resolveWindow({ date: 'yesterday', now: EARLY_MORNING }).days).toEqual(['2026-03-09'])
    expect(resolveWindow({ date: 'today', now: LATE_EVENING }).days).toEqual(['2026-03-10'])
  })

  it.each(['2025-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-3-1', '03/10/2026', '', 'tomorrow'])(
    'rejects the invalid date %j naming it',
    (date) => {
      expect(codeOf({ date, now: LATE_EVENING })).toBe('CORE_INVALID_DATE')
      expect(messageOf({ date, now: LATE_EVENING })).toContain(`got ${date}`)
    },
  )

  it('rejects a reversed range with both dates in the message', () => {
    expect(codeOf({ from: '2026-03-05', to: '2026-03-01', now: LATE_EVENING })).toBe('CORE_WINDOW_REVERSED')
    expect(messageOf({ from: '2026-03-05', to: '2026-03-01', now: LATE_EVENING })).toContain(
      '2026-03-05..2026-03-01',
    )
  })

  it('rejects mixing date with from/to, lookbackDays with dates, and to without from', () => {
    expect(codeOf({ date: '2026-03-01', from: '2026-03-01', now: LATE_EVENING })).toBe('CORE_INVALID_OPTION')
    expect(codeOf({ date: '2026-03-01', to: '2026-03-02', now: LATE_EVENING })).toBe('CORE_INVALID_OPTION')
    expect(codeOf({ date: '2026-03-01', lookbackDays: 2, now: LATE_EVENING })).toBe('CORE_INVALID_OPTION')
    expect(codeOf({ to: '2026-03-02', now: LATE_EVENING })).toBe('CORE_INVALID_OPTION')
  })

  it('rejects days after today (UTC)', () => {
    expect(codeOf({ date: '2026-03-11', now: LATE_EVENING })).toBe('CORE_INVALID_DATE')
    expect(messageOf({ date: '2026-03-11', now: LATE_EVENING })).toContain('today (2026-03-10')
  })

  it('refuses windows beyond the 365-day retention, and lets the retention be overridden', () => {
    expect(codeOf({ date: '2025-03-10', now: LATE_EVENING })).toBeUndefined()
    expect(codeOf({ date: '2025-03-09', now: LATE_EVENING })).toBe('CORE_WINDOW_BEYOND_RETENTION')
    expect(messageOf({ from: '2024-01-01', to: '2024-01-02', now: LATE_EVENING })).toMatch(
      /365-day report retention \(on or after 2025-03-10\), got 2024-01-01/,
    )
    expect(
      resolveWindow({ from: '2024-01-01', to: '2024-01-02', now: LATE_EVENING, retentionDays: 1000 }).days,
    ).toEqual(['2024-01-01', '2024-01-02'])
    expect(codeOf({ date: '2026-03-01', now: LATE_EVENING, retentionDays: 5 })).toBe(
      'CORE_WINDOW_BEYOND_RETENTION',
    )
    expect(
      codeOf({ date: '2001-01-01', now: LATE_EVENING, retentionDays: Number.POSITIVE_INFINITY }),
    ).toBeUndefined()
    expect(codeOf({ date: '2026-03-01', now: LATE_EVENING, retentionDays: 0 })).toBe('CORE_INVALID_OPTION')
  })

  it('rejects an unknown kind', () => {
    expect(codeOf({ kind: 'billing' as 'focus', now: LATE_EVENING })).toBe('CORE_INVALID_OPTION')
  })
})

describe('resolveWindow: includes', () => {
  const at = '2026-03-10T12:00:00.000Z'
  it('focus: by day folder, not by time', () => {
    const window = resolveWindow({ from: '2026-03-09', to: '2026-03-10', now: LATE_EVENING })
    expect(
      window.includes({ name: 'FOCUS Reports/2026/03/09/0001000002711630-00001.csv.gz', timeModified: at }),
    ).toBe(true)
    expect(window.includes({ name: 'FOCUS Reports/2026/03/08/0001.csv.gz', timeModified: at })).toBe(false)
    expect(window.includes({ name: 'FOCUS Reports/2026/03/10/', timeModified: at })).toBe(false)
    expect(window.includes({ name: 'reports/cost-csv/0001.csv.gz', timeModified: at })).toBe(false)
  })

  it('cost and usage: flat prefix, window by timeModified in UTC', () => {
    const cost = resolveWindow({ kind: 'cost', date: '2026-03-09', now: LATE_EVENING })
    expect(cost.prefixes).toEqual(['reports/cost-csv/'])
    expect(
      cost.includes({ name: 'reports/cost-csv/1-00001.csv.gz', timeModified: '2026-03-09T00:00:00.000Z' }),
    ).toBe(true)
    expect(
      cost.includes({ name: 'reports/cost-csv/1-00001.csv.gz', timeModified: '2026-03-09T23:59:59.999Z' }),
    ).toBe(true)
    expect(
      cost.includes({ name: 'reports/cost-csv/1-00001.csv.gz', timeModified: '2026-03-10T00:00:00.000Z' }),
    ).toBe(false)
    expect(
      cost.includes({ name: 'reports/usage-csv/1.csv.gz', timeModified: '2026-03-09T10:00:00.000Z' }),
    ).toBe(false)
    const usage = resolveWindow({ kind: 'usage', date: '2026-03-09', now: LATE_EVENING })
    expect(usage.prefixes).toEqual(['reports/usage-csv/'])
    expect(usage.includes({ name: 'reports/usage-csv/1.csv.gz', timeModified: '2026-03-09T10:00:00Z' })).toBe(
      true,
    )
    expect(usage.includes({ name: 'reports/usage-csv/1.csv.gz', timeModified: 'not a date' })).toBe(false)
  })

  it('focusDayOf reads the folder date', () => {
    expect(focusDayOf('FOCUS Reports/2024/11/28/0001000002103533-00001.csv.gz')).toBe('2024-11-28')
    expect(focusDayOf('FOCUS Reports/2024/11/0001.csv.gz')).toBeUndefined()
  })
})

describe('resolveWindow: machine time zone does not matter', () => {
  const original = process.env['TZ']
  afterEach(() => {
    if (original === undefined) delete process.env['TZ']
    else process.env['TZ'] = original
  })

  // Node re-reads TZ when process.env.TZ is assigned; vitest runs each file in its own process.
  it.each(['Pacific/Kiritimati', 'America/Adak', 'Asia/Kolkata', 'UTC'])('same UTC days in %s', (tz) => {
    process.env['TZ'] = tz
    const offset = new Date('2026-03-10T12:00:00Z').getTimezoneOffset()
    if (tz === 'Pacific/Kiritimati') expect(offset).toBe(-14 * 60)
    if (tz === 'America/Adak') expect(offset).toBe(9 * 60)
    expect(resolveWindow({ now: LATE_EVENING }).days).toEqual(['2026-03-08', '2026-03-09', '2026-03-10'])
    expect(resolveWindow({ now: EARLY_MORNING, lookbackDays: 1 }).days).toEqual(['2026-03-10'])
    expect(resolveWindow({ date: '2026-03-01', now: LATE_EVENING }).prefixes).toEqual([
      'FOCUS Reports/2026/03/01/',
    ])
    const cost = resolveWindow({ kind: 'cost', date: '2026-03-10', now: LATE_EVENING })
    expect(cost.includes({ name: 'reports/cost-csv/1.csv.gz', timeModified: '2026-03-10T23:30:00Z' })).toBe(
      true,
    )
    expect(cost.includes({ name: 'reports/cost-csv/1.csv.gz', timeModified: '2026-03-11T00:30:00Z' })).toBe(
      false,
    )
  })
})
