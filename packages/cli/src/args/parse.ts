import { parseArgs } from 'node:util'
import { CliError } from '../errors.js'
import { type CommandSpec, type FlagSpec, flagsOf } from './spec.js'

type FlagValue = string | boolean

/**
 * A command's parsed flags. Accessors take the flag's name and refuse names the command does not
 * declare, so a command cannot read a flag that `--help` does not document.
 */
export class ParsedFlags {
  readonly command: string
  readonly #values: ReadonlyMap<string, FlagValue>
  readonly #specs: ReadonlyMap<string, FlagSpec>
  readonly #env: Readonly<Record<string, string | undefined>>

  constructor(
    command: CommandSpec,
    values: ReadonlyMap<string, FlagValue>,
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.command = command.name
    this.#values = values
    this.#specs = new Map(flagsOf(command).map((flag) => [flag.name, flag]))
    this.#env = env
  }

  /** True when the flag was given on the command line (environment fallbacks do not count). */
  given(name: string): boolean {
    this.#spec(name)
    return this.#values.has(name)
  }

  /** A string-valued flag (string, date or choice), else its environment fallback, else undefined. */
  string(name: string): string | undefined {
    const spec = this.#spec(name)
    if (spec.kind === 'boolean' || spec.kind === 'integer') {
      throw new TypeError(`flag --${name}: is ${spec.kind}, read as string`)
    }
    const value = this.#values.get(name)
    if (typeof value === 'string') return value
    for (const variable of spec.env ?? []) {
      const fromEnv = this.#env[variable]
      if (fromEnv !== undefined && fromEnv !== '') return checkValue(spec, fromEnv, variable)
    }
    return undefined
  }

  boolean(name: string): boolean {
    const spec = this.#spec(name)
    if (spec.kind !== 'boolean') throw new TypeError(`flag --${name}: is ${spec.kind}, read as boolean`)
    return this.#values.get(name) === true
  }

  integer(name: string): number | undefined {
    const spec = this.#spec(name)
    if (spec.kind !== 'integer') throw new TypeError(`flag --${name}: is ${spec.kind}, read as integer`)
    const value = this.#values.get(name)
    return typeof value === 'string' ? Number(value) : undefined
  }

  /** Every flag given on the command line, for messages and tests. */
  entries(): Array<[string, FlagValue]> {
    return [...this.#values.entries()]
  }

  #spec(name: string): FlagSpec {
    const spec = this.#specs.get(name)
    if (!spec) throw new TypeError(`flag --${name}: not declared for '${this.command}'`)
    return spec
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text)
  if (!match) return false
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Validates one value of `spec`; `source` names where it came from (`--date` or an env variable). */
function checkValue(spec: FlagSpec, value: string, source: string = `--${spec.name}`): string {
  switch (spec.kind) {
    case 'date':
      if (!isCalendarDay(value) && value !== 'today' && value !== 'yesterday') {
        throw CliError.usage(
          `Invalid ${source}: expected a calendar day YYYY-MM-DD (or today, yesterday), got ${JSON.stringify(value)}`,
          {
            flag: spec.name,
            value,
          },
        )
      }
      return value
    case 'integer': {
      const min = spec.min ?? 0
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
        throw CliError.usage(
          `Invalid ${source}: expected a whole number ≥ ${min}, got ${JSON.stringify(value)}`,
          {
            flag: spec.name,
            value,
          },
        )
      }
      return value
    }
    case 'choice':
      if (!spec.choices?.includes(value)) {
        throw CliError.usage(
          `Invalid ${source}: expected one of ${(spec.choices ?? []).join(', ')}, got ${JSON.stringify(value)}`,
          { flag: spec.name, value },
        )
      }
      return value
    case 'string':
      if (value === '') {
        throw CliError.usage(`Invalid ${source}: expected a value, got an empty string`, {
          flag: spec.name,
          value,
        })
      }
      return value
    case 'boolean':
      return value
  }
}

/**
 * Parses a command's arguments strictly (unknown flags, missing values and positionals are usage
 * errors naming the flag) and validates every value against its spec.
 */
export function parseCommandArgs(
  command: CommandSpec,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedFlags {
  const specs = flagsOf(command)
  const options: Record<string, { type: 'string' | 'boolean' }> = {}
  for (const spec of specs) options[spec.name] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' }

  let parsed: { values: Record<string, string | boolean | Array<string | boolean> | undefined> }
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
  } catch (error) {
    throw CliError.usage(describeParseError(command.name, error), {})
  }

  const values = new Map<string, FlagValue>()
  for (const spec of specs) {
    const value = parsed.values[spec.name]
    if (value === undefined || Array.isArray(value)) continue
    values.set(spec.name, typeof value === 'string' ? checkValue(spec, value) : value)
  }
  return new ParsedFlags(command, values, env)
}

/** Node's parseArgs messages, rephrased as "what: rule, got X" with the command's name. */
function describeParseError(command: string, error: unknown): string {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  const quoted = /'([^']+)'/.exec(message)?.[1]
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown flag for '${command}': expected one listed by --help, got ${quoted ?? message}`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument for '${command}': every value follows its flag, got ${JSON.stringify(quoted ?? message)}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'a flag'
      if (message.includes('does not take an argument')) return `Invalid ${flag}: takes no value, got one`
      if (message.includes('ambiguous')) {
        return `Invalid ${flag}: a value starting with '-' must be written ${flag}=VALUE, got a separate argument`
      }
      return `Missing value for ${flag}: expected ${flag} VALUE, got nothing`
    }
    default:
      return message
  }
}
