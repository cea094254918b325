import * as core from '@actions/core'
import { html } from './format.js'
import { redact } from './secrets.js'

export interface SummaryRow {
  readonly cells: readonly string[]
}

export interface Summary {
  readonly title: string
  /** Label → value lines under the title (window, destination, ...). */
  readonly facts: readonly (readonly [string, string])[]
  readonly headers: readonly string[]
  readonly rows: readonly SummaryRow[]
  /** Shown instead of an empty table. */
  readonly empty: string
  readonly totals: readonly (readonly [string, string])[]
}

// GitHub caps a step summary at 1 MiB; a year of FOCUS files is ~2,000 rows, so cap the table and
// say how many rows were left out rather than have the upload rejected.
const MAX_ROWS = 1_000

/** Writes the job summary; a no-op outside the runner (no GITHUB_STEP_SUMMARY). */
export async function writeSummary(summary: Summary): Promise<void> {
  if (process.env['GITHUB_STEP_SUMMARY'] === undefined) return
  const shown = summary.rows.slice(0, MAX_ROWS)
  const s = core.summary.addHeading(html(summary.title), 2)
  s.addRaw(
    summary.facts.map(([label, value]) => `<b>${html(label)}:</b> ${html(value)}`).join('<br>\n'),
    true,
  )
  s.addTable([
    summary.headers.map((header) => ({ data: html(header), header: true })),
    // core.summary writes an empty cell as an unclosed tag, which shifts the row: use a dash.
    ...shown.map((row) =>
      row.cells.map((value) => (value === '' ? '–' : html(redact(value)).replace(/\r?\n/g, '<br>'))),
    ),
  ])
  if (summary.rows.length > shown.length) {
    s.addRaw(
      `<p>${summary.rows.length - shown.length} more rows not shown (failed rows come first).</p>`,
      true,
    )
  }
  if (summary.rows.length === 0) s.addRaw(`<p>${html(summary.empty)}</p>`, true)
  s.addHeading('Totals', 3)
  s.addTable(summary.totals.map(([label, value]) => [{ data: html(label), header: true }, html(value)]))
  await s.write()
}
