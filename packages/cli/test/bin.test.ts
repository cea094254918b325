import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { CLI_COMMANDS, COMMAND_NAMES, flagsOf } from '../src/args/spec.js'

const exec = promisify(execFile)
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url))

async function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('dist/bin.js', () => {
  it('starts with a node shebang', async () => {
    expect((await readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true)
  })

  it.each(COMMAND_NAMES)('prints %s --help documenting every flag, exit 0', async (name) => {
    const run = await bin([name, '--help'])
    expect(run.code).toBe(0)
    for (const flag of flagsOf(CLI_COMMANDS[name])) expect(run.stdout).toContain(`--${flag.name}`)
  })

  it('exits 2 on an unknown flag and on a bad date, naming flag and value', async () => {
    const unknown = await bin(['copy', '--dest-bucket', 'b', '--lookback', '3'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--lookback')
    const date = await bin(['copy', '--dest-bucket', 'b', '--date', '2025-02-29'])
    expect(date.code).toBe(2)
    expect(date.stderr).toContain('--date')
    expect(date.stderr).toContain('"2025-02-29"')
  })

  it('exits 2 with a clear message when no credentials are configured', async () => {
    const run = await bin(['copy', '--dest-bucket', 'b'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('No OCI credentials')
  })
})
