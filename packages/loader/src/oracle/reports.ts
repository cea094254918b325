/**
 * The CLI's report queries over the Oracle table and ledger, answering exactly what the DuckDB
 * sink answers (same windows from sink/report-ranges.ts, same grouping and order). Money is
 * fetched as a STRING, which node-oracledb Thin decodes from Oracle's NUMBER bytes on the client
 * (exact, no NLS), then given a leading zero ('.5' → '0.5'). Window edges travel as UTC text.
 */
import { LoadError } from '../errors.js'
import { LEDGER_COLUMNS } from '../schema.js'
import { monthWindows, rangeBounds } from '../sink/report-ranges.js'
import type {
  DailyServiceCost,
  LedgerEntry,
  LedgerHealth,
  LedgerStatus,
  MonthComparison,
  RankedCost,
  ReportQueries,
  ReportRange,
} from '../sink/types.js'
import { formatTimestamp, ISO_TIMESTAMP_FORMAT, TIMESTAMP_FORMAT } from './binds.js'
import type { OracleConnection, OracleDbType, OracleDriver } from './driver.js'
import type { OracleNames } from './names.js'
import { quoteIdentifier as q } from './names.js'
import { sinkError } from './transaction.js'

type Row = Readonly<Record<string, unknown>>

/** Oracle renders NUMBER text without a leading zero ('.5', '-.25'); callers expect '0.5'. */
export function normalizeNumberText(text: unknown): string {
  if (text === null || text === undefined) return '0'
  const value = String(text)
  if (value.startsWith('.')) return `0${value}`
  if (value.startsWith('-.')) return `-0${value.slice(1)}`
  return value
}

/** A range edge as the text TO_TIMESTAMP reads (the instants come from sink/report-ranges.ts). */
const edge = (date: Date): string => formatTimestamp(date) ?? date.toISOString()

const ts = (bind: string) => `TO_TIMESTAMP(:${bind}, '${TIMESTAMP_FORMAT}')`
const CPS = q('CHARGE_PERIOD_START')
const IN_RANGE = `${CPS} >= ${ts('from_day')} AND ${CPS} < ${ts('to_day')}`

export function dailyCostByServiceSql(names: OracleNames): string {
  return [
    `SELECT TO_CHAR(TRUNC(${CPS}), 'YYYY-MM-DD') AS CHARGE_DAY, ${q('SERVICE_NAME')} AS SERVICE_NAME,`,
    `  ${q('BILLING_CURRENCY')} AS CURRENCY_CODE,`,
    `  NVL(SUM(${q('BILLED_COST')}), 0) AS BILLED_SUM, NVL(SUM(${q('EFFECTIVE_COST')}), 0) AS EFFECTIVE_SUM,`,
    `  NVL(SUM(${q('LIST_COST')}), 0) AS LIST_SUM, COUNT(*) AS ROW_TOTAL`,
    `FROM ${q(names.table)}`,
    `WHERE ${IN_RANGE}`,
    `GROUP BY TRUNC(${CPS}), ${q('SERVICE_NAME')}, ${q('BILLING_CURRENCY')}`,
    `ORDER BY CHARGE_DAY, EFFECTIVE_SUM DESC, SERVICE_NAME, CURRENCY_CODE`,
  ].join('\n')
}

function rankedSql(
  names: OracleNames,
  id: string,
  name: string,
  service: string,
  limit: number,
  where: string = IN_RANGE,
): string {
  return [
    `SELECT ${id} AS ITEM_ID, MAX(${name}) AS ITEM_NAME, ${service} AS ITEM_SERVICE,`,
    `  ${q('BILLING_CURRENCY')} AS CURRENCY_CODE,`,
    `  NVL(SUM(${q('BILLED_COST')}), 0) AS BILLED_SUM, NVL(SUM(${q('EFFECTIVE_COST')}), 0) AS EFFECTIVE_SUM`,
    `FROM ${q(names.table)}`,
    `WHERE ${where}`,
    `GROUP BY ${id}, ${q('BILLING_CURRENCY')}`,
    `ORDER BY EFFECTIVE_SUM DESC, ITEM_ID`,
    `FETCH FIRST ${limit} ROWS ONLY`,
  ].join('\n')
}

