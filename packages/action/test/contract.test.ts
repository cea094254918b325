import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { COPY_INPUTS, LOAD_INPUTS, SECRET_INPUTS } from '../src/inputs.js'
import { COPY_OUTPUTS, LOAD_OUTPUTS } from '../src/outputs.js'

const run = promisify(execFile)
const packageDir = join(import.meta.dirname, '..')

interface ActionSpec {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}
const spec = (file: string): ActionSpec => parse(readFileSync(join(packageDir, file), 'utf8')) as ActionSpec

describe.each([
  { file: 'action.yml', inputs: COPY_INPUTS, outputs: COPY_OUTPUTS, main: 'dist/copy.js' },
  { file: 'load/action.yml', inputs: LOAD_INPUTS, outputs: LOAD_OUTPUTS, main: 'dist/load.js' },
])('$file', ({ file, inputs, outputs, main }) => {
  const action = spec(file)

  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(inputs).sort())
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(outputs).sort())
  })

  it('runs the shared bundle on node24', () => {
    expect(action.runs.using).toBe('node24')
    expect(join(file, '..', action.runs.main)).toBe(main)
    expect(existsSync(join(packageDir, main))).toBe(true)
  })

  it('gives no secret input a default and says it is masked', () => {
    for (const name of SECRET_INPUTS.filter((secret) => secret in action.inputs)) {
      expect(action.inputs[name]?.default, name).toBeUndefined()
      expect(action.inputs[name]?.description, name).toMatch(/masked/i)
    }
  })
})

describe('bundle', () => {
  it('holds no DuckDB and no native addon, and loads CommonJS dependencies through createRequire', () => {
    const files = readdirSync(join(packageDir, 'dist'), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.js'),
    )
    expect(files).toEqual(expect.arrayContaining(['copy.js', 'load.js']))
    for (const file of files) {
      const code = readFileSync(join(packageDir, 'dist', file), 'utf8')
      expect(code, file).not.toMatch(/@duckdb\/|\.node['"]\)/)
      expect(
        code.startsWith("import { createRequire as __ociFocusCreateRequire } from 'node:module';"),
        file,
      ).toBe(true)
    }
  })
})

describe('README', () => {
  it('has inputs/outputs tables in sync with the action.yml files', async () => {
    const { stdout } = await run(process.execPath, [join(packageDir, 'scripts/docs.mjs'), '--check'])
    expect(stdout).toContain('up to date')
  })

  it('fails the check when a table drifts from action.yml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'action-readme-'))
    try {
      const stale = join(dir, 'README.md')
      const readme = readFileSync(join(packageDir, 'README.md'), 'utf8')
      writeFileSync(stale, readme.replace('| `dest-bucket` | yes |', '| `dest-bucket` | no |'))
      const result = run(process.execPath, [join(packageDir, 'scripts/docs.mjs'), '--check', stale])
      await expect(result).rejects.toMatchObject({ code: 1 })
      await expect(result).rejects.toThrow(/out of date with action.yml/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('workflows', () => {
  it('every workflow and both action.yml files pass the offline validator', async () => {
    const { stdout } = await run(process.execPath, [join(packageDir, 'scripts/validate-workflows.mjs')])
    for (const file of [
      '.github/workflows/focus-export.yml',
      '.github/workflows/focus-backfill.yml',
      'packages/action/action.yml',
      'packages/action/load/action.yml',
    ]) {
      expect(stdout).toContain(`ok      ${file}`)
    }
  })

  it('the daily export may mint OIDC tokens, never overlaps, and looks back 3 days', () => {
    const workflow = parse(readFileSync(join(packageDir, '../../.github/workflows/focus-export.yml'), 'utf8'))
    expect(workflow.concurrency).toEqual({ group: 'focus-export', 'cancel-in-progress': false })
    expect(workflow.jobs.export.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    const steps = workflow.jobs.export.steps.map((step: { uses?: string }) => step.uses)
    expect(steps).toEqual(['actions/checkout@v4', './packages/action', './packages/action/load'])
    expect(workflow.jobs.export.steps[1].with['lookback-days']).toContain("'3'")
  })

  describe('focus-backfill.yml splits the range into calendar months', () => {
    const workflow = parse(
      readFileSync(join(packageDir, '../../.github/workflows/focus-backfill.yml'), 'utf8'),
    )
    const step = workflow.jobs.plan.steps.find((s: { id?: string }) => s.id === 'split') as { run: string }
    const script = /<<'JS'\n([\s\S]*?)\nJS/.exec(step.run)?.[1] ?? ''

    async function split(
      from: string,
      to: string,
    ): Promise<{ code: number; chunks?: unknown; stdout: string }> {
      const dir = await mkdtemp(join(tmpdir(), 'action-split-'))
      try {
        const out = join(dir, 'output')
        writeFileSync(out, '')
        const result = await run(process.execPath, ['--input-type=module', '-e', script], {
          env: { PATH: process.env['PATH'] ?? '', FROM: from, TO: to, GITHUB_OUTPUT: out },
        }).then(
          (ok) => ({ code: 0, stdout: ok.stdout }),
          (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
        )
        const line = readFileSync(out, 'utf8').trim()
        return line === '' ? result : { ...result, chunks: JSON.parse(line.replace(/^chunks=/, '')) }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }

    it('validation: rejects impossible days and reversed ranges', async () => {
      expect(await split('2026-02-30', '2026-03-01')).toMatchObject({ code: 1 })
      expect((await split('2026-02-30', '2026-03-01')).stdout).toContain('::error::from: must be a UTC day')
      expect((await split('2026-03-02', '2026-03-01')).stdout).toContain('::error::from must not be after to')
    })

    it('cuts at month ends, keeping the partial first and last months', async () => {
      expect(script).not.toBe('')
      expect((await split('2025-12-15', '2026-03-02')).chunks).toEqual([
        { name: '2025-12', from: '2025-12-15', to: '2025-12-31' },
        { name: '2026-01', from: '2026-01-01', to: '2026-01-31' },
        { name: '2026-02', from: '2026-02-01', to: '2026-02-28' },
        { name: '2026-03', from: '2026-03-01', to: '2026-03-02' },
      ])
      expect((await split('2028-02-10', '2028-02-29')).chunks).toEqual([
        { name: '2028-02', from: '2028-02-10', to: '2028-02-29' },
      ])
    })
  })
})
