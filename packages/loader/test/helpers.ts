import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDuckDbSink, type DuckDbSink } from '../src/duckdb.js'
import { DECIMAL_SCALE } from '../src/schema.js'

/** The repository root (this file lives in packages/loader/test). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * The public samples and the OCI sample row, vendored under test/fixtures/shared with their
 * attribution (CC-BY-4.0 / MIT / UPL-1.0), so `npm test` runs from a clone alone. The layout mirrors
 * the project's shared/ folder; samples.test.ts checks the copies still equal shared/ when it is there.
 */
export const fixturesShared = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shared')

/** Where the project's shared/ folder sits when present: beside the repository. */
export const projectShared = resolve(repoRoot, '../shared')

export function sharedDir(): string {
  if (!existsSync(join(fixturesShared, 'samples', 'focus-public'))) {
    throw new Error(`test fixtures: must exist at ${fixturesShared}/samples/focus-public, got nothing`)
  }
  return fixturesShared
}

export function samplePath(...parts: string[]): string {
  return join(sharedDir(), 'samples', 'focus-public', ...parts)
}

/** A fresh temp folder and a DuckDB sink on a file inside it; `cleanup` closes and deletes both. */
export async function tempDuckDb(
  options: { table?: string; ingest?: 'staged-csv' | 'appender' } = {},
): Promise<{
  dir: string
  dbPath: string
  sink: DuckDbSink
  cleanup: () => Promise<void>
}> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-focus-loader-'))
  const dbPath = join(dir, 'focus.duckdb')
  const sink = createDuckDbSink({ path: dbPath, ...options })
  return {
    dir,
    dbPath,
    sink,
    cleanup: async () => {
      await sink.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Exact decimal text normalized for comparison: no '+', no trailing fraction zeros, '-0' → '0'. */
export function normDecimal(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim())
  if (m === null) throw new Error(`normDecimal: must be a plain decimal, got ${text}`)
  const integer = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  const body = fraction === '' ? integer : `${integer}.${fraction}`
  return m[1] === '-' && /[1-9]/.test(body) ? `-${body}` : body
}

/** Exact sum of decimal strings with BigInt (test oracle independent of the database). */
export function sumDecimals(values: readonly string[]): string {
  let total = 0n
  for (const v of values) {
    const [i = '0', f = ''] = normDecimal(v).replace('-', '').split('.')
    const scaled = BigInt(i + f.padEnd(DECIMAL_SCALE, '0'))
    total += v.trim().startsWith('-') ? -scaled : scaled
  }
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(DECIMAL_SCALE + 1, '0')
  return normDecimal(
    `${negative ? '-' : ''}${digits.slice(0, -DECIMAL_SCALE)}.${digits.slice(-DECIMAL_SCALE)}`,
  )
}
