/**
 * The one error class of the CLI. `CLI_USAGE` (exit 2) is anything the user fixes on the command
 * line or in the environment: unknown flags, bad values, missing required inputs. `CLI_FAILED`
 * (exit 1) is a run that could not complete. Messages read "what: rule, got X" and never carry
 * secrets.
 */
export const CLI_ERROR_CODES = ['CLI_USAGE', 'CLI_FAILED'] as const

export type CliErrorCode = (typeof CLI_ERROR_CODES)[number]

export interface CliErrorContext {
  /** Flag name without `--`, or an environment variable name. */
  readonly flag?: string
  readonly value?: string
}

export class CliError extends Error {
  override readonly name = 'CliError'
  readonly code: CliErrorCode
  readonly flag: string | undefined
  readonly value: string | undefined

  constructor(code: CliErrorCode, message: string, context: CliErrorContext = {}, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.flag = context.flag
    this.value = context.value
  }

  static usage(message: string, context: CliErrorContext = {}, options?: ErrorOptions): CliError {
    return new CliError('CLI_USAGE', message, context, options)
  }
}

export function isCliError(value: unknown): value is CliError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (CLI_ERROR_CODES as readonly string[]).includes((value as { code?: unknown }).code as string)
  )
}

/** Process exit statuses: the contract scripts and schedulers branch on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** The message of any thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** `{ code, message }` of any thrown value, for a --json document. */
export function errorDocument(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code
  return { code: typeof code === 'string' ? code : 'CLI_FAILED', message: errorText(error) }
}
