/**
 * The one error class of @oci-focus/core. Branch on `code`, never on `instanceof` (bundles can
 * duplicate classes). Messages read "what: rule, got X"; context lives in fields. Secrets
 * (tokens, keys, passwords, signed URLs) are never put in a message or a field.
 */
export const CORE_ERROR_CODES = [
  // input and configuration
  'CORE_INVALID_OPTION',
  'CORE_INVALID_DATE',
  'CORE_WINDOW_REVERSED',
  'CORE_WINDOW_BEYOND_RETENTION',
  // authentication
  'CORE_AUTH_CONFIG',
  'CORE_AUTH_FAILED',
  'CORE_TOKEN_EXCHANGE_FAILED',
  'CORE_REGION_DISCOVERY_FAILED',
  // object storage
  'CORE_BUCKET_NOT_FOUND',
  'CORE_OBJECT_NOT_FOUND',
  'CORE_REMOTE_ERROR',
  'CORE_TRANSIENT_EXHAUSTED',
  'CORE_PRECONDITION_FAILED',
  // copy
  'CORE_CORRUPT_ARCHIVE',
  'CORE_TRUNCATED_ARCHIVE',
  'CORE_UNSAFE_ENTRY_NAME',
  'CORE_DECOMPRESSION_BOMB',
  'CORE_SOURCE_CHANGED',
  'CORE_CHECKSUM_MISMATCH',
  'CORE_ABORTED',
] as const

export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number]

export interface CoreErrorContext {
  readonly namespace?: string
  readonly bucket?: string
  readonly object?: string
  readonly entry?: string
  readonly status?: number
  readonly serviceCode?: string
  readonly value?: string
}

export class CoreError extends Error {
  override readonly name = 'CoreError'
  readonly code: CoreErrorCode
  readonly namespace: string | undefined
  readonly bucket: string | undefined
  readonly object: string | undefined
  readonly entry: string | undefined
  readonly status: number | undefined
  readonly serviceCode: string | undefined
  readonly value: string | undefined

  constructor(code: CoreErrorCode, message: string, context: CoreErrorContext = {}, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.namespace = context.namespace
    this.bucket = context.bucket
    this.object = context.object
    this.entry = context.entry
    this.status = context.status
    this.serviceCode = context.serviceCode
    this.value = context.value
  }
}

/** True for any value that carries one of core's error codes (works across bundle copies). */
export function isCoreError(value: unknown): value is CoreError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (CORE_ERROR_CODES as readonly string[]).includes((value as { code: string }).code)
  )
}

/** The message of any thrown value, so non-Error throws still produce a readable failure. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
