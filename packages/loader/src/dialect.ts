import { LoadError } from './errors.js'
import { CHARGE_SUBCATEGORY, type ColumnDef, columnIndex, FOCUS_COLUMNS, OCI_COLUMNS } from './schema.js'

/**
 * FOCUS dialects and the header → canonical column mapping. Files are mapped by header NAME,
 * never by position (OCI's own loaders read by name with defaults for missing columns).
 */

export type Dialect = 'oci-focus' | 'focus-1.0' | 'focus-1.1' | 'focus-1.2'

export const DIALECTS: readonly Dialect[] = ['oci-focus', 'focus-1.0', 'focus-1.1', 'focus-1.2']

const DIALECT_LABEL: Readonly<Record<Dialect, string>> = {
  'oci-focus': 'an OCI FOCUS',
  'focus-1.0': 'a FOCUS 1.0',
  'focus-1.1': 'a FOCUS 1.1',
  'focus-1.2': 'a FOCUS 1.2',
}

/** OCI's 1.0-preview names (and its pre-1.0 ChargeSubcategory) → canonical column. */
export const OCI_ALIASES: Readonly<Record<string, string>> = {
  Provider: 'PROVIDER_NAME',
  Publisher: 'PUBLISHER_NAME',
  InvoiceIssuer: 'INVOICE_ISSUER_NAME',
  Region: 'REGION_ID',
  UsageQuantity: 'CONSUMED_QUANTITY',
  UsageUnit: 'CONSUMED_UNIT',
  ChargeSubcategory: CHARGE_SUBCATEGORY.name,
}

/** The 49 columns of an OCI FOCUS report, in OCI's order (reference/oci-focus-reports.md §4). */
export const OCI_FOCUS_HEADER: readonly string[] = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ChargeSubcategory',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountType',
  'EffectiveCost',
  'InvoiceIssuer',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'Provider',
  'Publisher',
  'Region',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'UsageQuantity',
  'UsageUnit',
  ...OCI_COLUMNS.map((c) => c.sourceName),
]

/** Mandatory FOCUS columns (identical in 1.0, 1.1 and 1.2; focus_columns_1.0-1.2.json). */
export const FOCUS_MANDATORY: readonly string[] = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
]

/**
 * Columns an OCI FOCUS file must carry: the FOCUS mandatory columns that exist in the
 * 1.0-preview set OCI follows, under OCI's names (ChargeClass and ContractedCost came in 1.0).
 */
export const OCI_MANDATORY: readonly string[] = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'EffectiveCost',
  'InvoiceIssuer',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'Provider',
  'Publisher',
  'ServiceCategory',
  'ServiceName',
]

/** Columns new in FOCUS 1.1 / 1.2: their presence dates a standard FOCUS file. */
const FOCUS_1_1_ONLY = [
  'CapacityReservationId',
  'CapacityReservationStatus',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountUnit',
  'ServiceSubcategory',
  'SkuMeter',
  'SkuPriceDetails',
]
const FOCUS_1_2_ONLY = [
  'BillingAccountType',
  'InvoiceId',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'SubAccountType',
]

/**
 * Row-level NOT NULL checks, applied in every dialect: without these values a row cannot be
 * attributed to a day or summed. Other FOCUS "not null" columns are left nullable on purpose:
 * OCI leaves BillingCurrency empty in zero-cost rows and FOCUS-Sample-Data has NULL ContractedCost.
 */
export const REQUIRED_VALUES: readonly string[] = [
  'BILLED_COST',
  'EFFECTIVE_COST',
  'CHARGE_PERIOD_START',
  'CHARGE_PERIOD_END',
]

interface NameEntry {
  readonly column: ColumnDef
  /** True when the name is an OCI-only spelling (marks the file as OCI FOCUS). */
  readonly oci: boolean
}

// Lower-cased header name → canonical column. Case-insensitive on purpose: the FOCUS 1.2 spec's
// own example files spell `SkuPriceid`; FOCUS column names are unique ignoring case.
const BY_NAME = new Map<string, NameEntry>()
for (const c of FOCUS_COLUMNS) BY_NAME.set(c.sourceName.toLowerCase(), { column: c, oci: false })
for (const [name, target] of Object.entries(OCI_ALIASES)) {
  BY_NAME.set(name.toLowerCase(), { column: columnAt(target), oci: true })
}
for (const c of OCI_COLUMNS) {
  BY_NAME.set(c.sourceName.toLowerCase(), { column: c, oci: true })
  // Some OCI test fixtures use the FOCUS-conformant `x_oci_…` spelling.
  BY_NAME.set(`x_${c.sourceName.toLowerCase()}`, { column: c, oci: true })
}

