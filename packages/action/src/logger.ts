import * as core from '@actions/core'
import { redact } from './secrets.js'

/** The libraries' Logger shape, written to the runner's log (redacted, in case a value slips in). */
export const actionLogger = {
  debug: (message: string): void => core.debug(redact(message)),
  info: (message: string): void => core.info(redact(message)),
  warn: (message: string): void => core.warning(redact(message)),
}
