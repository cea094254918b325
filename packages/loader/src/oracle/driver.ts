/// <reference path="./oracledb.d.ts" />
/**
 * The slice of node-oracledb this sink uses, typed here because oracledb ships no TypeScript
 * types. Everything above this file talks to {@link OracleConnection}, so unit tests can hand the
 * sink a recording double at the driver boundary while production uses the real Thin driver.
 */

/** A database type constant (`oracledb.DB_TYPE_VARCHAR`, …); opaque to us. */
export interface OracleDbType {
  readonly name: string
}

/** One entry of `executeMany`'s `bindDefs`. */
export interface OracleBindDef {
  readonly type: OracleDbType
  /** Bytes; required for strings. */
  readonly maxSize?: number
}

export type OracleBindValue = string | number | null

export interface OracleExecuteOptions {
  readonly autoCommit: false
  readonly outFormat?: number
  /** Per-column fetch type overrides (by result column name). */
  readonly fetchInfo?: Readonly<Record<string, { readonly type: OracleDbType }>>
}

export interface OracleExecuteManyOptions {
  readonly autoCommit: false
  readonly bindDefs: readonly OracleBindDef[]
  readonly batchErrors?: boolean
}

export interface OracleResult {
  readonly rows?: readonly unknown[]
  readonly rowsAffected?: number
}

export interface OracleBatchError {
  readonly message: string
  readonly errorNum?: number
  /** Index of the failed row within the bound array. */
  readonly offset: number
}

export interface OracleManyResult {
  readonly rowsAffected?: number
  readonly batchErrors?: readonly OracleBatchError[]
}

/** The connection methods the sink calls. Every DML call passes `autoCommit: false`. */
export interface OracleConnection {
  execute(
    sql: string,
    binds?: readonly OracleBindValue[] | Readonly<Record<string, OracleBindValue>>,
    options?: OracleExecuteOptions,
  ): Promise<OracleResult>
  executeMany(
    sql: string,
    binds: readonly (readonly OracleBindValue[])[],
    options: OracleExecuteManyOptions,
  ): Promise<OracleManyResult>
  commit(): Promise<void>
  rollback(): Promise<void>
  close(): Promise<void>
}

/** Connection attributes as `oracledb.getConnection` takes them (Thin mode). */
export interface OracleConnectAttributes {
  readonly user: string
  readonly password: string
  readonly connectString: string
  readonly configDir?: string
  readonly walletLocation?: string
  readonly walletPassword?: string
  /** Seconds for the whole connect (TCP, TLS, logon). */
  readonly connectTimeout: number
  /** Seconds for the TCP connect of each address. */
  readonly transportConnectTimeout: number
}

/** The module-level part of node-oracledb the sink uses. */
export interface OracleDriver {
  getConnection(attributes: OracleConnectAttributes): Promise<OracleConnection>
  readonly DB_TYPE_VARCHAR: OracleDbType
  readonly DB_TYPE_NUMBER: OracleDbType
  readonly DB_TYPE_CLOB: OracleDbType
  readonly OUT_FORMAT_ARRAY: number
  readonly OUT_FORMAT_OBJECT: number
}

/**
 * Loads node-oracledb lazily, so importing '@oci-focus/loader' costs nothing for DuckDB-only users.
 * Thin mode is the default and the only mode we use: `initOracleClient` (Thick) is never called.
 */
export async function loadOracleDriver(): Promise<OracleDriver> {
  const module = await import('oracledb')
  return module.default
}

/** The Oracle error number of a driver error (`ORA-00955` → 955), or undefined. */
export function oracleErrorNumber(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const errorNum = (error as { errorNum?: unknown }).errorNum
  if (typeof errorNum === 'number' && errorNum > 0) return errorNum
  const match = /\bORA-(\d{5})\b/.exec((error as { message?: unknown }).message?.toString() ?? '')
  return match ? Number(match[1]) : undefined
}

/**
 * A driver error's text on one line: its lines joined, "Help: <url>" lines dropped
 * (`NJS-503: connection to host … could not be established. (CONNECTION_ID=…): connect ECONNREFUSED …`).
 */
export function driverMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const lines = raw
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('Help:'))
  return lines.join(': ') || raw
}

// Errors after which a connection is unusable: the sink drops it and reconnects on the next call.
const DEAD_CONNECTION =
  /\b(NJS-500|NJS-003|NJS-521|DPI-1010|DPI-1080|ORA-00028|ORA-01012|ORA-02396|ORA-03113|ORA-03114|ORA-03135)\b/

/** True when `error` (or its cause) says the connection is broken, closed or killed. */
export function isDeadConnectionError(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    current !== undefined && current !== null && depth < 4;
    depth++
  ) {
    const message = (current as { message?: unknown }).message
    if (typeof message === 'string' && DEAD_CONNECTION.test(message)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
