import { LoadError } from '../errors.js'
import { DEFAULT_TABLE, type TableNames, tableNames } from '../schema.js'

/** Everything the Oracle sink creates for one canonical table, as validated UPPER_CASE names. */
export interface OracleNames extends TableNames {
  /** Tag key/value pairs, one row per (charge row, key), maintained on load (see ddl.ts). */
  readonly tagPairs: string
  readonly tableFileIndex: string
  readonly tagPairsFileIndex: string
  readonly rejectsFileIndex: string
  readonly ledgerPrimaryKey: string
}

// Unquoted-identifier rules (letter first, then letters, digits, _), 100 characters so every
// derived name (longest suffix `_TAG_PAIRS_FILE_IX`) stays within Oracle's 128-byte limit.
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,99}$/

/**
 * Validates the table option and derives every object name from it. Names only ever reach SQL
 * through this function and {@link quoteIdentifier}, so a table option cannot inject SQL.
 */
export function oracleNames(table: string = DEFAULT_TABLE): OracleNames {
  if (!IDENTIFIER.test(table)) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `Oracle table name: must be a letter followed by up to 99 letters, digits or _, got ${JSON.stringify(table)}`,
      { value: table },
    )
  }
  const names = tableNames(table)
  const t = names.table
  return {
    ...names,
    tagPairs: `${t}_TAG_PAIRS`,
    tableFileIndex: `${t}_FILE_IX`,
    tagPairsFileIndex: `${t}_TAG_PAIRS_FILE_IX`,
    rejectsFileIndex: `${t}_REJECTS_FILE_IX`,
    ledgerPrimaryKey: `${t}_LOAD_LEDGER_PK`,
  }
}

/**
 * `"NAME"`. Quoting keeps reserved words usable as table names (a table called `DATE` works);
 * the name is already validated and upper-cased, so quoted and unquoted spellings are the same object.
 */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Z][A-Z0-9_$#]*$/.test(name)) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `Oracle identifier: must be upper-case letters, digits or _, got ${JSON.stringify(name)}`,
      {
        value: name,
      },
    )
  }
  return `"${name}"`
}
