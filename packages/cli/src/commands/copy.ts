import { copyReports } from '@oci-focus/core'
import { EXIT } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'
import { copyInputsFromFlags } from '../options/copy.js'
import { copyProgressListener, formatCopyResult } from '../output/copy-summary.js'

/** `oci-focus copy`: flags → copyReports → a summary (or one JSON document). */
export async function runCopy(ctx: CommandContext): Promise<CommandOutcome> {
  const { reporter } = ctx
  const { inputs } = await copyInputsFromFlags({ ...ctx, cwd: ctx.io.cwd })
  const result = await copyReports({
    ...inputs,
    logger: reporter.logger,
    onProgress: copyProgressListener(reporter),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  })
  reporter.endProgress()
  reporter.print(formatCopyResult(result))
  return { exitCode: result.totals.failed > 0 ? EXIT.failed : EXIT.ok, document: { copy: result } }
}
