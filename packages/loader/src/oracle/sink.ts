import { LoadError } from '../errors.js'
import type { FileLoad, LedgerEntry, Sink } from '../sink/types.js'
import { type LoadStatements, loadStatements } from './binds.js'
import {
  driverMessage,
  isDeadConnectionError,
  loadOracleDriver,
  type OracleConnectAttributes,
  type OracleConnection,
  type OracleDriver,
  oracleErrorNumber,
} from './driver.js'
import { ensureOracleSchema } from './ensure.js'
import { type OracleNames, oracleNames, quoteIdentifier as q } from './names.js'
import { ledgerEntryFromRow, ledgerSelectSql, oracleReportQueries, queryRows } from './reports.js'
import {
  DEFAULT_ROWS_PER_EXECUTE,
  loadFileInTransaction,
  recordFailureInTransaction,
  type TransactionContext,
} from './transaction.js'

/** Options of {@link createOracleSink}. Secrets are used to connect and never appear in errors. */
export interface OracleSinkOptions {
  /**
   * EZConnect (`host:1521/service`), a full descriptor (one-way TLS to ADB: `(description=…
   * (protocol=tcps)…)`), or a tnsnames.ora alias (`mydb_high`, with `configDir`/`walletDir`).
   */
  connectString: string
  user: string
  password: string
  /** ADB wallet folder holding `ewallet.pem` (mTLS); also the tnsnames.ora folder unless `configDir` is set. */
  walletDir?: string
  /** The wallet's own password (set when the wallet was downloaded; not the database password). */
  walletPassword?: string
  /** Folder holding tnsnames.ora (defaults to `walletDir`). */
  configDir?: string
  /** Canonical table name (default OCI_FOCUS); ledger, rejects and views are named after it. */
  table?: string
  /** Seconds to wait for a connection (TCP + TLS + logon); default 30. */
  connectTimeoutSeconds?: number
  /** Rows per `executeMany` call; default 5,000 (loader batches larger than this are split). */
  rowsPerExecute?: number
  /** Where a degraded setup is reported (e.g. no partitioning); default silent. */
  logger?: { warn(message: string): void }
}

/** Test seam: the driver to use instead of node-oracledb (a double at the driver boundary). */
export interface OracleSinkInternals {
  readonly driver?: OracleDriver
  readonly now?: () => Date
}

/** A connect string with any `user/password@` prefix removed, for messages. */
export function describeConnectString(connectString: string): string {
  const at = connectString.lastIndexOf('@')
  const shown =
    at >= 0 && connectString.slice(0, at).includes('/') ? connectString.slice(at + 1) : connectString
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown
}

/** Removes every occurrence of each secret from a driver message. */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message
  for (const secret of secrets) {
    if (secret !== undefined && secret.length > 0) out = out.split(secret).join('***')
  }
  return out
}

function validateOptions(options: OracleSinkOptions): void {
  const missing = (['connectString', 'user', 'password'] as const).filter(
    (key) => typeof options[key] !== 'string' || options[key].length === 0,
  )
  if (missing.length > 0) {
    throw new LoadError('LOAD_INVALID_OPTION', `Oracle sink: ${missing.join(', ')} must be set, got nothing`)
  }
  const timeout = options.connectTimeoutSeconds
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1)) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `Oracle connectTimeoutSeconds: must be a positive integer, got ${timeout}`,
      {
        value: String(timeout),
      },
    )
  }
  const rows = options.rowsPerExecute
  if (rows !== undefined && (!Number.isInteger(rows) || rows < 1 || rows > 65_535)) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `Oracle rowsPerExecute: must be an integer from 1 to 65535, got ${rows}`,
      {
        value: String(rows),
      },
    )
  }
}

/** The attributes handed to `oracledb.getConnection` (wallet options only when given). */
export function connectAttributes(options: OracleSinkOptions): OracleConnectAttributes {
  const timeout = options.connectTimeoutSeconds ?? 30
  const configDir = options.configDir ?? options.walletDir
  return {
    user: options.user,
    password: options.password,
    connectString: options.connectString,
    ...(configDir === undefined ? {} : { configDir }),
    ...(options.walletDir === undefined ? {} : { walletLocation: options.walletDir }),
    ...(options.walletPassword === undefined ? {} : { walletPassword: options.walletPassword }),
    connectTimeout: timeout,
    transportConnectTimeout: timeout,
  }
}

/**
 * The Oracle sink (node-oracledb in Thin mode: no Oracle Client libraries). Connects lazily on
 * first use with one connection, which {@link Sink.close} releases. Works with Autonomous Database
 * over mTLS (wallet) or one-way TLS, and with any Oracle Database 19c or later.
 */
export function createOracleSink(options: OracleSinkOptions): Sink {
  return createOracleSinkWith(options, {})
}

