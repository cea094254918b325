import * as core from '@actions/core'
import { errorMessage, isAlreadyReported } from './errors.js'
import { redact } from './secrets.js'

/**
 * The one failure edge of both actions: runs `main` and turns anything it throws (an Error or
 * any other value) into exactly one `core.setFailed`, with the stack on the debug log. When the
 * failures were already reported one `::error` annotation per object or file, the step fails
 * without repeating them.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    if (error instanceof Error && error.stack !== undefined) core.debug(redact(error.stack))
    if (isAlreadyReported(error)) {
      process.exitCode = 1
      core.info(redact(errorMessage(error)))
      return
    }
    core.setFailed(redact(errorMessage(error)))
  }
}
