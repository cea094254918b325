import * as core from '@actions/core'
import { redact } from './secrets.js'

/** The libraries' Logger shape (debug/info/warn), written to the runner's log. */
export interface ActionLogger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  /**
   * Turns the warnings seen so far into `::warning` annotations, except those naming one of
   * `reported` (objects or files that already have their own `::error`): one annotation per
   * problem, not an error and a warning for the same object.
   */
  flushWarnings(reported: readonly string[]): void
}

/**
 * A logger for core and the loader. Warnings go to the log as they happen (so the timeline stays
 * readable) and become annotations when the run ends, once it is known which objects failed.
 */
export function createActionLogger(): ActionLogger {
  const warnings: string[] = []
  return {
    debug: (message) => core.debug(redact(message)),
    info: (message) => core.info(redact(message)),
    warn: (message) => {
      const text = redact(message)
      warnings.push(text)
      core.info(`warning: ${text}`)
    },
    flushWarnings(reported) {
      for (const text of warnings.splice(0)) {
        if (!reported.some((name) => text.includes(name))) core.warning(text)
      }
    },
  }
}