export function topCompartmentsSql(names: OracleNames, limit: number): string {
  return rankedSql(
    names,
    `NVL(${q('OCI_COMPARTMENT_ID')}, ${q('SUB_ACCOUNT_ID')})`,
    `NVL(${q('OCI_COMPARTMENT_NAME')}, ${q('SUB_ACCOUNT_NAME')})`,
    'NULL',
    limit,
  )
}

export function topResourcesSql(names: OracleNames, limit: number): string {
  // Rows without a resource (taxes, support) are not a resource: leave them out, as DuckDB does.
  return rankedSql(
    names,
    q('RESOURCE_ID'),
    q('RESOURCE_NAME'),
    `MAX(${q('SERVICE_NAME')})`,
    limit,
    `${IN_RANGE} AND ${q('RESOURCE_ID')} IS NOT NULL`,
  )
}

export function monthToDateSql(names: OracleNames): string {
  const sum = (column: string, from: string, to: string) =>
    `NVL(SUM(CASE WHEN ${CPS} >= ${ts(from)} AND ${CPS} < ${ts(to)} THEN ${q(column)} END), 0)`
  return [
    `SELECT ${q('BILLING_CURRENCY')} AS CURRENCY_CODE,`,
    `  ${sum('BILLED_COST', 'month_start', 'as_of_next')} AS MTD_BILLED,`,
    `  ${sum('EFFECTIVE_COST', 'month_start', 'as_of_next')} AS MTD_EFFECTIVE,`,
    `  ${sum('BILLED_COST', 'previous_start', 'previous_same_end')} AS SAME_BILLED,`,
    `  ${sum('EFFECTIVE_COST', 'previous_start', 'previous_same_end')} AS SAME_EFFECTIVE,`,
    `  ${sum('BILLED_COST', 'previous_start', 'month_start')} AS PREVIOUS_BILLED,`,
    `  ${sum('EFFECTIVE_COST', 'previous_start', 'month_start')} AS PREVIOUS_EFFECTIVE`,
    `FROM ${q(names.table)}`,
    `WHERE ${CPS} >= ${ts('previous_start')} AND ${CPS} < ${ts('as_of_next')}`,
    `GROUP BY ${q('BILLING_CURRENCY')}`,
    `ORDER BY CURRENCY_CODE`,
  ].join('\n')
}

/** SELECT list of the ledger with timestamps rendered as ISO-8601 UTC text. */
export function ledgerSelectSql(names: OracleNames): string {
  const columns = LEDGER_COLUMNS.map((c) =>
    c.type === 'timestamp' ? `TO_CHAR(${q(c.name)}, '${ISO_TIMESTAMP_FORMAT}') AS ${q(c.name)}` : q(c.name),
  )
  return `SELECT ${columns.join(', ')} FROM ${q(names.ledger)}`
}

export function ledgerHealthSql(names: OracleNames): string {
  const loaded = `${q('STATUS')} = 'loaded'`
  return [
    `SELECT COUNT(*) AS FILE_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN 1 ELSE 0 END), 0) AS LOADED_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${q('STATUS')} = 'failed' THEN 1 ELSE 0 END), 0) AS FAILED_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN ${q('ROWS_LOADED')} ELSE 0 END), 0) AS ROW_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN ${q('ROWS_REJECTED')} ELSE 0 END), 0) AS REJECTED_TOTAL,`,
    `  TO_CHAR(MAX(CASE WHEN ${loaded} THEN ${q('FINISHED_AT')} END), '${ISO_TIMESTAMP_FORMAT}') AS LAST_LOADED_AT`,
    `FROM ${q(names.ledger)}`,
  ].join('\n')
}

