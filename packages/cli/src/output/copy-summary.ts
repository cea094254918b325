import type { CopyProgress, CopyResult } from '@oci-focus/core'
import { formatBytes, formatTable } from './format.js'
import type { Reporter } from './reporter.js'

const MAX_ROWS = 20

/** Feeds copy progress events to the live progress line. */
export function copyProgressListener(reporter: Reporter, label = 'copy'): (event: CopyProgress) => void {
  let total = 0
  let done = 0
  let failed = 0
  let bytesIn = 0
  let bytesOut = 0
  const draw = (force = false) =>
    reporter.progress(
      `${label}: ${done}/${total} objects · ${formatBytes(bytesIn)} read · ${formatBytes(bytesOut)} written` +
        (failed ? ` · ${failed} failed` : ''),
      force,
    )
  return (event) => {
    switch (event.type) {
      case 'planned':
        total = event.objects
        draw(true)
        return
      case 'bytes':
        bytesIn = event.bytesIn
        bytesOut = event.bytesOut
        draw()
        return
      case 'object-done':
        done = event.done
        total = event.total
        if (event.result.outcome === 'failed') failed++
        draw(done === total)
        return
      case 'object-start':
        return
    }
  }
}

/** One line of totals: "copied 3 · skipped 12 · failed 1 · 3.4 MB read · 21.0 MB written". */
export function copyTotalsLine(result: CopyResult): string {
  const t = result.totals
  const counts = result.dryRun
    ? `would copy ${t.planned} · up to date ${t.skipped}`
    : `copied ${t.copied} · skipped ${t.skipped} · failed ${t.failed}`
  return `${counts} · ${formatBytes(t.bytesIn)} read · ${formatBytes(t.bytesOut)} written`
}

/** The human summary of a copy: window, a table of what moved (skips are counted, not listed), totals. */
export function formatCopyResult(result: CopyResult): string {
  const { window } = result
  const lines = [
    `copy ${window.kind} ${window.from}..${window.to} (${window.days.length} day${window.days.length === 1 ? '' : 's'})${result.dryRun ? ' — dry run, nothing written' : ''}`,
  ]
  const moved = result.objects.filter((object) => object.outcome !== 'skipped')
  if (moved.length > 0) {
    const rows = moved
      .slice(0, MAX_ROWS)
      .map((object) => [
        object.outcome === 'copied' && object.action === 'recopy' ? 'recopied' : object.outcome,
        object.source,
        object.outcome === 'failed' ? '' : formatBytes(object.bytesIn),
        object.outcome === 'failed' ? '' : formatBytes(object.bytesOut),
        object.outcome === 'failed' ? (object.errorCode ?? 'error') : (object.reason ?? ''),
      ])
    lines.push(formatTable(['outcome', 'object', 'read', 'written', 'note'], rows, ['l', 'l', 'r', 'r', 'l']))
    if (moved.length > MAX_ROWS)
      lines.push(`… and ${moved.length - MAX_ROWS} more (--json lists every object)`)
  }
  // Failures in full, below the table, so a long reason does not stretch every row.
  for (const object of result.objects.filter((o) => o.outcome === 'failed')) {
    lines.push(
      `failed: ${object.source}\n  ${object.errorCode ?? 'error'}: ${object.reason ?? 'no reason given'}`,
    )
  }
  lines.push(copyTotalsLine(result))
  return lines.join('\n')
}
