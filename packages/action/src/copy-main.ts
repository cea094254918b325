import * as core from '@actions/core'
import { type CopyResult, copyReports, silenceSdkRetryWarnings } from '@oci-focus/core'
import { assertOidcAvailable, authOptionsOf, warnIgnoredInputs } from './auth.js'
import { cancelOnSignals } from './cancel.js'
import { ActionError } from './errors.js'
import { count, formatBytes } from './format.js'
import { type CopyInputs, parseCopyInputs } from './inputs.js'
import { createActionLogger } from './logger.js'
import { COPY_OUTPUT_DEFAULTS, COPY_OUTPUTS, type CopyOutputs, setOutputs } from './outputs.js'
import { maskingFetch, maskSecretInputs, redact } from './secrets.js'
import { type SummaryRow, writeSummary } from './summary.js'

const readInput = (name: string): string => core.getInput(name)

/** The copy action: inputs → `copyReports` → outputs, annotations and the job summary. */
export async function copyMain(): Promise<void> {
  maskSecretInputs(readInput)
  // The SDK warns on stderr for every failed request, expected 404s included; our stores log
  // retries and failures through the logger instead.
  silenceSdkRetryWarnings()
  setOutputs(COPY_OUTPUTS, COPY_OUTPUT_DEFAULTS)
  const inputs = parseCopyInputs(readInput)
  warnIgnoredInputs(inputs)
  assertOidcAvailable(inputs)

  const logger = createActionLogger()
  const cancellation = cancelOnSignals()
  let result: CopyResult
  try {
    result = await copyReports({
      auth: authOptionsOf(inputs),
      tenancy: inputs.auth.tenancy,
      ...(inputs.homeRegion !== undefined && { homeRegion: inputs.homeRegion }),
      destination: {
        ...inputs.destination,
        ...(inputs.region !== undefined && { region: inputs.region }),
      },
      window: inputs.window,
      ...(inputs.endpoint !== undefined && { endpoint: inputs.endpoint }),
      keepCompressed: inputs.keepCompressed,
      concurrency: inputs.concurrency,
      dryRun: inputs.dryRun,
      logger,
      signal: cancellation.signal,
      fetch: maskingFetch(),
    })
  } catch (error) {
    logger.flushWarnings([])
    throw error
  } finally {
    cancellation.dispose()
  }

  setOutputs(COPY_OUTPUTS, copyOutputsOf(result))
  const failed = result.objects.filter((object) => object.outcome === 'failed')
  logger.flushWarnings(failed.map((object) => object.source))
  // A cancelled run fails its unstarted objects as CORE_ABORTED: one message for all of them.
  const notStarted = failed.filter((object) => object.errorCode === 'CORE_ABORTED')
  for (const object of failed.filter((o) => o.errorCode !== 'CORE_ABORTED')) {
    core.error(redact(`${object.source}: ${object.reason ?? 'failed'}`), {
      title: 'OCI FOCUS copy: object failed',
    })
  }
  await writeSummary(copySummary(result, inputs))
  if (notStarted.length > 0) {
    throw new ActionError(
      'ACTION_CANCELLED',
      `cancelled (${cancellation.cause() ?? 'aborted'}): ${count(notStarted.length, 'object')} not copied, ${result.totals.copied} copied; a re-run copies the rest`,
    )
  }
  if (failed.length > 0) {
    throw new ActionError(
      'ACTION_ITEMS_FAILED',
      `${failed.length} of ${count(result.objects.length, 'object')} failed to copy (see the annotations); the rest were copied or skipped`,
    )
  }
}

/** Output values for a finished run. */
export function copyOutputsOf(result: CopyResult): CopyOutputs {
  const written = result.objects.filter((o) => o.outcome === (result.dryRun ? 'planned' : 'copied'))
  return {
    copied: String(result.dryRun ? result.totals.planned : result.totals.copied),
    skipped: String(result.totals.skipped),
    failed: String(result.totals.failed),
    bytesWritten: String(result.dryRun ? 0 : result.totals.bytesOut),
    objects: JSON.stringify(written.flatMap((o) => o.destination)),
  }
}

const OUTCOME_ORDER = { failed: 0, copied: 1, planned: 2, skipped: 3 } as const

function copySummary(result: CopyResult, inputs: CopyInputs) {
  const { window, totals } = result
  const destination = `${inputs.destination.namespace ?? '(tenancy namespace)'}/${inputs.destination.bucket}${inputs.destination.prefix !== undefined ? `/${inputs.destination.prefix}` : ''}`
  const rows: SummaryRow[] = [...result.objects]
    .sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || a.source.localeCompare(b.source))
    .map((o) => ({
      cells: [
        o.outcome === 'copied' && o.action === 'recopy' ? 'recopied' : o.outcome,
        o.source,
        o.destination.join('\n'),
        o.outcome === 'skipped' ? '' : formatBytes(o.bytesIn),
        o.outcome === 'copied' ? formatBytes(o.bytesOut) : '',
        o.reason ?? '',
      ],
    }))
  return {
    title: result.dryRun ? 'OCI FOCUS export (dry run: nothing written)' : 'OCI FOCUS export',
    facts: [
      [
        'Window',
        `${window.kind} reports, ${window.from} to ${window.to} (${count(window.days.length, 'day')}, UTC)`,
      ],
      ['Destination', destination],
    ] as [string, string][],
    headers: ['Outcome', 'Source', 'Destination', 'Read', 'Written', 'Reason'],
    rows,
    empty: 'No report objects in the window.',
    totals: [
      [result.dryRun ? 'Planned' : 'Copied', String(result.dryRun ? totals.planned : totals.copied)],
      ['Skipped (up to date)', String(totals.skipped)],
      ['Failed', String(totals.failed)],
      ['Read', formatBytes(totals.bytesIn)],
      ['Written', `${formatBytes(totals.bytesOut)} (${totals.bytesOut} bytes)`],
    ] as [string, string][],
  }
}
