import { describe, expect, it } from 'vitest'
import { renderCommandHelp, renderMarkdownReference } from '../src/args/help.js'
import { parseCommandArgs } from '../src/args/parse.js'
import { CLI_COMMANDS, COMMAND_NAMES, type FlagSpec, flagsOf } from '../src/args/spec.js'
import { isCliError } from '../src/errors.js'

/** A value each kind of flag accepts. */
function validValue(flag: FlagSpec): string | undefined {
  switch (flag.kind) {
    case 'boolean':
      return undefined
    case 'date':
      return '2025-04-05'
    case 'integer':
      return String(Math.max(1, flag.min ?? 0))
    case 'choice':
      return flag.choices?.[0]
    case 'string':
      return 'x'
  }
}

function usageError(fn: () => unknown): {
  message: string
  flag: string | undefined
  value: string | undefined
} {
  try {
    fn()
  } catch (error) {
    if (isCliError(error) && error.code === 'CLI_USAGE')
      return { message: error.message, flag: error.flag, value: error.value }
    throw error
  }
  throw new Error('expected a usage error, got none')
}

describe('the command table', () => {
  it.each(COMMAND_NAMES)('declares each flag of %s once, with a description', (name) => {
    const flags = flagsOf(CLI_COMMANDS[name])
    const names = flags.map((flag) => flag.name)
    expect(new Set(names).size).toBe(names.length)
    for (const flag of flags) {
      expect(flag.description.length, flag.name).toBeGreaterThan(10)
      expect(flag.name).toMatch(/^[a-z][a-z-]+$/)
      if (flag.kind === 'choice') expect(flag.choices?.length, flag.name).toBeGreaterThan(1)
      if (flag.kind !== 'boolean') expect(flag.value, flag.name).toBeTruthy()
    }
  })

  it('gives copy, load and sync the flags DESIGN.md lists', () => {
    const names = (command: keyof typeof CLI_COMMANDS) => flagsOf(CLI_COMMANDS[command]).map((f) => f.name)
    const copy = [
      'report',
      'date',
      'from',
      'to',
      'lookback-days',
      'dest-bucket',
      'dest-namespace',
      'dest-prefix',
      'dest-region',
      'tenancy',
      'source-namespace',
      'source-bucket',
      'home-region',
      'keep-compressed',
      'concurrency',
      'dry-run',
      'json',
      'auth',
      'config-file',
      'profile',
      'endpoint',
    ]
    const load = [
      'bucket',
      'dir',
      'target',
      'table',
      'on-error',
      'json',
      'connect-string',
      'user',
      'wallet-dir',
    ]
    expect(names('copy')).toEqual(expect.arrayContaining(copy))
    expect(names('load')).toEqual(expect.arrayContaining(load))
    expect(names('sync')).toEqual(
      expect.arrayContaining([...copy, ...load.filter((f) => f !== 'bucket' && f !== 'dir')]),
    )
    expect(names('report')).toEqual(expect.arrayContaining(['target', 'out', 'from', 'to']))
    expect(names('demo')).toEqual(expect.arrayContaining(['db', 'out']))
  })
})

describe('--help', () => {
  it.each(COMMAND_NAMES)('of %s documents every flag the parser accepts, and only those', (name) => {
    const command = CLI_COMMANDS[name]
    const help = renderCommandHelp(command)
    // Flags as help shows them: at the start of an option line.
    const documented = [...help.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1])
    const declared = flagsOf(command).map((flag) => flag.name)
    expect(documented.sort()).toEqual([...declared].sort())
    for (const flag of flagsOf(command)) {
      const value = validValue(flag)
      const args = value === undefined ? [`--${flag.name}`] : [`--${flag.name}`, value]
      expect(() => parseCommandArgs(command, args, {}), flag.name).not.toThrow()
    }
  })

  it('shows choices, defaults and environment fallbacks', () => {
    const help = renderCommandHelp(CLI_COMMANDS.copy).replace(/\s+/g, ' ')
    expect(help).toContain('One of: focus, cost, usage.')
    expect(help).toContain('Default: 3.')
    expect(help).toContain('Env: OCI_OBJECTSTORAGE_ENDPOINT.')
    expect(help).toContain('OCI_CLI_KEY_CONTENT Private key PEM (api-key). Never printed.')
  })
})

