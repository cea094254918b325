import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'

const exec = promisify(execFile)
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))

let cwd: string

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'oci-focus-demo-'))
})

afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true })
})

// A whole demo is several seconds of real work; a loaded CI machine gets generous room.
const DEMO_TIMEOUT = 180_000

describe('oci-focus demo', () => {
  it(
    'runs the daily job three times: everything, then nothing, then exactly the late and rewritten files',
    async () => {
      const run = await runCli(['demo', '--json'], { cwd, env: {} })
      expect(run.code, run.stderr).toBe(0)
      const document = JSON.parse(run.stdout)
      const [first, second, third] = document.steps
      expect(first.copy.copied).toBeGreaterThan(0)
      expect(first.copy.failed).toBe(0)
      expect(first.load.loaded).toBe(first.copy.copied)
      expect(second.copy).toMatchObject({ copied: 0, failed: 0, skipped: first.copy.copied })
      expect(second.load).toMatchObject({ loaded: 0, failed: 0, skipped: first.copy.copied })
      // One late file (a new name) and one rewrite (a recopy of an existing name).
      expect(third.copy).toMatchObject({ copied: 2, failed: 0 })
      expect(third.load).toMatchObject({ loaded: 2, failed: 0 })
      expect(document.pickedUp.map((p: { action: string }) => p.action).sort()).toEqual(['copy', 'recopy'])
      expect(document.matchesGenerator).toBe(true)
      expect(existsSync(join(cwd, 'oci-focus-demo.duckdb'))).toBe(true)
      const html = await readFile(join(cwd, 'oci-focus-report.html'), 'utf8')
      expect(html).toMatch(/^<!doctype html>/i)
      expect(html).toContain('<svg')
      // Nothing else is left behind in the working folder.
      expect((await readdir(cwd)).sort()).toEqual(['oci-focus-demo.duckdb', 'oci-focus-report.html'])

      // The report command reads the same database.
      const report = await runCli(
        ['report', '--target', 'duckdb:oci-focus-demo.duckdb', '--out', 'costs.html'],
        {
          cwd,
          env: {},
        },
      )
      expect(report.code, report.stderr).toBe(0)
      // 21 files, the late one, and the rewrite replacing its first version under the same name.
      expect(report.stdout).toMatch(
        /billed [\d,.]+ USD.* across 8 services; ledger: 22 files loaded, 0 failed/,
      )
      const costs = await readFile(join(cwd, 'costs.html'), 'utf8')
      expect(costs).toContain('<svg')
      expect(costs).not.toMatch(/<script|https?:\/\//)
    },
    DEMO_TIMEOUT,
  )

  it('report exits 2 when the DuckDB file does not exist (instead of creating an empty one)', async () => {
    const run = await runCli(['report', '--target', 'duckdb:missing.duckdb'], { cwd, env: {} })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('missing.duckdb')
    expect(existsSync(join(cwd, 'missing.duckdb'))).toBe(false)
  })

  it('refuses to replace a --db file that is not a DuckDB database', async () => {
    const precious = join(cwd, 'precious.txt')
    await writeFile(precious, 'do not delete me, I am not a database')
    const run = await runCli(['demo', '--db', precious], { cwd, env: {} })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--db')
    expect(await readFile(precious, 'utf8')).toContain('do not delete me')
  })

  it(
    'as a child process (the built bin): prints the step tables and cost summary, exits 0 and leaves no process behind',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'oci-focus-demo-bin-'))
      try {
        // execFile resolves only once the process has exited: a running emulator would keep it alive.
        const { stdout } = await exec(
          process.execPath,
          [BIN, 'demo', '--db', 'costs.duckdb', '--out', 'out/costs.html'],
          {
            cwd: dir,
            env: { PATH: process.env['PATH'] ?? '', HOME: dir },
            timeout: DEMO_TIMEOUT - 10_000,
          },
        )
        expect(stdout).toContain('1. first run')
        expect(stdout).toContain('2. second run')
        expect(stdout).toContain('3. after late + rewrite')
        expect(stdout).toContain('Billed cost by service and charge day')
        expect(stdout).toMatch(/✓ [\d,]+ rows, billed [\d,.]+: equal/)
        expect((await stat(join(dir, 'out', 'costs.html'))).size).toBeGreaterThan(1000)
        expect(existsSync(join(dir, 'costs.duckdb'))).toBe(true)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    DEMO_TIMEOUT,
  )
})
