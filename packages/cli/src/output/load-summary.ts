import type { LoadResult } from '@oci-focus/loader'
import { formatTable } from './format.js'

const MAX_ROWS = 20

/** "loaded 3 · skipped 12 · failed 1 · 12,345 rows (2 rejected)". */
export function loadTotalsLine(result: LoadResult): string {
  const t = result.totals
  return (
    `loaded ${t.loaded} · skipped ${t.skipped} · failed ${t.failed} · ${t.rows.toLocaleString('en-US')} rows` +
    (t.rejectedRows ? ` (${t.rejectedRows.toLocaleString('en-US')} rejected)` : '')
  )
}

/** Where a failure is: "line 12, column BilledCost, value "abc"". */
function failurePlace(file: LoadResult['files'][number]): string {
  const parts = [
    file.line === undefined ? undefined : `line ${file.line}`,
    file.column === undefined ? undefined : `column ${file.column}`,
    file.value === undefined ? undefined : `value ${JSON.stringify(file.value.slice(0, 60))}`,
  ].filter(Boolean)
  return parts.length ? ` (${parts.join(', ')})` : ''
}

/** The human summary of a load: a table of loaded and failed files (skips are counted), totals. */
export function formatLoadResult(result: LoadResult, target: string): string {
  const lines = [`load → ${target}`]
  const touched = result.files.filter((file) => file.outcome !== 'skipped')
  if (touched.length > 0) {
    const rows = touched
      .slice(0, MAX_ROWS)
      .map((file) => [
        file.outcome,
        file.file,
        file.rows.toLocaleString('en-US'),
        file.rejectedRows ? file.rejectedRows.toLocaleString('en-US') : '',
        file.outcome === 'failed' ? (file.errorCode ?? 'error') : (file.dialect ?? ''),
      ])
    lines.push(formatTable(['outcome', 'file', 'rows', 'rejected', 'note'], rows, ['l', 'l', 'r', 'r', 'l']))
    if (touched.length > MAX_ROWS)
      lines.push(`… and ${touched.length - MAX_ROWS} more (--json lists every file)`)
  }
  // Failures in full, below the table, so a long reason does not stretch every row.
  for (const file of result.files.filter((f) => f.outcome === 'failed')) {
    lines.push(
      `failed: ${file.file}${failurePlace(file)}\n  ${file.errorCode ?? 'error'}: ${file.reason ?? 'no reason given'}`,
    )
  }
  lines.push(loadTotalsLine(result))
  return lines.join('\n')
}
