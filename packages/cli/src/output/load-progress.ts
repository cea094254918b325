import type { LoadProgress } from '@oci-focus/loader'
import type { Reporter } from './reporter.js'

/** Feeds load progress events to the live progress line. */
export function loadProgressListener(reporter: Reporter, label = 'load'): (event: LoadProgress) => void {
  let total = 0
  let done = 0
  let failed = 0
  let rowsBefore = 0
  let rows = 0
  const draw = (force = false) =>
    reporter.progress(
      `${label}: ${done}/${total} files · ${rows.toLocaleString('en-US')} rows` +
        (failed ? ` · ${failed} failed` : ''),
      force,
    )
  return (event) => {
    switch (event.type) {
      case 'listed':
        // Several loads (one per day folder) can feed one line: totals add up.
        total += event.files
        draw(true)
        return
      case 'file-start':
        rowsBefore = rows
        return
      case 'rows':
        rows = rowsBefore + event.rows
        draw()
        return
      case 'file-done':
        done++
        if (event.result.outcome === 'failed') failed++
        if (event.result.outcome === 'loaded') rows = rowsBefore + event.result.rows
        rowsBefore = rows
        draw(done === total)
        return
    }
  }
}
