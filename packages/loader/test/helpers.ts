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
 * The shared reference/sample folder. CI clones the repo with `shared/` beside it, i.e. at
 * `<repoRoot>/../shared`; fail loudly instead of skipping when it is missing.
 */
export function sharedDir(): string {
  const dir = resolve(repoRoot, '../shared')
  if (!existsSync(join(dir, 'samples', 'focus-public'))) {
    throw new Error(
      `shared samples: must exist at ${dir}/samples/focus-public (clone shared/ beside the repository), got nothing`,
    )
  }
  return dir
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