describe('renderMarkdownReference', () => {
  it('has a section per command and a table row per flag', () => {
    const markdown = renderMarkdownReference(3)
    for (const name of COMMAND_NAMES) {
      expect(markdown).toContain(`### \`oci-focus ${name}\``)
      const section = markdown.split('### ').find((part) => part.startsWith(`\`oci-focus ${name}\``)) ?? ''
      for (const flag of flagsOf(CLI_COMMANDS[name]))
        expect(section, flag.name).toMatch(new RegExp(`^\\| \`--${flag.name}[ \`]`, 'm'))
    }
    expect(markdown).toContain('| `ORACLE_PASSWORD` | Oracle password (--target oracle). Never printed. |')
  })
})

describe('parseCommandArgs', () => {
  const copy = CLI_COMMANDS.copy

  it('reads strings, booleans and integers', () => {
    const flags = parseCommandArgs(copy, ['--dest-bucket', 'b', '--dry-run', '--concurrency', '8'], {})
    expect(flags.string('dest-bucket')).toBe('b')
    expect(flags.boolean('dry-run')).toBe(true)
    expect(flags.boolean('keep-compressed')).toBe(false)
    expect(flags.integer('concurrency')).toBe(8)
    expect(flags.given('dest-prefix')).toBe(false)
  })

  it('rejects an unknown flag, naming it', () => {
    const error = usageError(() => parseCommandArgs(copy, ['--dest-buckt', 'b'], {}))
    expect(error.message).toContain('--dest-buckt')
    expect(error.message).toContain("'copy'")
  })

  it.each([
    ['2025-02-30', 'not a calendar day'],
    ['2025-4-5', 'not zero-padded'],
    ['05/04/2025', 'another format'],
  ])('rejects --date %s (%s), naming the flag and the value', (value) => {
    const error = usageError(() => parseCommandArgs(copy, ['--date', value], {}))
    expect(error.message).toContain('--date')
    expect(error.message).toContain(JSON.stringify(value))
    expect(error.flag).toBe('date')
    expect(error.value).toBe(value)
  })

  it('accepts today and yesterday as dates', () => {
    expect(parseCommandArgs(copy, ['--date', 'yesterday'], {}).string('date')).toBe('yesterday')
  })

  it.each([
    [['--concurrency', '0'], '--concurrency', '"0"'],
    [['--concurrency', 'four'], '--concurrency', '"four"'],
    [['--lookback-days', '-1'], '--lookback-days', ''],
    [['--report', 'billing'], '--report', '"billing"'],
    [['--date'], '--date', ''],
    [['--json=yes'], '--json', ''],
    [['stray'], 'stray', ''],
  ])('rejects %j with a message naming %s', (args, flag, value) => {
    const error = usageError(() => parseCommandArgs(copy, args, {}))
    expect(error.message).toContain(flag)
    expect(error.message).toContain(value)
  })

  it('falls back to environment variables, validated like flags', () => {
    const flags = parseCommandArgs(copy, [], {
      OCI_OBJECTSTORAGE_ENDPOINT: 'http://127.0.0.1:1',
      OCI_CLI_PROFILE: 'P',
    })
    expect(flags.string('endpoint')).toBe('http://127.0.0.1:1')
    expect(flags.string('profile')).toBe('P')
    expect(flags.given('endpoint')).toBe(false)
    // A flag beats the environment.
    expect(parseCommandArgs(copy, ['--profile', 'F'], { OCI_CLI_PROFILE: 'P' }).string('profile')).toBe('F')
  })

  it('refuses to read a flag the command does not declare', () => {
    const flags = parseCommandArgs(copy, [], {})
    expect(() => flags.string('target')).toThrow(/not declared/)
    expect(() => flags.boolean('dest-bucket')).toThrow(/is string/)
  })
})
