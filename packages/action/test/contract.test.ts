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
})
