import type { LoadErrorCode } from '../errors.js'
import type { CanonicalRow, TableNames } from '../schema.js'

/**
 * The port every sink (DuckDB, Oracle) implements. The loader parses and converts; the sink
 * only stores. Rows arrive already typed (see `CanonicalRow` in schema.ts); a sink never
 * re-parses text except to bind decimal text as an exact decimal.
 */
export interface Sink {
  /** Which database this is, for messages and results ('duckdb', 'oracle'). */
  readonly kind: string
  /** Table, ledger, rejects and view names this sink uses. */
  readonly names: TableNames
  /**
   * Rows per batch this sink works best with, used when the caller gives no `batchSize`
   * (default 5,000). DuckDB: 2,048 (its vector size; smaller batches also keep parsed rows from
   * surviving into the old generation of the JS heap).
   */
  readonly preferredBatchSize?: number
  /**
   * Creates whatever is missing (table, ledger, rejects, views); idempotent, safe to call on every
   * run. Never drops or alters existing data.
   */
  ensureSchema(options?: { signal?: AbortSignal }): Promise<void>
  /** The ledger row of one source file, undefined when the file was never attempted. */
  getLedgerEntry(file: string): Promise<LedgerEntry | undefined>
  /** Every ledger row (for skip decisions over a whole listing and for health reports). */
  listLedger(): Promise<LedgerEntry[]>
  /**
   * Loads ONE file in ONE transaction:
   *   begin → delete the table's rows and the rejects of `load.file` → for each batch insert its
   *   rows (and its rejects) → call `load.complete()` → upsert the ledger row (status 'loaded')
   *   → commit.
   * If iterating `load.batches` throws (a parse error in fail-file mode, an abort) or any
   * statement fails, the sink rolls back — the table, rejects and ledger stay exactly as before —
   * and rethrows the original error unchanged (database errors wrapped as LoadError
   * 'LOAD_SINK_ERROR' with `cause`). The loader then records the failure with `recordFailure`.
   * Batches are consumed strictly one after another; the sink may hold one batch at a time only.
   */
  loadFile(load: FileLoad): Promise<LedgerEntry>
  /**
   * Upserts a 'failed' ledger row in its own transaction, leaving the file's previously loaded
   * rows (if any) untouched. A later run retries the file because its status is not 'loaded'.
   */
  recordFailure(failure: LedgerEntry): Promise<void>
  /** Report queries for the CLI `report` command and the demo. */
  readonly reports: ReportQueries
  /** Releases connections/handles; idempotent. */
  close(): Promise<void>
}

/** One file being loaded, handed to {@link Sink.loadFile}. */
export interface FileLoad {
  /** Object name or path relative to the load root; value of SOURCE_FILE. */
  readonly file: string
  /** Opaque identity string (etag/md5/size/hash); the ledger stores it for skip decisions. */
  readonly identity: string
  /** Bytes of the file as read (compressed size for .gz), when known. */
  readonly bytes: number | undefined
  readonly startedAt: Date
  /** Typed rows in file order, in batches of about `batchSize` rows (last one may be smaller). */
  readonly batches: AsyncIterable<RowBatch>
  /** Called once after `batches` is exhausted; gives the ledger fields only the parser knows. */
  complete(): FileSummary
}

export interface RowBatch {
  /** Rows for the canonical table, values in CANONICAL_COLUMNS order (SOURCE_FILE/SOURCE_LINE filled). */
  readonly rows: readonly CanonicalRow[]
  /** Rows rejected in reject-rows mode (empty in fail-file mode). */
  readonly rejects: readonly RejectRow[]
}

export interface FileSummary {
  readonly rows: number
  readonly rejectedRows: number
  /** 'oci-focus', 'focus-1.0', 'focus-1.1', 'focus-1.2'. */
  readonly dialect: string
}

/** One rejected record, as stored in the rejects table (REJECT_COLUMNS order). */
export interface RejectRow {
  readonly file: string
  readonly line: number
  readonly code: LoadErrorCode
  readonly reason: string
  readonly column: string | undefined
  readonly value: string | undefined
  /** The record's raw text as it stood in the file (without the record delimiter). */
  readonly rawText: string
  readonly rejectedAt: Date
}

export type LedgerStatus = 'loaded' | 'failed'

/** One row of the load ledger (LEDGER_COLUMNS). */
export interface LedgerEntry {
  readonly file: string
  readonly identity: string
  readonly status: LedgerStatus
  readonly dialect: string | undefined
  readonly rows: number
  readonly rejectedRows: number
  readonly bytes: number | undefined
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly errorCode: string | undefined
  readonly errorMessage: string | undefined
  readonly errorLine: number | undefined
  readonly errorColumn: string | undefined
  readonly errorValue: string | undefined
}

// ---------------------------------------------------------------------------------------------
// Report queries. Money is returned as exact decimal TEXT (as the database renders the
// DECIMAL/NUMBER sum); dates are 'YYYY-MM-DD' / months 'YYYY-MM' (UTC, by ChargePeriodStart).

/** A range of UTC days, both ends inclusive, as 'YYYY-MM-DD' (matches ChargePeriodStart). */
export interface ReportRange {
  readonly from: string
  readonly to: string
}

export interface DailyServiceCost {
  readonly day: string
  readonly serviceName: string | null
  readonly currency: string | null
  readonly billedCost: string
  readonly effectiveCost: string
  readonly listCost: string
  readonly rows: number
}

export interface RankedCost {
  /** Compartment: OCI_COMPARTMENT_ID, falling back to SUB_ACCOUNT_ID for non-OCI rows; resource: RESOURCE_ID. */
  readonly id: string | null
  /** Compartment name / sub-account name; resource name (or null). */
  readonly name: string | null
  /** For resources: the service; for compartments: null. */
  readonly serviceName: string | null
  readonly currency: string | null
  readonly billedCost: string
  readonly effectiveCost: string
}

export interface MonthComparison {
  /** 'YYYY-MM' of `asOf`. */
  readonly month: string
  readonly previousMonth: string
  readonly currency: string | null
  /** Sum over the first `asOf` day-of-month days of this month. */
  readonly monthToDateBilled: string
  readonly monthToDateEffective: string
  /** The same days-of-month of the previous month (like-for-like). */
  readonly previousSamePeriodBilled: string
  readonly previousSamePeriodEffective: string
  /** The whole previous month. */
  readonly previousMonthBilled: string
  readonly previousMonthEffective: string
}

export interface LedgerHealth {
  readonly files: number
  readonly loaded: number
  readonly failed: number
  readonly rows: number
  readonly rejectedRows: number
  readonly lastLoadedAt: Date | undefined
  /** Latest ChargePeriodStart in the table ('YYYY-MM-DDTHH:MM:SS.sssZ'), undefined when empty. */
  readonly latestChargePeriodStart: string | undefined
  readonly failures: readonly LedgerEntry[]
}

export interface ReportQueries {
  /** Cost per UTC day and service (and currency), days in `range`, ordered by day then cost desc. */
  dailyCostByService(range: ReportRange): Promise<DailyServiceCost[]>
  /** Top compartments (sub-accounts for non-OCI rows) by effective cost within `range`. */
  topCompartments(range: ReportRange, limit: number): Promise<RankedCost[]>
  /** Top resources by effective cost within `range`. */
  topResources(range: ReportRange, limit: number): Promise<RankedCost[]>
  /** Month-to-date vs previous month, one row per currency; `asOf` is a 'YYYY-MM-DD' UTC day. */
  monthToDate(asOf: string): Promise<MonthComparison[]>
  ledgerHealth(): Promise<LedgerHealth>
}