export function latestChargeSql(names: OracleNames): string {
  return `SELECT TO_CHAR(MAX(${CPS}), '${ISO_TIMESTAMP_FORMAT}') AS LATEST FROM ${q(names.table)}`
}

const optionalText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)
const optionalNumber = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value)
const nullableText = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value)

/** A ledger row (as fetched with {@link ledgerSelectSql}) as a LedgerEntry. */
export function ledgerEntryFromRow(row: Row): LedgerEntry {
  return {
    file: String(row['SOURCE_FILE']),
    identity: String(row['FILE_IDENTITY']),
    status: String(row['STATUS']) as LedgerStatus,
    dialect: optionalText(row['DIALECT']),
    rows: Number(row['ROWS_LOADED']),
    rejectedRows: Number(row['ROWS_REJECTED']),
    bytes: optionalNumber(row['FILE_BYTES']),
    startedAt: new Date(String(row['STARTED_AT'])),
    finishedAt: new Date(String(row['FINISHED_AT'])),
    errorCode: optionalText(row['ERROR_CODE']),
    errorMessage: optionalText(row['ERROR_MESSAGE']),
    errorLine: optionalNumber(row['ERROR_LINE']),
    errorColumn: optionalText(row['ERROR_COLUMN']),
    errorValue: optionalText(row['ERROR_VALUE']),
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `report limit: must be an integer from 1 to 100000, got ${limit}`,
      {
        value: String(limit),
      },
    )
  }
  return limit
}

export interface OracleQueryContext {
  readonly connection: () => Promise<OracleConnection>
  readonly driver: () => Promise<Pick<OracleDriver, 'DB_TYPE_VARCHAR' | 'OUT_FORMAT_OBJECT'>>
  readonly names: OracleNames
  /** Wraps each query (the sink drops a dead connection here). */
  readonly guard?: <T>(work: () => Promise<T>) => Promise<T>
}

/** Runs a query with object rows, fetching the named NUMBER columns as exact strings. */
export async function queryRows(
  context: OracleQueryContext,
  doing: string,
  sql: string,
  binds: Readonly<Record<string, string>> | readonly string[],
  moneyColumns: readonly string[] = [],
): Promise<Row[]> {
  const run = () => queryOnce(context, doing, sql, binds, moneyColumns)
  return context.guard ? context.guard(run) : run()
}

async function queryOnce(
  context: OracleQueryContext,
  doing: string,
  sql: string,
  binds: Readonly<Record<string, string>> | readonly string[],
  moneyColumns: readonly string[],
): Promise<Row[]> {
  try {
    const driver = await context.driver()
    const connection = await context.connection()
    const fetchInfo: Record<string, { type: OracleDbType }> = {}
    for (const column of moneyColumns) fetchInfo[column] = { type: driver.DB_TYPE_VARCHAR }
    const result = await connection.execute(sql, binds, {
      autoCommit: false,
      outFormat: driver.OUT_FORMAT_OBJECT,
      fetchInfo,
    })
    return (result.rows ?? []) as Row[]
  } catch (error) {
    throw sinkError(error, doing)
  }
}

