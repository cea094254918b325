/**
 * Creates whatever is missing, never touching existing data: tables and indexes are looked up in
 * USER_TABLES / USER_INDEXES first (and ORA-00955 from a concurrent run is taken as "exists");
 * views are `CREATE OR REPLACE`d on every run, so they follow the code. DDL commits implicitly in
 * Oracle, which is why this runs before, never inside, a file's load transaction.
 */
import { LoadError } from '../errors.js'
import { type SchemaObject, schemaObjects } from './ddl.js'
import { type OracleConnection, type OracleDriver, oracleErrorNumber } from './driver.js'
import type { OracleNames } from './names.js'
import { sinkError } from './transaction.js'

/** ORA-00955: name is already used by an existing object. */
const ORA_NAME_IN_USE = 955
/** ORA-01408: such column list already indexed (an equivalent index exists under another name). */
const ORA_COLUMNS_ALREADY_INDEXED = 1408
/** ORA-00439: feature not enabled (Partitioning on editions or services without it). */
const ORA_FEATURE_NOT_ENABLED = 439

export interface EnsureResult {
  /** Objects this call created (views are listed every time they are replaced). */
  readonly created: readonly string[]
  /** True/false when this call created the table; undefined when it already existed. */
  readonly partitioned: boolean | undefined
}

export interface EnsureOptions {
  readonly warn?: (message: string) => void
  readonly signal?: AbortSignal
}

async function existingNames(
  connection: OracleConnection,
  driver: Pick<OracleDriver, 'OUT_FORMAT_ARRAY'>,
  dictionary: 'USER_TABLES' | 'USER_INDEXES',
  column: 'TABLE_NAME' | 'INDEX_NAME',
  names: readonly string[],
): Promise<Set<string>> {
  if (names.length === 0) return new Set()
  const placeholders = names.map((_, i) => `:${i + 1}`).join(', ')
  const sql = `SELECT ${column} FROM ${dictionary} WHERE ${column} IN (${placeholders})`
  try {
    const result = await connection.execute(sql, names, {
      autoCommit: false,
      outFormat: driver.OUT_FORMAT_ARRAY,
    })
    return new Set((result.rows ?? []).map((row) => String((row as readonly unknown[])[0])))
  } catch (error) {
    throw sinkError(error, `read ${dictionary}`)
  }
}

async function create(
  connection: OracleConnection,
  object: SchemaObject,
  sql: string,
): Promise<'created' | 'exists'> {
  try {
    await connection.execute(sql, [], { autoCommit: false })
    return 'created'
  } catch (error) {
    const num = oracleErrorNumber(error)
    if (num === ORA_NAME_IN_USE || (object.kind === 'index' && num === ORA_COLUMNS_ALREADY_INDEXED))
      return 'exists'
    throw error
  }
}

export async function ensureOracleSchema(
  connection: OracleConnection,
  driver: Pick<OracleDriver, 'OUT_FORMAT_ARRAY'>,
  names: OracleNames,
  options: EnsureOptions = {},
): Promise<EnsureResult> {
  const objects = schemaObjects(names)
  const tables = await existingNames(
    connection,
    driver,
    'USER_TABLES',
    'TABLE_NAME',
    objects.filter((o) => o.kind === 'table').map((o) => o.name),
  )
  const indexes = await existingNames(
    connection,
    driver,
    'USER_INDEXES',
    'INDEX_NAME',
    objects.filter((o) => o.kind === 'index').map((o) => o.name),
  )
  const created: string[] = []
  let partitioned: boolean | undefined
  for (const object of objects) {
    if (options.signal?.aborted) {
      throw new LoadError(
        'LOAD_ABORTED',
        `Oracle schema: aborted before creating ${object.name}`,
        {},
        {
          cause: options.signal.reason,
        },
      )
    }
    if (object.kind === 'table' && tables.has(object.name)) continue
    if (object.kind === 'index' && indexes.has(object.name)) continue
    try {
      let outcome: 'created' | 'exists'
      try {
        outcome = await create(connection, object, object.sql)
        if (object.fallbackSql !== undefined && outcome === 'created') partitioned = true
      } catch (error) {
        if (object.fallbackSql === undefined || oracleErrorNumber(error) !== ORA_FEATURE_NOT_ENABLED)
          throw error
        options.warn?.(
          `Oracle table ${names.table}: partitioning is not enabled on this database (ORA-00439); ` +
            'creating it without monthly partitions',
        )
        outcome = await create(connection, object, object.fallbackSql)
        if (outcome === 'created') partitioned = false
      }
      if (outcome === 'created') created.push(object.name)
    } catch (error) {
      throw sinkError(error, `create ${object.kind} ${object.name}`)
    }
  }
  return { created, partitioned }
}
