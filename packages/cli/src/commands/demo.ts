import { open, rm } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { type Logger, resolveWindow } from '@oci-focus/core'
import type { DailyServiceCost } from '@oci-focus/loader'
import { CliError, EXIT } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'
import type { CopyInputs } from '../options/copy.js'
import { openSink, type Target } from '../options/target.js'
import { formatDuration, formatTable } from '../output/format.js'
import { formatMoney, sumDecimals } from '../report/index.js'
import { writeReportFile } from './report.js'
import { type SyncRun, syncReports } from './sync.js'

const DAY_MS = 86_400_000
const DEMO_DAYS = 7
/** A syntactically real tenancy OCID that no real tenancy has. */
export const DEMO_TENANCY = 'ocid1.tenancy.oc1..aaaaaaaademo0ocifocus0demo0tenancy0000000000000000000000'
const DEMO_USER = 'ocid1.user.oc1..aaaaaaaademo0ocifocus0demo0user000000000000000000000000000'
const DEMO_NAMESPACE = 'ocifocusdemo'
const DEMO_BUCKET = 'focus-reports'
const DEMO_REGION = 'us-ashburn-1'

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** True when the file starts like a DuckDB database (magic "DUCK" at byte 8). */
async function isDuckDbFile(path: string): Promise<boolean | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined
  try {
    handle = await open(path, 'r')
  } catch {
    return undefined
  }
  try {
    const header = Buffer.alloc(12)
    const { bytesRead } = await handle.read(header, 0, 12, 0)
    return bytesRead === 12 && header.subarray(8, 12).toString('latin1') === 'DUCK'
  } finally {
    await handle.close()
  }
}

/** One row of the per-step table. */
interface StepRow {
  readonly step: string
  readonly run: SyncRun
}

function stepTable(rows: readonly StepRow[]): string {
  return formatTable(
    ['step', 'copied', 'recopied', 'up to date', 'failed', 'loaded', 'skipped', 'failed', 'rows'],
    rows.map(({ step, run }) => {
      const recopied = run.copy.objects.filter((o) => o.outcome === 'copied' && o.action === 'recopy').length
      return [
        step,
        String(run.copy.totals.copied - recopied),
        String(recopied),
        String(run.copy.totals.skipped),
        String(run.copy.totals.failed),
        String(run.load?.totals.loaded ?? 0),
        String(run.load?.totals.skipped ?? 0),
        String(run.load?.totals.failed ?? 0),
        (run.load?.totals.rows ?? 0).toLocaleString('en-US'),
      ]
    }),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  )
}

/** Billed cost per service (rows) and day (columns), with totals, from the loaded table. */
function costTable(daily: readonly DailyServiceCost[], days: readonly string[]): string {
  const services = [...new Set(daily.map((row) => row.serviceName ?? '(none)'))]
  // Rows also split by currency (zero-cost rows carry none): add them up per service and day.
  const cell = new Map<string, string>()
  for (const row of daily) {
    const key = `${row.serviceName ?? '(none)'}|${row.day}`
    cell.set(key, sumDecimals([cell.get(key) ?? '0', row.billedCost]))
  }
  const byService = (service: string) => days.map((day) => cell.get(`${service}|${day}`) ?? '0')
  services.sort((a, b) => Number(sumDecimals(byService(b))) - Number(sumDecimals(byService(a))))
  const rows = services.map((service) => [
    service,
    ...byService(service).map(formatMoney),
    formatMoney(sumDecimals(byService(service))),
  ])
  const dayTotals = days.map((day) =>
    sumDecimals(services.map((service) => cell.get(`${service}|${day}`) ?? '0')),
  )
  rows.push(['all services', ...dayTotals.map(formatMoney), formatMoney(sumDecimals(dayTotals))])
  return formatTable(['service', ...days.map((day) => day.slice(5)), 'total'], rows, [
    'l',
    ...days.map(() => 'r' as const),
    'r',
  ])
}

/**
 * `oci-focus demo`: the whole job on an embedded default. An in-process emulator (strict request
 * signatures, a key it trusts) stands in for OCI; the real copy and load code runs against it.
 */
