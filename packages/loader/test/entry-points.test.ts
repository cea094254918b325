import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src')

/** Every bare (package) specifier reachable from an entry through relative imports, type-only excluded. */
function packagesReachable(entry: string): Set<string> {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (m[1] !== undefined) continue // `import type` is erased
      const spec = m[2] as string
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')))
      else packages.add(spec)
    }
    for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) packages.add(m[1] as string)
  }
  visit(entry)
  return packages
}

describe('entry points', () => {
  test("'@oci-focus/loader' never reaches @duckdb/node-api (the action bundle stays free of native DuckDB)", () => {
    const reached = packagesReachable(join(src, 'index.ts'))
    expect(reached.has('csv-parse')).toBe(true)
    expect([...reached].filter((p) => p.startsWith('@duckdb/'))).toEqual([])
  })

  test("'@oci-focus/loader/duckdb' is where DuckDB lives", () => {
    expect(packagesReachable(join(src, 'duckdb.ts')).has('@duckdb/node-api')).toBe(true)
  })
})
