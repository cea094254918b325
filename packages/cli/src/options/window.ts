import { isCoreError, type ReportWindow, resolveWindow, type WindowOptions } from '@oci-focus/core'
import type { ParsedFlags } from '../args/parse.js'
import { CliError } from '../errors.js'

/** The window flags as core's WindowOptions, resolved once here so a bad range is a usage error. */
export function windowFromFlags(
  flags: ParsedFlags,
  now: Date,
): { options: WindowOptions; window: ReportWindow } {
  const date = flags.string('date')
  const from = flags.string('from')
  const to = flags.string('to')
  const lookbackDays = flags.given('lookback-days') ? flags.integer('lookback-days') : undefined
  if (date !== undefined && (from !== undefined || to !== undefined || lookbackDays !== undefined)) {
    throw CliError.usage(
      `Conflicting flags: --date stands alone, got --date ${date} with ${[
        from !== undefined && `--from ${from}`,
        to !== undefined && `--to ${to}`,
        lookbackDays !== undefined && `--lookback-days ${lookbackDays}`,
      ]
        .filter(Boolean)
        .join(' ')}`,
      { flag: 'date', value: date },
    )
  }
  if (lookbackDays !== undefined && (from !== undefined || to !== undefined)) {
    throw CliError.usage(`Conflicting flags: --lookback-days or --from/--to, got both`, {
      flag: 'lookback-days',
      value: String(lookbackDays),
    })
  }
  if (to !== undefined && from === undefined) {
    throw CliError.usage(`Missing --from: --to ends a range that --from starts, got only --to ${to}`, {
      flag: 'to',
      value: to,
    })
  }
  const options: WindowOptions = {
    kind: (flags.string('report') ?? 'focus') as NonNullable<WindowOptions['kind']>,
    now,
    ...(date === undefined ? {} : { date }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(lookbackDays === undefined ? {} : { lookbackDays }),
  }
  try {
    return { options, window: resolveWindow(options) }
  } catch (error) {
    if (isCoreError(error)) {
      // Core names its option (date, from, to, lookbackDays); the user typed flags.
      const message = error.message
        .replace(/^from\.\.to:/, '--from..--to:')
        .replace(/^(date|from|to):/, date === undefined ? '--$1:' : '--date:')
        .replace(/^lookbackDays:/, '--lookback-days:')
      throw CliError.usage(
        `Invalid report window: ${message}`,
        error.value === undefined ? {} : { value: error.value },
        {
          cause: error,
        },
      )
    }
    throw error
  }
}
