import type { RankedCost, ReportQueries, ReportRange } from '@oci-focus/loader'
import { fromScaled, sumDecimals, toScaled } from './money.js'
import type { ReportData } from './types.js'

export interface CollectReportOptions {
  /** Inclusive UTC days. */
  readonly range: ReportRange
  /** How many compartments and resources to rank. Default 10. */
  readonly top?: number
  /** Files skipped by the run that just happened, when the caller knows it. */
  readonly lastRunSkipped?: number
  readonly now?: Date
}

/**
 * Asks a sink's report queries for everything the HTML report shows. Sums across currencies mean
 * nothing, so when the data holds several, the report shows the one with the largest billed cost
 * and says so in its currency label.
 */
export async function collectReportData(
  queries: ReportQueries,
  options: CollectReportOptions,
): Promise<ReportData> {
  const top = options.top ?? 10
  const [daily, compartments, resources, months, ledger] = await Promise.all([
    queries.dailyCostByService(options.range),
    queries.topCompartments(options.range, top * 4),
    queries.topResources(options.range, top * 4),
    queries.monthToDate(options.range.to),
    queries.ledgerHealth(),
  ])

  // OCI leaves BillingCurrency empty on zero-cost rows; those belong with whatever currency the
  // rest of the data is in rather than counting as a currency of their own.
  const perCurrency = new Map<string, bigint>()
  for (const row of daily) {
    if (!row.currency) continue
    perCurrency.set(row.currency, (perCurrency.get(row.currency) ?? 0n) + toScaled(row.billedCost))
  }
  const ranked = [...perCurrency.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
  const currency = ranked[0]?.[0] ?? ''
  const sameCurrency = (value: string | null) => !value || value === currency

  const month = months.find((m) => m.currency === currency) ?? months.find((m) => sameCurrency(m.currency))
  const asOf = options.range.to
  const previous = new Date(Date.parse(`${asOf.slice(0, 7)}-01T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 7)

  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    window: { from: options.range.from, to: options.range.to },
    currency:
      currency === ''
        ? undefined
        : ranked.length > 1
          ? `${currency}, largest of ${ranked.length} currencies`
          : currency,
    dailyByService: daily
      .filter((row) => sameCurrency(row.currency))
      .map((row) => ({ day: row.day, service: row.serviceName ?? '(none)', billedCost: row.billedCost })),
    topCompartments: mergeRanked(
      compartments.filter((row) => sameCurrency(row.currency)),
      top,
    ).map((row) => ({ name: row.name ?? '', id: row.id ?? '(none)', billedCost: row.billedCost })),
    topResources: mergeRanked(
      resources.filter((row) => sameCurrency(row.currency)),
      top,
    ).map((row) => ({
      id: row.id ?? '(none)',
      service: row.serviceName ?? '(none)',
      billedCost: row.billedCost,
    })),
    monthToDate: {
      month: month?.month ?? asOf.slice(0, 7),
      billedCost: month?.monthToDateBilled ?? '0',
      previousMonth: month?.previousMonth ?? previous,
      previousMonthSamePeriod: month?.previousSamePeriodBilled ?? '0',
      previousMonthTotal: month?.previousMonthBilled ?? '0',
    },
    ledger: {
      loaded: ledger.loaded,
      failed: ledger.failed,
      rows: ledger.rows,
      lastLoadedAt: ledger.lastLoadedAt?.toISOString(),
      failures: ledger.failures.map((entry) => ({
        file: entry.file,
        error: [entry.errorCode, entry.errorMessage].filter(Boolean).join(': ') || 'failed',
      })),
    },
    ...(options.lastRunSkipped === undefined ? {} : { lastRunSkipped: options.lastRunSkipped }),
  }
}

/**
 * The queries rank per currency, so one compartment can come back twice (its costs, and its
 * currency-less zero-cost rows). Merge by id, re-rank by effective cost as the queries do, keep `top`.
 */
function mergeRanked(rows: readonly RankedCost[], top: number): RankedCost[] {
  const merged = new Map<string, { row: RankedCost; billed: bigint; effective: bigint }>()
  for (const row of rows) {
    const key = `${row.id ?? ''}|${row.serviceName ?? ''}`
    const entry = merged.get(key)
    if (entry) {
      entry.billed += toScaled(row.billedCost)
      entry.effective += toScaled(row.effectiveCost)
      if (!entry.row.name && row.name) entry.row = row
    } else {
      merged.set(key, { row, billed: toScaled(row.billedCost), effective: toScaled(row.effectiveCost) })
    }
  }
  return [...merged.values()]
    .sort((a, b) => (b.effective > a.effective ? 1 : b.effective < a.effective ? -1 : 0))
    .slice(0, top)
    .map((entry) => ({
      ...entry.row,
      billedCost: fromScaled(entry.billed),
      effectiveCost: fromScaled(entry.effective),
    }))
}

/** Total billed cost of the collected days, exact. */
export function reportTotal(data: ReportData): string {
  return sumDecimals(data.dailyByService.map((row) => row.billedCost))
}
