import {
  CANONICAL_COLUMNS,
  type ColumnDef,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  LEDGER_COLUMNS,
  REJECT_COLUMNS,
  type TableNames,
} from '../schema.js'

/** DuckDB DDL for the canonical table, ledger, rejects and the OAC/report views. */

export function duckDbType(column: ColumnDef): string {
  switch (column.type) {
    case 'decimal':
      return `DECIMAL(${DECIMAL_PRECISION},${DECIMAL_SCALE})`
    case 'timestamp':
      // Naive TIMESTAMP holding UTC: no session time zone can shift it (TIMESTAMPTZ renders in
      // the session zone and needs ICU).
      return 'TIMESTAMP'
    case 'json':
      return 'JSON'
    case 'integer':
      return 'BIGINT'
    default:
      return 'VARCHAR'
  }
}

function columnsDdl(columns: readonly ColumnDef[]): string {
  return columns.map((c) => `  ${c.name} ${duckDbType(c)}${c.nullable ? '' : ' NOT NULL'}`).join(',\n')
}

export function q(identifier: string): string {
  return `"${identifier}"`
}

export function schemaStatements(names: TableNames): string[] {
  const t = q(names.table)
  const money = `SUM(BILLED_COST) AS BILLED_COST,
  SUM(EFFECTIVE_COST) AS EFFECTIVE_COST,
  SUM(LIST_COST) AS LIST_COST,
  COUNT(*) AS ROW_COUNT`
  const dims = `PROVIDER_NAME, SERVICE_CATEGORY, SERVICE_NAME, REGION_ID, SUB_ACCOUNT_ID, SUB_ACCOUNT_NAME,
  OCI_COMPARTMENT_ID, OCI_COMPARTMENT_NAME, BILLING_CURRENCY`
  return [
    `CREATE TABLE IF NOT EXISTS ${t} (\n${columnsDdl(CANONICAL_COLUMNS)}\n)`,
    `CREATE TABLE IF NOT EXISTS ${q(names.ledger)} (\n${columnsDdl(LEDGER_COLUMNS)}\n)`,
    `CREATE TABLE IF NOT EXISTS ${q(names.rejects)} (\n${columnsDdl(REJECT_COLUMNS)}\n)`,
    `CREATE OR REPLACE VIEW ${q(names.dailyView)} AS
SELECT CAST(CHARGE_PERIOD_START AS DATE) AS CHARGE_DATE,
  ${dims},
  ${money}
FROM ${t}
GROUP BY ALL`,
    `CREATE OR REPLACE VIEW ${q(names.monthlyView)} AS
SELECT CAST(date_trunc('month', CHARGE_PERIOD_START) AS DATE) AS CHARGE_MONTH,
  ${dims},
  ${money}
FROM ${t}
GROUP BY ALL`,
    // One row per (charge row, tag). Summing costs here counts a row once per tag: filter on
    // one TAG_KEY before summing.
    `CREATE OR REPLACE VIEW ${q(names.tagsView)} AS
SELECT f.SOURCE_FILE, f.SOURCE_LINE, f.CHARGE_PERIOD_START, f.PROVIDER_NAME, f.SERVICE_NAME, f.REGION_ID,
  f.SUB_ACCOUNT_ID, f.OCI_COMPARTMENT_ID, f.OCI_COMPARTMENT_NAME, f.RESOURCE_ID, f.BILLING_CURRENCY,
  f.BILLED_COST, f.EFFECTIVE_COST, f.LIST_COST,
  e.key AS TAG_KEY,
  CASE WHEN e.type = 'VARCHAR' THEN json_extract_string(e.value, '$') ELSE CAST(e.value AS VARCHAR) END AS TAG_VALUE
FROM ${t} f, json_each(f.TAGS) e
WHERE f.TAGS IS NOT NULL`,
  ]
}
