/**
 * The canonical table every sink creates: one row per FOCUS charge row, whatever cloud wrote it.
 *
 * Column order is the table's physical order and the order of values in a {@link CanonicalRow}:
 * the 57 FOCUS 1.2 columns (alphabetical, as the spec lists them), OCI's pre-1.0 ChargeSubcategory,
 * OCI's ten `oci_` columns, the JSON bag of unknown `x_` columns, then lineage (file and line).
 * Names are UPPER_SNAKE_CASE so Oracle needs no quoted identifiers.
 */

/**
 * Logical types. Each sink maps them to its own DDL:
 * - `decimal`: exact, precision 38 / scale 18 (DuckDB `DECIMAL(38,18)`, Oracle `NUMBER(38,18)`).
 *   Scale 18, not 12: FOCUS-Sample-Data has ConsumedQuantity values with 15 significant fractional
 *   digits, which scale 12 would round; 20 integer digits remain (1e20), far above any bill.
 *   Values arrive as canonical decimal TEXT (see {@link CellValue}); bind them as text, never as a JS number.
 * - `timestamp`: a UTC instant with millisecond precision (DuckDB `TIMESTAMP`, Oracle `TIMESTAMP(3)`),
 *   values are JS `Date`s; sinks must not apply a session time zone.
 * - `varchar`: text up to `length` CHARACTERS (Oracle: `VARCHAR2(n CHAR)`; lengths are ≤ 4000).
 * - `json`: a JSON document stored whole, byte for byte as the file had it (DuckDB `JSON`/`VARCHAR`,
 *   Oracle `CLOB CHECK (col IS JSON)` or `JSON`); values are the original JSON text.
 * - `text`: unbounded text that is not JSON (DuckDB `VARCHAR`, Oracle `CLOB`), e.g. a rejected record.
 * - `integer`: a 64-bit-safe integer that fits a JS number (line numbers, counts).
 */
export type LogicalType = 'decimal' | 'timestamp' | 'varchar' | 'json' | 'text' | 'integer'

/** Precision and scale of every `decimal` column. */
export const DECIMAL_PRECISION = 38
export const DECIMAL_SCALE = 18

/** Where a canonical column comes from. */
export type ColumnOrigin = 'focus' | 'oci' | 'oci-legacy' | 'extension' | 'lineage'

export interface ColumnDef {
  /** UPPER_SNAKE_CASE table column name. */
  readonly name: string
  readonly type: LogicalType
  /** Maximum length in characters; only for `varchar`. */
  readonly length?: number
  /** False only for lineage columns; data columns stay nullable so real-world files load (see README). */
  readonly nullable: boolean
  readonly origin: ColumnOrigin
  /** The column's name in a FOCUS 1.2 file (`BilledCost`), or OCI's own name (`oci_CompartmentId`). */
  readonly sourceName: string
}

// Lengths in characters. IDs carry ARNs (up to 2,048) and OCIDs; descriptions are free text;
// object names are at most 1,024 bytes in OCI Object Storage.
const ID = 2048
const OBJECT_NAME = 1024
const NAME = 1024
const TEXT = 4000
const CODE = 128

function focus(sourceName: string, type: LogicalType, length?: number): ColumnDef {
  return column(sourceName, 'focus', type, length)
}

function column(sourceName: string, origin: ColumnOrigin, type: LogicalType, length?: number): ColumnDef {
  const base = { name: toSnakeUpper(sourceName), type, nullable: true, origin, sourceName }
  return length === undefined ? base : { ...base, length }
}

/** `BilledCost` → `BILLED_COST`, `oci_CompartmentId` → `OCI_COMPARTMENT_ID`, `SkuPriceId` → `SKU_PRICE_ID`. */
export function toSnakeUpper(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
}

