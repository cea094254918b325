import { describe, expect, it } from 'vitest'
import { COMMAND_NAMES } from '../src/args/spec.js'
import { runCli } from './helpers.js'

describe('oci-focus (no command work)', () => {
  it('lists the commands with --help and exits 0', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    for (const name of COMMAND_NAMES) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
  })

  it('prints the version', async () => {
    const run = await runCli(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('exits 2 with the help on stderr when no command is given', async () => {
    const run = await runCli([])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('Commands:')
  })

  it('exits 2 on an unknown command, naming it', async () => {
    const run = await runCli(['cpy'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('"cpy"')
  })

  it.each(COMMAND_NAMES)(
    'prints help for %s (also via `help %s`) and exits 0 whatever else is given',
    async (name) => {
      const run = await runCli([name, '--date', 'nonsense', '--help'])
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`oci-focus ${name} — `)
      expect((await runCli(['help', name])).stdout).toBe(run.stdout)
    },
  )

  it('exits 2 on a bad date, naming the flag and the value', async () => {
    const run = await runCli(['copy', '--dest-bucket', 'b', '--from', '2025-13-01'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('--from')
    expect(run.stderr).toContain('"2025-13-01"')
    expect(run.stderr).toContain('oci-focus copy --help')
  })

  it('with --json, answers a usage error as one JSON document on stdout', async () => {
    const run = await runCli(['copy', '--json', '--dest-bucket', 'b', '--bogus'])
    expect(run.code).toBe(2)
    const document = JSON.parse(run.stdout)
    expect(document).toMatchObject({ command: 'copy', ok: false, exitCode: 2, error: { code: 'CLI_USAGE' } })
    expect(document.error.message).toContain('--bogus')
  })
})
