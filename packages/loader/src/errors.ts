/**
 * The one error class of @oci-focus/loader. Branch on `code`, never on `instanceof` (bundles can
 * duplicate classes). Messages read "what: rule, got X"; the file, line, column and value also
 * live in fields so a ledger row or a reject row can store them separately. Secrets (passwords,
 * connect strings with credentials) never go into a message or a field.
 */
export const LOAD_ERROR_CODES = [
  // options and sources
  'LOAD_INVALID_OPTION',
  'LOAD_SOURCE_NOT_FOUND',
  'LOAD_SOURCE_READ',
  'LOAD_BAD_GZIP',
  // header / dialect
  'LOAD_EMPTY_FILE',
  'LOAD_UNKNOWN_DIALECT',
  'LOAD_MISSING_COLUMNS',
  'LOAD_DUPLICATE_COLUMN',
  // records
  'LOAD_CSV_SYNTAX',
  'LOAD_FIELD_COUNT',
  'LOAD_BAD_DECIMAL',
  'LOAD_BAD_TIMESTAMP',
  'LOAD_BAD_JSON',
  'LOAD_VALUE_TOO_LONG',
  'LOAD_REQUIRED_VALUE',
  // sinks
  'LOAD_SINK_ERROR',
  'LOAD_ABORTED',
] as const

export type LoadErrorCode = (typeof LOAD_ERROR_CODES)[number]

export interface LoadErrorContext {
  /** Object name or path relative to the load root. */
  readonly file?: string
  /** 1-based physical line in the (decompressed) file; the header is line 1. */
  readonly line?: number
  /** The column name as the file's header spells it. */
  readonly column?: string
  /** The offending value (cut to 200 characters in the message, whole here). */
  readonly value?: string
}

export class LoadError extends Error {
  override readonly name = 'LoadError'
  readonly code: LoadErrorCode
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: string | undefined
  readonly value: string | undefined

  constructor(code: LoadErrorCode, message: string, context: LoadErrorContext = {}, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.file = context.file
    this.line = context.line
    this.column = context.column
    this.value = context.value
  }
}

/** True for any value that carries one of the loader's error codes (works across bundle copies). */
export function isLoadError(value: unknown): value is LoadError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (LOAD_ERROR_CODES as readonly string[]).includes((value as { code: string }).code)
  )
}

/** A value quoted for a message, cut so a 1 MB field cannot flood a log. */
export function quoteValue(value: string, max = 200): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}