export async function runDemo(ctx: CommandContext): Promise<CommandOutcome> {
  const { flags, reporter } = ctx
  const started = Date.now()
  const cwd = ctx.io.cwd
  const dbFlag = flags.string('db') ?? 'oci-focus-demo.duckdb'
  const outFlag = flags.string('out') ?? 'oci-focus-report.html'
  const dbPath = isAbsolute(dbFlag) ? dbFlag : resolve(cwd, dbFlag)
  const outPath = isAbsolute(outFlag) ? outFlag : resolve(cwd, outFlag)
  const seed = flags.integer('seed') ?? 1

  // Start from a fresh database, but never delete a file that is not a DuckDB database.
  const existing = await isDuckDbFile(dbPath)
  if (existing === false) {
    throw CliError.usage(`Invalid --db: expected a new path or a DuckDB file to replace, got ${dbPath}`, {
      flag: 'db',
      value: dbPath,
    })
  }
  if (existing) await Promise.all([rm(dbPath, { force: true }), rm(`${dbPath}.wal`, { force: true })])

  // Loaded only here: the emulator is a dev-time stand-in, never part of copy/load/sync.
  const { createTestApiKey, generateFocusReports, seedReports, startEmulator } = await import(
    '@oci-focus/emulator'
  )

  const today = Math.floor(ctx.now.getTime() / DAY_MS) * DAY_MS
  const firstDay = dayOf(today - (DEMO_DAYS - 1) * DAY_MS)
  const lastDay = dayOf(today)
  const lateDay = dayOf(today - 5 * DAY_MS)
  const rewriteDay = dayOf(today - 3 * DAY_MS)
  const reports = generateFocusReports({
    seed,
    startDate: firstDay,
    days: DEMO_DAYS,
    tenancyOcid: DEMO_TENANCY,
    lateFile: { day: lateDay, deliveredOn: lastDay },
    rewrite: { day: rewriteDay, deliveredOn: lastDay },
  })
  // The late file sits in an old day folder but is written today; the rewrite is version 2.
  const isLate = (file: (typeof reports.files)[number]) =>
    file.day === lateDay && file.timeModified.getTime() >= today
  const firstDelivery = reports.files.filter((file) => file.version === 1 && !isLate(file))
  const laterDelivery = reports.files.filter((file) => file.version === 2 || isLate(file))

  const key = createTestApiKey()
  ctx.redactor.add(key.privateKeyPem)
  const emulator = await startEmulator({
    auth: 'strict',
    trustKeys: [key.publicKeyPem],
    namespace: DEMO_NAMESPACE,
  })
  try {
    await emulator.createBucket(DEMO_NAMESPACE, DEMO_BUCKET)
    await seedReports(emulator, firstDelivery, DEMO_TENANCY)
    reporter.print(
      `oci-focus demo: emulator at ${emulator.url} (strict request signatures)\n` +
        `generated ${reports.files.length} OCI FOCUS report files for ${firstDay}..${lastDay} in bling/${DEMO_TENANCY.slice(0, 28)}…; ` +
        `${firstDelivery.length} delivered now, a late file for ${lateDay} and a rewrite of a ${rewriteDay} file come later\n`,
    )

    const target: Target = { kind: 'duckdb', path: dbPath, table: undefined }
    const inputs: CopyInputs = {
      auth: {
        kind: 'api-key',
        tenancy: DEMO_TENANCY,
        user: DEMO_USER,
        fingerprint: key.fingerprint,
        privateKey: key.privateKeyPem,
        region: DEMO_REGION,
      },
      homeRegion: DEMO_REGION,
      destination: { bucket: DEMO_BUCKET },
      endpoint: emulator.url,
      window: { lookbackDays: DEMO_DAYS, now: ctx.now },
    }
    // The same window sync resolves from its flags: the generated week, today included.
    const loadPrefixes = resolveWindow(inputs.window).prefixes
    // The libraries log every object; the demo shows tables instead unless --verbose.
    const verbose = flags.boolean('verbose')
    const logger: Logger = {
      debug: (message) => (verbose ? reporter.logger.debug(message) : undefined),
      info: (message) => (verbose ? reporter.info(message) : undefined),
      warn: (message) => reporter.warn(message),
    }
    const daily = (label: string) =>
      syncReports({
        inputs,
        loadPrefixes,
        target,
        onError: 'fail-file',
        reporter,
        signal: ctx.signal,
        label,
        logger,
      })

    const steps: StepRow[] = []
    const show = (step: string, run: SyncRun) => {
      steps.push({ step, run })
      reporter.print(`${stepTable([{ step, run }])}\n`)
      if (run.loadError !== undefined) throw run.loadError
    }

    reporter.print(`1. The daily job (sync: copy with a ${DEMO_DAYS}-day look-back, then load into DuckDB)`)
    show('1. first run', await daily('run 1'))

    reporter.print('2. The same job again: everything is up to date')
    show('2. second run', await daily('run 2'))

    await seedReports(emulator, laterDelivery, DEMO_TENANCY)
    reporter.print(
      `3. OCI delivers a late file for ${lateDay} and rewrites a file of ${rewriteDay}; the job runs again`,
    )
    const third = await daily('run 3')
    show('3. after late + rewrite', third)
    const pickedUp = third.copy.objects.filter((o) => o.outcome === 'copied')
    for (const object of pickedUp) {
      reporter.print(
        `   ${object.action === 'recopy' ? 'recopied (rewritten by OCI)' : 'copied (late)'}: ${object.source}`,
      )
    }

    // The cost summary straight from the loaded table, checked against the generator's exact totals.
    // A day's report also carries charges of the days before it (usage is reported late), so the
    // charge days reach back before the first report folder.
    const sink = await openSink(target)
    let dailyCosts: DailyServiceCost[]
    let chargeDays: string[]
    try {
      dailyCosts = await sink.reports.dailyCostByService({
        from: dayOf(today - 2 * DEMO_DAYS * DAY_MS),
        to: lastDay,
      })
      chargeDays = [...new Set(dailyCosts.map((row) => row.day))].sort()
      await writeReportFile({
        sink,
        out: outPath,
        range: { from: chargeDays[0] ?? firstDay, to: lastDay },
        now: ctx.now,
        lastRunSkipped: third.load?.totals.skipped ?? 0,
      })
    } finally {
      await sink.close()
    }
    const expected = reports.expected
    const loadedTotal = sumDecimals(dailyCosts.map((row) => row.billedCost))
    const mismatches = Object.entries(expected.byServiceDay).filter(([group, totals]) => {
      const [service, day] = group.split('|')
      const rows = dailyCosts.filter((r) => r.serviceName === service && r.day === day)
      return sumDecimals(rows.map((r) => r.billedCost)) !== sumDecimals([totals.billedCost])
    })
    const rowsLoaded = dailyCosts.reduce((sum, row) => sum + row.rows, 0)

    const currencies = [...new Set(dailyCosts.map((row) => row.currency).filter((c) => c !== null))].join(
      ', ',
    )
    reporter.print(
      `\nBilled cost by service and charge day (${currencies || 'no currency'}, from ${dbPath}):`,
    )
    reporter.print(costTable(dailyCosts, chargeDays))
    const exact = mismatches.length === 0 && rowsLoaded === expected.rows
    reporter.print(
      exact
        ? `\n✓ ${rowsLoaded.toLocaleString('en-US')} rows, billed ${formatMoney(loadedTotal)}: equal, to the last decimal, to the generator's totals over the final version of every file`
        : `\n✗ loaded totals differ from the generator's: ${rowsLoaded} rows vs ${expected.rows}; ${mismatches.length} service/day groups differ`,
    )

    const second = steps[1]?.run
    const idempotent =
      second !== undefined && second.copy.totals.copied === 0 && (second.load?.totals.loaded ?? 0) === 0
    const pickedExactly =
      third.copy.totals.copied === laterDelivery.length &&
      (third.load?.totals.loaded ?? 0) === laterDelivery.length
    const failures = steps.reduce(
      (sum, { run }) => sum + run.copy.totals.failed + (run.load?.totals.failed ?? 0),
      0,
    )
    reporter.print(
      `\nreport: ${outPath}\ndatabase: ${dbPath} (try: oci-focus report --target duckdb:${dbFlag} --out costs.html)\n` +
        `done in ${formatDuration(Date.now() - started)}; the emulator is stopped and its data is gone.`,
    )
    const ok = exact && idempotent && pickedExactly && failures === 0
    if (!ok) reporter.error('the demo did not behave as expected (see the tables above)')
    return {
      exitCode: ok ? EXIT.ok : EXIT.failed,
      document: {
        database: dbPath,
        report: outPath,
        steps: steps.map(({ step, run }) => ({
          step,
          copy: run.copy.totals,
          load: run.load?.totals ?? null,
        })),
        pickedUp: pickedUp.map((object) => ({ source: object.source, action: object.action })),
        rows: rowsLoaded,
        billedCost: loadedTotal,
        matchesGenerator: exact,
      },
    }
  } finally {
    await emulator.stop()
  }
}