/** {@link createOracleSink} with injectable internals (tests). */
export function createOracleSinkWith(options: OracleSinkOptions, internals: OracleSinkInternals): Sink {
  validateOptions(options)
  const names: OracleNames = oracleNames(options.table)
  const statements: LoadStatements = loadStatements(names)
  const rowsPerExecute = options.rowsPerExecute ?? DEFAULT_ROWS_PER_EXECUTE
  const secrets = [options.password, options.walletPassword]
  let driverPromise: Promise<OracleDriver> | undefined
  let connectionPromise: Promise<OracleConnection> | undefined
  let closed = false

  const driver = (): Promise<OracleDriver> => {
    driverPromise ??= internals.driver ? Promise.resolve(internals.driver) : loadOracleDriver()
    return driverPromise
  }

  const connect = async (): Promise<OracleConnection> => {
    const oracledb = await driver()
    try {
      return await oracledb.getConnection(connectAttributes(options))
    } catch (error) {
      const raw = driverMessage(error)
      const num = oracleErrorNumber(error)
      const hint =
        num === 1017
          ? ' (check the user and password)'
          : options.walletDir !== undefined && /wallet|pem|certificate|ssl|tls/i.test(raw)
            ? ' (check the wallet folder and wallet password)'
            : ''
      // The driver's error is not kept as `cause`: it is not ours to vouch for secrets-free.
      throw new LoadError(
        'LOAD_SINK_ERROR',
        `Oracle connection: could not connect as ${options.user} to ${describeConnectString(options.connectString)}${hint}: ` +
          redact(raw, secrets),
      )
    }
  }

  const connection = (): Promise<OracleConnection> => {
    if (closed) {
      return Promise.reject(
        new LoadError('LOAD_SINK_ERROR', 'Oracle sink: must not be used after close(), got a call'),
      )
    }
    if (connectionPromise === undefined) {
      const pending = connect()
      connectionPromise = pending
      // A failed connect is retried by the next call rather than remembered forever.
      pending.catch(() => {
        if (connectionPromise === pending) connectionPromise = undefined
      })
    }
    return connectionPromise
  }

  /**
   * Runs `work`; when it fails because the connection died (network cut, session killed, ADB
   * idle timeout), forgets the connection so the next call reconnects instead of failing forever.
   */
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      if (isDeadConnectionError(error) && connectionPromise !== undefined) {
        const dead = connectionPromise
        connectionPromise = undefined
        dead.then((conn) => conn.close()).catch(() => undefined)
      }
      throw error
    }
  }

  const lobFallback = { enabled: false }
  const transaction = async (): Promise<TransactionContext> => ({
    connection: await connection(),
    driver: await driver(),
    statements,
    rowsPerExecute,
    lobFallback,
    ...(options.logger ? { warn: (message: string) => options.logger?.warn(message) } : {}),
    ...(internals.now ? { now: internals.now } : {}),
  })

  const queryContext = { connection, driver, names, guard: guarded }

  return {
    kind: 'oracle',
    names,
    async ensureSchema(ensureOptions?: { signal?: AbortSignal }): Promise<void> {
      await guarded(async () =>
        ensureOracleSchema(await connection(), await driver(), names, {
          ...(options.logger ? { warn: (message: string) => options.logger?.warn(message) } : {}),
          ...(ensureOptions?.signal ? { signal: ensureOptions.signal } : {}),
        }),
      )
    },
    async getLedgerEntry(file: string): Promise<LedgerEntry | undefined> {
      const rows = await queryRows(
        queryContext,
        'read ledger',
        `${ledgerSelectSql(names)} WHERE ${q('SOURCE_FILE')} = :1`,
        [file],
      )
      const row = rows[0]
      return row === undefined ? undefined : ledgerEntryFromRow(row)
    },
    async listLedger(): Promise<LedgerEntry[]> {
      const rows = await queryRows(
        queryContext,
        'read ledger',
        `${ledgerSelectSql(names)} ORDER BY ${q('SOURCE_FILE')}`,
        [],
      )
      return rows.map(ledgerEntryFromRow)
    },
    async loadFile(load: FileLoad): Promise<LedgerEntry> {
      return guarded(async () => loadFileInTransaction(await transaction(), load))
    },
    async recordFailure(failure: LedgerEntry): Promise<void> {
      await guarded(async () => recordFailureInTransaction(await transaction(), failure))
    },
    reports: oracleReportQueries(queryContext),
    async close(): Promise<void> {
      if (closed) return
      closed = true
      const pending = connectionPromise
      connectionPromise = undefined
      if (pending === undefined) return
      let conn: OracleConnection
      try {
        conn = await pending
      } catch {
        return // never connected: nothing to release
      }
      try {
        // Closing rolls back anything uncommitted; every load commits or rolls back before returning.
        await conn.close()
      } catch (error) {
        throw new LoadError(
          'LOAD_SINK_ERROR',
          `Oracle connection: close failed: ${redact(driverMessage(error), secrets)}`,
        )
      }
    },
  }
}