/** The 57 FOCUS 1.2 Cost-and-Usage columns. */
export const FOCUS_COLUMNS: readonly ColumnDef[] = [
  focus('AvailabilityZone', 'varchar', NAME),
  focus('BilledCost', 'decimal'),
  focus('BillingAccountId', 'varchar', ID),
  focus('BillingAccountName', 'varchar', NAME),
  focus('BillingAccountType', 'varchar', NAME),
  focus('BillingCurrency', 'varchar', CODE),
  focus('BillingPeriodEnd', 'timestamp'),
  focus('BillingPeriodStart', 'timestamp'),
  focus('CapacityReservationId', 'varchar', ID),
  focus('CapacityReservationStatus', 'varchar', CODE),
  focus('ChargeCategory', 'varchar', CODE),
  focus('ChargeClass', 'varchar', CODE),
  focus('ChargeDescription', 'varchar', TEXT),
  focus('ChargeFrequency', 'varchar', CODE),
  focus('ChargePeriodEnd', 'timestamp'),
  focus('ChargePeriodStart', 'timestamp'),
  focus('CommitmentDiscountCategory', 'varchar', CODE),
  focus('CommitmentDiscountId', 'varchar', ID),
  focus('CommitmentDiscountName', 'varchar', NAME),
  focus('CommitmentDiscountQuantity', 'decimal'),
  focus('CommitmentDiscountStatus', 'varchar', CODE),
  focus('CommitmentDiscountType', 'varchar', NAME),
  focus('CommitmentDiscountUnit', 'varchar', NAME),
  focus('ConsumedQuantity', 'decimal'),
  focus('ConsumedUnit', 'varchar', NAME),
  focus('ContractedCost', 'decimal'),
  focus('ContractedUnitPrice', 'decimal'),
  focus('EffectiveCost', 'decimal'),
  focus('InvoiceId', 'varchar', ID),
  focus('InvoiceIssuerName', 'varchar', NAME),
  focus('ListCost', 'decimal'),
  focus('ListUnitPrice', 'decimal'),
  focus('PricingCategory', 'varchar', CODE),
  focus('PricingCurrency', 'varchar', CODE),
  focus('PricingCurrencyContractedUnitPrice', 'decimal'),
  focus('PricingCurrencyEffectiveCost', 'decimal'),
  focus('PricingCurrencyListUnitPrice', 'decimal'),
  focus('PricingQuantity', 'decimal'),
  focus('PricingUnit', 'varchar', NAME),
  focus('ProviderName', 'varchar', NAME),
  focus('PublisherName', 'varchar', NAME),
  focus('RegionId', 'varchar', NAME),
  focus('RegionName', 'varchar', NAME),
  focus('ResourceId', 'varchar', ID),
  focus('ResourceName', 'varchar', NAME),
  focus('ResourceType', 'varchar', NAME),
  focus('ServiceCategory', 'varchar', NAME),
  focus('ServiceName', 'varchar', NAME),
  focus('ServiceSubcategory', 'varchar', NAME),
  focus('SkuId', 'varchar', ID),
  focus('SkuMeter', 'varchar', NAME),
  focus('SkuPriceDetails', 'json'),
  focus('SkuPriceId', 'varchar', ID),
  focus('SubAccountId', 'varchar', ID),
  focus('SubAccountName', 'varchar', NAME),
  focus('SubAccountType', 'varchar', NAME),
  focus('Tags', 'json'),
]

/** OCI's pre-1.0 column, kept as its own column (no FOCUS 1.2 equivalent). */
export const CHARGE_SUBCATEGORY: ColumnDef = column('ChargeSubcategory', 'oci-legacy', 'varchar', CODE)

/** OCI's ten custom columns, in the order OCI writes them. */
export const OCI_COLUMNS: readonly ColumnDef[] = [
  column('oci_ReferenceNumber', 'oci', 'varchar', ID),
  column('oci_CompartmentId', 'oci', 'varchar', ID),
  column('oci_CompartmentName', 'oci', 'varchar', NAME),
  column('oci_OverageFlag', 'oci', 'varchar', CODE),
  column('oci_UnitPriceOverage', 'oci', 'decimal'),
  column('oci_BilledQuantityOverage', 'oci', 'decimal'),
  column('oci_CostOverage', 'oci', 'decimal'),
  column('oci_AttributedUsage', 'oci', 'decimal'),
  column('oci_AttributedCost', 'oci', 'decimal'),
  column('oci_BackReferenceNumber', 'oci', 'varchar', ID),
]

/**
 * Unknown `x_` (and other non-FOCUS) columns of a file, as one JSON object
 * `{"x_Name": "raw text", …}` (null when the file has none or all are empty).
 */
export const X_COLUMNS: ColumnDef = {
  name: 'X_COLUMNS',
  type: 'json',
  nullable: true,
  origin: 'extension',
  sourceName: '',
}

/** The file's identity-independent name (object name or path relative to the load root). */
export const SOURCE_FILE: ColumnDef = {
  name: 'SOURCE_FILE',
  type: 'varchar',
  length: OBJECT_NAME,
  nullable: false,
  origin: 'lineage',
  sourceName: '',
}
/** 1-based physical line of the record's first line in the file (the header is line 1). */
export const SOURCE_LINE: ColumnDef = {
  name: 'SOURCE_LINE',
  type: 'integer',
  nullable: false,
  origin: 'lineage',
  sourceName: '',
}

/** Every column of the canonical table, in physical order. */
export const CANONICAL_COLUMNS: readonly ColumnDef[] = [
  ...FOCUS_COLUMNS,
  CHARGE_SUBCATEGORY,
  ...OCI_COLUMNS,
  X_COLUMNS,
  SOURCE_FILE,
  SOURCE_LINE,
]

