import { DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api'
import type { TableNames } from '../schema.js'
import { monthWindows, rangeBounds } from '../sink/report-ranges.js'
import type { ReportQueries } from '../sink/types.js'
import { q } from './ddl.js'
import { toLedgerEntry } from './rows.js'

type Query = (sql: string, values: DuckDBValue[]) => Promise<Record<string, unknown>[]>

const ts = (date: Date) => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n)
// Sums leave the database as text: DECIMAL → VARCHAR is exact; a JS number would not be.
const money = (column: string) => `CAST(COALESCE(SUM(${column}), 0) AS VARCHAR)`
const str = (v: unknown) => (v === null || v === undefined ? null : String(v))

/** The report queries of the DuckDB sink (semantics documented on ReportQueries). */
export function createDuckDbReports(names: TableNames, query: Query): ReportQueries {
  const t = q(names.table)
  return {
    async dailyCostByService(range) {
      const { start, end } = rangeBounds(range)
      const rows = await query(
        `SELECT strftime(CHARGE_PERIOD_START, '%Y-%m-%d') AS DAY, SERVICE_NAME, BILLING_CURRENCY,
           ${money('BILLED_COST')} AS BILLED, ${money('EFFECTIVE_COST')} AS EFFECTIVE, ${money('LIST_COST')} AS LIST,
           COUNT(*) AS N
         FROM ${t} WHERE CHARGE_PERIOD_START >= ? AND CHARGE_PERIOD_START < ?
         GROUP BY ALL ORDER BY DAY, SUM(EFFECTIVE_COST) DESC, SERVICE_NAME`,
        [ts(start), ts(end)],
      )
      return rows.map((r) => ({
        day: String(r.DAY),
        serviceName: str(r.SERVICE_NAME),
        currency: str(r.BILLING_CURRENCY),
        billedCost: String(r.BILLED),
        effectiveCost: String(r.EFFECTIVE),
        listCost: String(r.LIST),
        rows: Number(r.N),
      }))
    },
    async topCompartments(range, limit) {
      const { start, end } = rangeBounds(range)
      const rows = await query(
        `SELECT COALESCE(OCI_COMPARTMENT_ID, SUB_ACCOUNT_ID) AS ID,
           MAX(COALESCE(OCI_COMPARTMENT_NAME, SUB_ACCOUNT_NAME)) AS NAME, BILLING_CURRENCY,
           ${money('BILLED_COST')} AS BILLED, ${money('EFFECTIVE_COST')} AS EFFECTIVE
         FROM ${t} WHERE CHARGE_PERIOD_START >= ? AND CHARGE_PERIOD_START < ?
         GROUP BY ID, BILLING_CURRENCY ORDER BY SUM(EFFECTIVE_COST) DESC, ID LIMIT ?`,
        [ts(start), ts(end), limit],
      )
      return rows.map((r) => ({
        id: str(r.ID),
        name: str(r.NAME),
        serviceName: null,
        currency: str(r.BILLING_CURRENCY),
        billedCost: String(r.BILLED),
        effectiveCost: String(r.EFFECTIVE),
      }))
    },
    async topResources(range, limit) {
      const { start, end } = rangeBounds(range)
      const rows = await query(
        `SELECT RESOURCE_ID AS ID, MAX(RESOURCE_NAME) AS NAME, MAX(SERVICE_NAME) AS SERVICE, BILLING_CURRENCY,
           ${money('BILLED_COST')} AS BILLED, ${money('EFFECTIVE_COST')} AS EFFECTIVE
         FROM ${t} WHERE CHARGE_PERIOD_START >= ? AND CHARGE_PERIOD_START < ? AND RESOURCE_ID IS NOT NULL
         GROUP BY RESOURCE_ID, BILLING_CURRENCY ORDER BY SUM(EFFECTIVE_COST) DESC, ID LIMIT ?`,
        [ts(start), ts(end), limit],
      )
      return rows.map((r) => ({
        id: str(r.ID),
        name: str(r.NAME),
        serviceName: str(r.SERVICE),
        currency: str(r.BILLING_CURRENCY),
        billedCost: String(r.BILLED),
        effectiveCost: String(r.EFFECTIVE),
      }))
    },
    async monthToDate(asOf) {
      const w = monthWindows(asOf)
      // $1/$2 month-to-date, $3/$4 previous same period, $5/$6 whole previous month.
      const sum = (column: string, from: number) =>
        `CAST(COALESCE(SUM(CASE WHEN CHARGE_PERIOD_START >= $${from} AND CHARGE_PERIOD_START < $${from + 1} THEN ${column} END), 0) AS VARCHAR)`
      const rows = await query(
        `SELECT BILLING_CURRENCY,
           ${sum('BILLED_COST', 1)} AS MTD_B, ${sum('EFFECTIVE_COST', 1)} AS MTD_E,
           ${sum('BILLED_COST', 3)} AS PREV_SAME_B, ${sum('EFFECTIVE_COST', 3)} AS PREV_SAME_E,
           ${sum('BILLED_COST', 5)} AS PREV_B, ${sum('EFFECTIVE_COST', 5)} AS PREV_E
         FROM ${t} WHERE CHARGE_PERIOD_START >= $5 AND CHARGE_PERIOD_START < $2
         GROUP BY BILLING_CURRENCY ORDER BY BILLING_CURRENCY NULLS LAST`,
        [
          ts(w.monthToDate.start),
          ts(w.monthToDate.end),
          ts(w.previousSamePeriod.start),
          ts(w.previousSamePeriod.end),
          ts(w.previousMonthWhole.start),
          ts(w.previousMonthWhole.end),
        ],
      )
      return rows.map((r) => ({
        month: w.month,
        previousMonth: w.previousMonth,
        currency: str(r.BILLING_CURRENCY),
        monthToDateBilled: String(r.MTD_B),
        monthToDateEffective: String(r.MTD_E),
        previousSamePeriodBilled: String(r.PREV_SAME_B),
        previousSamePeriodEffective: String(r.PREV_SAME_E),
        previousMonthBilled: String(r.PREV_B),
        previousMonthEffective: String(r.PREV_E),
      }))
    },
    async ledgerHealth() {
      const [totals] = await query(
        `SELECT COUNT(*) AS FILES, COUNT(*) FILTER (STATUS = 'loaded') AS LOADED,
           COUNT(*) FILTER (STATUS = 'failed') AS FAILED,
           COALESCE(SUM(ROWS_LOADED) FILTER (STATUS = 'loaded'), 0) AS ROWS_LOADED,
           COALESCE(SUM(ROWS_REJECTED) FILTER (STATUS = 'loaded'), 0) AS ROWS_REJECTED,
           MAX(FINISHED_AT) FILTER (STATUS = 'loaded') AS LAST_LOADED
         FROM ${q(names.ledger)}`,
        [],
      )
      const [latest] = await query(`SELECT MAX(CHARGE_PERIOD_START) AS LATEST FROM ${q(names.table)}`, [])
      const failures = await query(
        `SELECT * FROM ${q(names.ledger)} WHERE STATUS = 'failed' ORDER BY FINISHED_AT DESC, SOURCE_FILE`,
        [],
      )
      const last = totals?.LAST_LOADED
      const latestStart = latest?.LATEST
      return {
        files: Number(totals?.FILES ?? 0),
        loaded: Number(totals?.LOADED ?? 0),
        failed: Number(totals?.FAILED ?? 0),
        rows: Number(totals?.ROWS_LOADED ?? 0),
        rejectedRows: Number(totals?.ROWS_REJECTED ?? 0),
        lastLoadedAt: last instanceof Date ? last : undefined,
        latestChargePeriodStart: latestStart instanceof Date ? latestStart.toISOString() : undefined,
        failures: failures.map(toLedgerEntry),
      }
    },
  }
}
