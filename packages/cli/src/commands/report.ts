import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { Sink } from '@oci-focus/loader'
import { CliError, EXIT } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'
import { describeTarget, openSink, targetFromFlags } from '../options/target.js'
import {
  collectReportData,
  formatMoney,
  type ReportData,
  renderReport,
  reportTotal,
} from '../report/index.js'

const DAY_MS = 86_400_000
const DEFAULT_DAYS = 30

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** `today` / `yesterday` / `YYYY-MM-DD` → `YYYY-MM-DD` (UTC). */
export function resolveDay(value: string, now: Date): string {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS
  if (value === 'today') return dayOf(today)
  if (value === 'yesterday') return dayOf(today - DAY_MS)
  return value
}

/**
 * Renders the HTML report from a sink's report queries and writes it atomically (temp file, then
 * rename), so a reader never sees half a report.
 */
export async function writeReportFile(options: {
  readonly sink: Sink
  readonly out: string
  readonly range: { readonly from: string; readonly to: string }
  readonly now: Date
  readonly lastRunSkipped?: number
}): Promise<ReportData> {
  const data = await collectReportData(options.sink.reports, {
    range: options.range,
    now: options.now,
    ...(options.lastRunSkipped === undefined ? {} : { lastRunSkipped: options.lastRunSkipped }),
  })
  const html = renderReport(data)
  await mkdir(dirname(options.out), { recursive: true })
  const temporary = `${options.out}.${process.pid}.tmp`
  try {
    await writeFile(temporary, html, 'utf8')
    await rename(temporary, options.out)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  return data
}

/** The report's days: the flags, else the 30 days ending on the latest charge day in the table. */
async function reportRange(ctx: CommandContext, sink: Sink): Promise<{ from: string; to: string }> {
  const fromFlag = ctx.flags.string('from')
  const toFlag = ctx.flags.string('to')
  let to = toFlag === undefined ? undefined : resolveDay(toFlag, ctx.now)
  if (to === undefined) {
    const latest = (await sink.reports.ledgerHealth()).latestChargePeriodStart
    to = latest === undefined ? dayOf(ctx.now.getTime()) : latest.slice(0, 10)
  }
  const from =
    fromFlag === undefined
      ? dayOf(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS)
      : resolveDay(fromFlag, ctx.now)
  if (from > to) {
    throw CliError.usage(`Invalid --from..--to: --from must be on or before --to, got ${from}..${to}`, {
      flag: 'from',
      value: from,
    })
  }
  return { from, to }
}

/** `oci-focus report`: the loaded table → one self-contained HTML file. */
export async function runReport(ctx: CommandContext): Promise<CommandOutcome> {
  const { flags, reporter } = ctx
  const target = targetFromFlags(flags, ctx.env, ctx.redactor, ctx.io.cwd)
  // Opening a DuckDB path that does not exist would create an empty database; say what is wrong instead.
  if (target.kind === 'duckdb' && !existsSync(target.path)) {
    throw CliError.usage(`Invalid --target: no DuckDB database at ${target.path}, got a missing file`, {
      flag: 'target',
      value: target.path,
    })
  }
  const outFlag = flags.string('out') ?? 'oci-focus-report.html'
  const out = isAbsolute(outFlag) ? outFlag : resolve(ctx.io.cwd, outFlag)
  const sink = await openSink(target)
  try {
    await sink.ensureSchema(ctx.signal ? { signal: ctx.signal } : {})
    const range = await reportRange(ctx, sink)
    const data = await writeReportFile({ sink, out, range, now: ctx.now })
    const services = new Set(data.dailyByService.map((row) => row.service)).size
    reporter.print(
      `report ${range.from}..${range.to} from ${describeTarget(target)} → ${out}\n` +
        `billed ${formatMoney(reportTotal(data))}${data.currency ? ` ${data.currency}` : ''} across ${services} services; ` +
        `ledger: ${data.ledger.loaded} files loaded, ${data.ledger.failed} failed`,
    )
    return { exitCode: EXIT.ok, document: { out, range, target: describeTarget(target) } }
  } finally {
    await sink.close()
  }
}