/** Position of each canonical column in a {@link CanonicalRow}. */
export const COLUMN_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  CANONICAL_COLUMNS.map((c, i) => [c.name, i]),
)

/** Index of a canonical column by name; throws on a typo so sinks fail at startup, not mid-load. */
export function columnIndex(name: string): number {
  const index = COLUMN_INDEX[name]
  if (index === undefined) throw new Error(`canonical column: must exist, got ${name}`)
  return index
}

/**
 * One value of a canonical row, by the column's logical type:
 * decimal → canonical decimal text (`-12.5`, `0.000000000001`; at most 18 fractional digits and 20 integer digits, no exponent, no '+');
 * timestamp → Date (UTC); varchar → string; json → the original JSON text; integer → number; NULL → null.
 */
export type CellValue = string | number | Date | null

/** One typed row, values in {@link CANONICAL_COLUMNS} order (length = CANONICAL_COLUMNS.length). */
export type CanonicalRow = CellValue[]

/** Default name of the canonical table. */
export const DEFAULT_TABLE = 'OCI_FOCUS'

/** Names of everything a sink creates for one canonical table. */
export interface TableNames {
  readonly table: string
  /** One row per source file: identity, status, rows, timings, error. */
  readonly ledger: string
  /** Rows rejected in `reject-rows` mode: raw text and reason. */
  readonly rejects: string
  /** Daily cost by provider, service, region, sub-account, compartment, currency. */
  readonly dailyView: string
  /** Monthly cost, same dimensions. */
  readonly monthlyView: string
  /** Tags exploded to one row per (charge row, key, value). */
  readonly tagsView: string
}

/** `OCI_FOCUS` → `OCI_FOCUS_LOAD_LEDGER`, `OCI_FOCUS_REJECTS`, `OCI_FOCUS_DAILY_COST`, … */
export function tableNames(table: string = DEFAULT_TABLE): TableNames {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(table)) {
    throw new Error(
      `table name: must be a letter then letters, digits or _ (≤ 100), got ${JSON.stringify(table)}`,
    )
  }
  const t = table.toUpperCase()
  return {
    table: t,
    ledger: `${t}_LOAD_LEDGER`,
    rejects: `${t}_REJECTS`,
    dailyView: `${t}_DAILY_COST`,
    monthlyView: `${t}_MONTHLY_COST`,
    tagsView: `${t}_TAGS`,
  }
}

/** Columns of the load ledger (one row per source file, primary key SOURCE_FILE). */
export const LEDGER_COLUMNS: readonly ColumnDef[] = [
  lineage('SOURCE_FILE', 'varchar', false, OBJECT_NAME),
  lineage('FILE_IDENTITY', 'varchar', false, NAME),
  /** 'loaded' | 'failed' */
  lineage('STATUS', 'varchar', false, 16),
  lineage('DIALECT', 'varchar', true, 32),
  lineage('ROWS_LOADED', 'integer', false),
  lineage('ROWS_REJECTED', 'integer', false),
  lineage('FILE_BYTES', 'integer', true),
  lineage('STARTED_AT', 'timestamp', false),
  lineage('FINISHED_AT', 'timestamp', false),
  lineage('ERROR_CODE', 'varchar', true, 64),
  lineage('ERROR_MESSAGE', 'varchar', true, TEXT),
  lineage('ERROR_LINE', 'integer', true),
  lineage('ERROR_COLUMN', 'varchar', true, NAME),
  lineage('ERROR_VALUE', 'varchar', true, TEXT),
]

/** Columns of the rejects table (reject-rows mode). */
export const REJECT_COLUMNS: readonly ColumnDef[] = [
  lineage('SOURCE_FILE', 'varchar', false, OBJECT_NAME),
  lineage('SOURCE_LINE', 'integer', false),
  lineage('ERROR_CODE', 'varchar', false, 64),
  lineage('REASON', 'varchar', false, TEXT),
  lineage('COLUMN_NAME', 'varchar', true, NAME),
  /** The offending value; long values are cut to 4000 chars here, RAW_TEXT keeps everything. */
  lineage('VALUE', 'varchar', true, TEXT),
  /** The record's raw text as it stood in the file (CLOB-sized). */
  lineage('RAW_TEXT', 'text', false),
  lineage('REJECTED_AT', 'timestamp', false),
]

function lineage(name: string, type: LogicalType, nullable: boolean, length?: number): ColumnDef {
  const base = { name, type, nullable, origin: 'lineage' as const, sourceName: '' }
  return length === undefined ? base : { ...base, length }
}