function columnAt(name: string): ColumnDef {
  const def = [...FOCUS_COLUMNS, CHARGE_SUBCATEGORY].find((c) => c.name === name)
  if (def === undefined) throw new Error(`alias target: must be a canonical column, got ${name}`)
  return def
}

/** How one file's header maps onto the canonical table. */
export interface HeaderMapping {
  readonly dialect: Dialect
  /** Header names as the file spells them (BOM and surrounding spaces removed). */
  readonly names: readonly string[]
  /** For each file column: the canonical column it fills, or undefined (→ X_COLUMNS). */
  readonly targets: readonly (ColumnDef | undefined)[]
  /** For each file column: the canonical column index, or -1 for unknown columns. */
  readonly targetIndexes: readonly number[]
  /** File columns that are not FOCUS/OCI columns; their values go to X_COLUMNS. */
  readonly unknown: readonly string[]
  /** Unknown columns whose name lacks the FOCUS `x_` prefix (warned about). */
  readonly unprefixed: readonly string[]
}

/** Reads a header record: detects the dialect, maps columns, refuses missing mandatory ones. */
export function mapHeader(rawNames: readonly string[], file: string): HeaderMapping {
  const names = rawNames.map((n, i) => (i === 0 ? n.replace(/^\uFEFF/, '') : n).trim())
  if (names.length === 0 || (names.length === 1 && names[0] === '')) {
    throw new LoadError('LOAD_EMPTY_FILE', `${file}: header: must name the columns, got an empty line`, {
      file,
      line: 1,
    })
  }
  const targets: (ColumnDef | undefined)[] = []
  const seen = new Map<string, string>()
  const unknown: string[] = []
  const unprefixed: string[] = []
  let known = 0
  let oci = false
  for (const name of names) {
    const entry = BY_NAME.get(name.toLowerCase())
    if (entry === undefined) {
      if (name === '') {
        throw new LoadError(
          'LOAD_UNKNOWN_DIALECT',
          `${file}: header: every column must have a name, got an empty one`,
          {
            file,
            line: 1,
          },
        )
      }
      if (unknown.includes(name)) {
        throw new LoadError(
          'LOAD_DUPLICATE_COLUMN',
          `${file}: header: column names must be unique, got ${name} twice`,
          {
            file,
            line: 1,
            column: name,
          },
        )
      }
      unknown.push(name)
      if (!name.startsWith('x_')) unprefixed.push(name)
      targets.push(undefined)
      continue
    }
    const previous = seen.get(entry.column.name)
    if (previous !== undefined) {
      throw new LoadError(
        'LOAD_DUPLICATE_COLUMN',
        `${file}: header: each column may appear once, got ${previous} and ${name} (both ${entry.column.name})`,
        { file, line: 1, column: name },
      )
    }
    seen.set(entry.column.name, name)
    known++
    if (entry.oci) oci = true
    targets.push(entry.column)
  }
  if (known === 0) {
    const legacy = names.some((n) => n.startsWith('lineItem/') || n.startsWith('cost/'))
    throw new LoadError(
      'LOAD_UNKNOWN_DIALECT',
      `${file}: header: must be an OCI FOCUS or FOCUS 1.0–1.2 header, got ${names.slice(0, 4).join(',')}…` +
        (legacy ? ' (this is a legacy OCI cost/usage report, not FOCUS)' : ''),
      { file, line: 1, value: names.join(',') },
    )
  }
  const present = new Set(names.map((n) => n.toLowerCase()))
  const has = (n: string) => present.has(n.toLowerCase())
  const dialect: Dialect = oci
    ? 'oci-focus'
    : FOCUS_1_2_ONLY.some(has)
      ? 'focus-1.2'
      : FOCUS_1_1_ONLY.some(has)
        ? 'focus-1.1'
        : 'focus-1.0'
  const mandatory = dialect === 'oci-focus' ? OCI_MANDATORY : FOCUS_MANDATORY
  const missing = mandatory.filter((n) => !has(n))
  if (missing.length > 0) {
    throw new LoadError(
      'LOAD_MISSING_COLUMNS',
      `${file}: header: ${DIALECT_LABEL[dialect]} file must have the mandatory columns, missing ${missing.join(', ')}`,
      { file, line: 1, column: missing.join(',') },
    )
  }
  return {
    dialect,
    names,
    targets,
    targetIndexes: targets.map((t) => (t === undefined ? -1 : columnIndex(t.name))),
    unknown,
    unprefixed,
  }
}
