import { isAbsolute, resolve } from 'node:path'
import type { Sink } from '@oci-focus/loader'
import type { ParsedFlags } from '../args/parse.js'
import { CliError } from '../errors.js'
import type { CliEnv } from '../io.js'
import type { Redactor } from '../output/redact.js'

export type Target =
  | { readonly kind: 'duckdb'; readonly path: string; readonly table: string | undefined }
  | {
      readonly kind: 'oracle'
      readonly connectString: string
      readonly user: string
      readonly password: string
      readonly walletDir: string | undefined
      readonly walletPassword: string | undefined
      readonly table: string | undefined
    }

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/

/** `--target duckdb:PATH | oracle` plus the Oracle flags and secrets; usage errors name what is missing. */
export function targetFromFlags(flags: ParsedFlags, env: CliEnv, redactor: Redactor, cwd: string): Target {
  const password = env['ORACLE_PASSWORD']
  const walletPassword = env['ORACLE_WALLET_PASSWORD']
  redactor.add(password)
  redactor.add(walletPassword)

  const target = flags.string('target')
  const table = flags.string('table')
  if (table !== undefined && !TABLE_NAME.test(table)) {
    throw CliError.usage(
      `Invalid --table: expected a letter then letters, digits or _ (at most 100), got ${JSON.stringify(table)}`,
      { flag: 'table', value: table },
    )
  }
  if (target === undefined) {
    throw CliError.usage('Missing --target: expected duckdb:PATH or oracle, got none', { flag: 'target' })
  }
  if (target.startsWith('duckdb:')) {
    const path = target.slice('duckdb:'.length)
    if (path === '') {
      throw CliError.usage('Invalid --target: duckdb:PATH needs a file path, got "duckdb:"', {
        flag: 'target',
        value: target,
      })
    }
    return { kind: 'duckdb', path: isAbsolute(path) ? path : resolve(cwd, path), table }
  }
  if (target === 'oracle') {
    const connectString = flags.string('connect-string')
    const user = flags.string('user')
    const missing = [
      connectString === undefined && '--connect-string (or ORACLE_CONNECT_STRING)',
      user === undefined && '--user (or ORACLE_USER)',
      (password === undefined || password === '') && 'ORACLE_PASSWORD',
    ].filter((item): item is string => typeof item === 'string')
    if (missing.length > 0 || connectString === undefined || user === undefined || !password) {
      throw CliError.usage(`--target oracle: needs ${missing.join(', ')}, got them unset`, {
        flag: 'target',
        value: target,
      })
    }
    const walletDir = flags.string('wallet-dir')
    return {
      kind: 'oracle',
      connectString,
      user,
      password,
      walletDir:
        walletDir === undefined ? undefined : isAbsolute(walletDir) ? walletDir : resolve(cwd, walletDir),
      walletPassword: walletPassword === '' ? undefined : walletPassword,
      table,
    }
  }
  throw CliError.usage(`Invalid --target: expected duckdb:PATH or oracle, got ${JSON.stringify(target)}`, {
    flag: 'target',
    value: target,
  })
}

/** What a target is, for messages: never the password. */
export function describeTarget(target: Target): string {
  return target.kind === 'duckdb' ? `duckdb:${target.path}` : `oracle ${target.user}@${target.connectString}`
}

/**
 * Opens the sink. Each database driver is imported only when used, so an Oracle run never loads
 * DuckDB's native module and `--help` loads neither.
 */
export async function openSink(target: Target): Promise<Sink> {
  const table = target.table === undefined ? {} : { table: target.table }
  if (target.kind === 'duckdb') {
    const { createDuckDbSink } = await import('@oci-focus/loader/duckdb')
    return createDuckDbSink({ path: target.path, ...table })
  }
  const { createOracleSink } = await import('@oci-focus/loader')
  return createOracleSink({
    connectString: target.connectString,
    user: target.user,
    password: target.password,
    ...(target.walletDir === undefined ? {} : { walletDir: target.walletDir, configDir: target.walletDir }),
    ...(target.walletPassword === undefined ? {} : { walletPassword: target.walletPassword }),
    ...table,
  })
}