/** The ReportQueries of one Oracle sink. */
export function oracleReportQueries(context: OracleQueryContext): ReportQueries {
  const { names } = context
  const rangeBinds = (range: ReportRange) => {
    const bounds = rangeBounds(range)
    return { from_day: edge(bounds.start), to_day: edge(bounds.end) }
  }
  const ranked = async (sql: string, range: ReportRange, doing: string): Promise<RankedCost[]> => {
    const rows = await queryRows(context, doing, sql, rangeBinds(range), ['BILLED_SUM', 'EFFECTIVE_SUM'])
    return rows.map((row) => ({
      id: nullableText(row['ITEM_ID']),
      name: nullableText(row['ITEM_NAME']),
      serviceName: nullableText(row['ITEM_SERVICE']),
      currency: nullableText(row['CURRENCY_CODE']),
      billedCost: normalizeNumberText(row['BILLED_SUM']),
      effectiveCost: normalizeNumberText(row['EFFECTIVE_SUM']),
    }))
  }
  return {
    async dailyCostByService(range: ReportRange): Promise<DailyServiceCost[]> {
      const rows = await queryRows(
        context,
        'daily cost report',
        dailyCostByServiceSql(names),
        rangeBinds(range),
        ['BILLED_SUM', 'EFFECTIVE_SUM', 'LIST_SUM'],
      )
      return rows.map((row) => ({
        day: String(row['CHARGE_DAY']),
        serviceName: nullableText(row['SERVICE_NAME']),
        currency: nullableText(row['CURRENCY_CODE']),
        billedCost: normalizeNumberText(row['BILLED_SUM']),
        effectiveCost: normalizeNumberText(row['EFFECTIVE_SUM']),
        listCost: normalizeNumberText(row['LIST_SUM']),
        rows: Number(row['ROW_TOTAL']),
      }))
    },
    async topCompartments(range: ReportRange, limit: number): Promise<RankedCost[]> {
      return ranked(topCompartmentsSql(names, checkLimit(limit)), range, 'top compartments report')
    },
    async topResources(range: ReportRange, limit: number): Promise<RankedCost[]> {
      return ranked(topResourcesSql(names, checkLimit(limit)), range, 'top resources report')
    },
    async monthToDate(asOf: string): Promise<MonthComparison[]> {
      const w = monthWindows(asOf)
      const rows = await queryRows(
        context,
        'month-to-date report',
        monthToDateSql(names),
        {
          month_start: edge(w.monthToDate.start),
          as_of_next: edge(w.monthToDate.end),
          previous_start: edge(w.previousMonthWhole.start),
          previous_same_end: edge(w.previousSamePeriod.end),
        },
        [
          'MTD_BILLED',
          'MTD_EFFECTIVE',
          'SAME_BILLED',
          'SAME_EFFECTIVE',
          'PREVIOUS_BILLED',
          'PREVIOUS_EFFECTIVE',
        ],
      )
      return rows.map((row) => ({
        month: w.month,
        previousMonth: w.previousMonth,
        currency: nullableText(row['CURRENCY_CODE']),
        monthToDateBilled: normalizeNumberText(row['MTD_BILLED']),
        monthToDateEffective: normalizeNumberText(row['MTD_EFFECTIVE']),
        previousSamePeriodBilled: normalizeNumberText(row['SAME_BILLED']),
        previousSamePeriodEffective: normalizeNumberText(row['SAME_EFFECTIVE']),
        previousMonthBilled: normalizeNumberText(row['PREVIOUS_BILLED']),
        previousMonthEffective: normalizeNumberText(row['PREVIOUS_EFFECTIVE']),
      }))
    },
    async ledgerHealth(): Promise<LedgerHealth> {
      const [totals] = await queryRows(context, 'ledger health', ledgerHealthSql(names), [])
      const [latest] = await queryRows(context, 'ledger health', latestChargeSql(names), [])
      const failures = (
        await queryRows(
          context,
          'ledger health',
          `${ledgerSelectSql(names)} WHERE ${q('STATUS')} = 'failed' ORDER BY ${q('FINISHED_AT')} DESC, ${q('SOURCE_FILE')}`,
          [],
        )
      ).map(ledgerEntryFromRow)
      const lastLoaded = optionalText(totals?.['LAST_LOADED_AT'])
      return {
        files: Number(totals?.['FILE_TOTAL'] ?? 0),
        loaded: Number(totals?.['LOADED_TOTAL'] ?? 0),
        failed: Number(totals?.['FAILED_TOTAL'] ?? 0),
        rows: Number(totals?.['ROW_TOTAL'] ?? 0),
        rejectedRows: Number(totals?.['REJECTED_TOTAL'] ?? 0),
        lastLoadedAt: lastLoaded === undefined ? undefined : new Date(lastLoaded),
        latestChargePeriodStart: optionalText(latest?.['LATEST']),
        failures,
      }
    },
  }
}
