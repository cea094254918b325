/**
 * Errors the action raises itself (the libraries raise CoreError / LoadError). Messages read
 * "what: rule, got X" and never carry a secret value.
 */
export const ACTION_ERROR_CODES = [
  /** An input is missing, malformed, or conflicts with another. */
  'ACTION_INVALID_INPUT',
  /** The database wallet could not be unpacked. */
  'ACTION_INVALID_WALLET',
  /** The runner cancelled the step (SIGINT/SIGTERM); what was not done is left for a re-run. */
  'ACTION_CANCELLED',
  /**
   * Some objects or files failed and each was already reported as its own `::error` annotation;
   * the entry fails the step without repeating them.
   */
  'ACTION_ITEMS_FAILED',
] as const

export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[number]

export class ActionError extends Error {
  override readonly name = 'ActionError'
  readonly code: ActionErrorCode
  readonly input: string | undefined
  readonly value: string | undefined

  constructor(code: ActionErrorCode, message: string, context: { input?: string; value?: string } = {}) {
    super(message)
    this.code = code
    this.input = context.input
    this.value = context.value
  }
}

/** True when the failure was already reported item by item (branch on the code: bundles can duplicate classes). */
export function isAlreadyReported(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'ACTION_ITEMS_FAILED'
  )
}

/** The message of any thrown value, so non-Error throws still fail the step readably. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}
