import { readFileSync } from 'node:fs'
import { renderCommandHelp, renderMainHelp } from './args/help.js'
import { type ParsedFlags, parseCommandArgs } from './args/parse.js'
import { CLI_COMMANDS, COMMAND_NAMES, type CommandName, isCommandName } from './args/spec.js'
import { EXIT, isCliError } from './errors.js'
import type { CliEnv, CliIo } from './io.js'
import { routeConsoleTo } from './output/console.js'
import { Redactor } from './output/redact.js'
import { Reporter } from './output/reporter.js'

/** What every command gets: parsed flags, the environment, output, and the clock. */
export interface CommandContext {
  readonly flags: ParsedFlags
  readonly env: CliEnv
  readonly io: CliIo
  readonly reporter: Reporter
  readonly redactor: Redactor
  /** "Now" for this run: the look-back window and "today" are computed from it. */
  readonly now: Date
  readonly signal: AbortSignal | undefined
}

/** A command's result: its exit status and the document `--json` prints. */
export interface CommandOutcome {
  readonly exitCode: number
  readonly document: Readonly<Record<string, unknown>>
}

type CommandRunner = (ctx: CommandContext) => Promise<CommandOutcome>

// Loaded on demand: `--help` stays instant and a copy never loads the database drivers.
const RUNNERS: Readonly<Record<CommandName, () => Promise<CommandRunner>>> = {
  copy: async () => (await import('./commands/copy.js')).runCopy,
  load: async () => (await import('./commands/load.js')).runLoad,
  sync: async () => (await import('./commands/sync.js')).runSync,
  report: async () => (await import('./commands/report.js')).runReport,
  demo: async () => (await import('./commands/demo.js')).runDemo,
}

/** Environment variables whose values are never printed, whatever command runs. */
const SECRET_ENV = [
  'OCI_CLI_KEY_CONTENT',
  'OCI_CLI_PASSPHRASE',
  'OCI_OIDC_CLIENT_SECRET',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ORACLE_PASSWORD',
  'ORACLE_WALLET_PASSWORD',
  'OCI_RESOURCE_PRINCIPAL_RPST',
  'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM',
  'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM_PASSPHRASE',
]

/** The package version, read from package.json next to src/ or dist/. */
export function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

// Codes from the libraries that mean "fix your input", not "the run failed".
const USAGE_CODES = new Set([
  'CORE_INVALID_OPTION',
  'CORE_INVALID_DATE',
  'CORE_WINDOW_REVERSED',
  'CORE_WINDOW_BEYOND_RETENTION',
  'CORE_AUTH_CONFIG',
  'LOAD_INVALID_OPTION',
])

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Runs `oci-focus <argv>` and returns the exit status: 0 when nothing failed, 1 when any object
 * or file failed (or the run could not complete), 2 for a usage error. Everything written goes
 * through a redactor, so no secret from the environment reaches stdout or stderr.
 */
export async function main(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  const redactor = new Redactor()
  for (const name of SECRET_ENV) redactor.add(env[name])
  const stdout = redactor.stream(io.stdout)
  const stderr = redactor.stream(io.stderr)
  const safeIo: CliIo = { ...io, stdout, stderr }

  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined
    if (topic !== undefined && isCommandName(topic)) {
      stdout.write(renderCommandHelp(CLI_COMMANDS[topic]))
      return EXIT.ok
    }
    ;(first === undefined ? stderr : stdout).write(renderMainHelp(cliVersion()))
    return first === undefined ? EXIT.usage : EXIT.ok
  }
  if (first === '--version' || first === '-v') {
    stdout.write(`${cliVersion()}\n`)
    return EXIT.ok
  }
  if (!isCommandName(first)) {
    stderr.write(
      `oci-focus: Unknown command: expected one of ${COMMAND_NAMES.join(', ')}, got ${JSON.stringify(first)}\n` +
        "Run 'oci-focus --help' for usage.\n",
    )
    return EXIT.usage
  }

  const command = CLI_COMMANDS[first]
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(renderCommandHelp(command))
    return EXIT.ok
  }
  // Known before parsing, so even a usage error answers in JSON when JSON was asked for.
  const json = rest.includes('--json')
  const reporter = new Reporter({ stdout, stderr, json, verbose: rest.includes('--verbose') })

  const restoreConsole = routeConsoleTo(stderr)
  let restoreWarnings: (() => void) | undefined
  try {
    const flags = parseCommandArgs(command, rest, env)
    // The SDK console.warns every failed request, expected 404s included; our stores report
    // failures through the logger instead.
    restoreWarnings = (await import('@oci-focus/core')).silenceSdkRetryWarnings()
    const run = await RUNNERS[first]()
    const outcome = await run({
      flags,
      env,
      io: safeIo,
      reporter,
      redactor,
      now: io.now?.() ?? new Date(),
      signal: io.signal,
    })
    reporter.endProgress()
    if (json)
      reporter.printJson({
        command: first,
        ok: outcome.exitCode === EXIT.ok,
        ...outcome.document,
        exitCode: outcome.exitCode,
      })
    return outcome.exitCode
  } catch (error) {
    reporter.endProgress()
    const code = codeOf(error)
    const usage =
      (isCliError(error) && error.code === 'CLI_USAGE') || (code !== undefined && USAGE_CODES.has(code))
    const exitCode = usage ? EXIT.usage : EXIT.failed
    const message = error instanceof Error ? error.message : String(error)
    if (json) {
      reporter.printJson({
        command: first,
        ok: false,
        error: { code: code ?? 'CLI_FAILED', message: redactor.redact(message) },
        exitCode,
      })
    }
    stderr.write(`oci-focus ${first}: ${message}\n`)
    if (usage) stderr.write(`Run 'oci-focus ${first} --help' for usage.\n`)
    else if (error instanceof Error && error.stack && rest.includes('--verbose'))
      stderr.write(`${error.stack}\n`)
    return exitCode
  } finally {
    restoreWarnings?.()
    restoreConsole()
  }
}
