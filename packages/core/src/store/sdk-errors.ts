import { CoreError, type CoreErrorCode, type CoreErrorContext, isCoreError } from '../errors.js'

/** Where a failed call was aimed, for the error's context and message. */
export interface CallTarget {
  readonly operation: string
  readonly namespace?: string
  readonly bucket?: string
  readonly object?: string
}

/** What an SDK failure looks like to the retry loop. */
export interface SdkFailure {
  /** HTTP status, or undefined for a network/client-side failure (reset, refused, timeout). */
  readonly status: number | undefined
  readonly serviceCode: string | undefined
  readonly message: string
}

/**
 * Read any value the SDK throws. OciError has statusCode/serviceCode; network failures come as a
 * plain `{ code, message }` object (not an Error) from the retrier; circuit-breaker rejections
 * carry code EOPENBREAKER.
 */
export function readSdkFailure(error: unknown): SdkFailure {
  if (typeof error === 'object' && error !== null) {
    const e = error as { statusCode?: unknown; serviceCode?: unknown; message?: unknown; code?: unknown }
    const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined
    const serviceCode =
      typeof e.serviceCode === 'string' && e.serviceCode !== '' && e.serviceCode !== 'None'
        ? e.serviceCode
        : typeof e.code === 'string'
          ? e.code
          : undefined
    const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error)
    return { status, serviceCode, message }
  }
  return { status: undefined, serviceCode: undefined, message: String(error) }
}

/** The failures Object Storage tells clients to retry, plus anything that never got an answer. */
export function isTransient(failure: SdkFailure): boolean {
  const { status, serviceCode } = failure
  if (status === undefined) return true
  if (status === 429 || status === 500 || status === 502 || status === 503 || status === 504) return true
  // The service documents only IncorrectState as a retryable 409; other 409s (BucketAlreadyExists) are
  // final. A HEAD answer has no body to name its code, and object HEADs have no final 409, so retry it.
  return status === 409 && (serviceCode === 'IncorrectState' || serviceCode === undefined)
}

/** Translate an SDK failure to a CoreError with the call's context. Secrets never appear in SDK messages we keep. */
export function toCoreError(error: unknown, target: CallTarget, attempts = 1): CoreError {
  if (isCoreError(error)) return error
  const failure = readSdkFailure(error)
  const context: CoreErrorContext = {
    ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
    ...(target.bucket === undefined ? {} : { bucket: target.bucket }),
    ...(target.object === undefined ? {} : { object: target.object }),
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.serviceCode === undefined ? {} : { serviceCode: failure.serviceCode }),
  }
  const where = describeTarget(target)
  const said =
    failure.status === undefined ? failure.message : `${failure.status} ${failure.serviceCode ?? ''}`.trim()
  const detail = firstLine(failure.message)
  let code: CoreErrorCode
  let message: string
  if (failure.status === 401) {
    code = 'CORE_AUTH_FAILED'
    message = `${target.operation} ${where}: credentials rejected (expired or wrong key?), got 401 ${failure.serviceCode ?? 'NotAuthenticated'}`
  } else if (failure.status === 404 && isBucketMissing(failure, target)) {
    code = 'CORE_BUCKET_NOT_FOUND'
    message = `${target.operation} ${where}: bucket not found, or no policy lets these credentials read it (404 ${failure.serviceCode ?? 'BucketNotFound'})`
  } else if (
    failure.status === 404 &&
    target.object !== undefined &&
    failure.serviceCode !== 'UploadNotFound'
  ) {
    code = 'CORE_OBJECT_NOT_FOUND'
    message = `${target.operation} ${where}: object not found (404 ${failure.serviceCode ?? 'ObjectNotFound'})`
  } else if (failure.status === 412) {
    code = 'CORE_PRECONDITION_FAILED'
    message = `${target.operation} ${where}: precondition failed, the object changed (412 ${failure.serviceCode ?? 'IfMatchFailed'})`
  } else if (isTransient(failure) && attempts > 1) {
    code = 'CORE_TRANSIENT_EXHAUSTED'
    message = `${target.operation} ${where}: still failing after ${attempts} attempts, last ${said}: ${detail}`
  } else {
    code = 'CORE_REMOTE_ERROR'
    message = `${target.operation} ${where}: failed with ${said}${failure.status === undefined ? '' : `: ${detail}`}`
  }
  return new CoreError(code, message, context, { cause: error })
}

function isBucketMissing(failure: SdkFailure, target: CallTarget): boolean {
  if (failure.serviceCode === 'BucketNotFound' || failure.serviceCode === 'NamespaceNotFound') return true
  // HEAD responses have no body, so a 404 there says nothing about which part is missing.
  return target.object === undefined && failure.serviceCode !== 'UploadNotFound'
}

function describeTarget(target: CallTarget): string {
  const bucket = target.bucket === undefined ? '' : `${target.namespace ?? '?'}/${target.bucket}`
  return target.object === undefined ? bucket : `${bucket}/${target.object}`
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
])

/**
 * Whether a failure is worth retrying: a CoreError for a transient service answer, or a raw
 * network error such as a body cut mid-read (undici's `TypeError: terminated`, ECONNRESET).
 * Copy engines use it to decide whether to retry a whole object.
 */
export function isTransientError(error: unknown): boolean {
  if (isCoreError(error)) {
    return (
      error.code === 'CORE_TRANSIENT_EXHAUSTED' ||
      (error.code === 'CORE_REMOTE_ERROR' &&
        isTransient({ status: error.status, serviceCode: error.serviceCode, message: '' }))
    )
  }
  for (
    let current: unknown = error, depth = 0;
    current !== undefined && current !== null && depth < 5;
    depth++
  ) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true
    if (
      typeof e.message === 'string' &&
      /^terminated$|other side closed|socket hang up|fetch failed/i.test(e.message)
    ) {
      return true
    }
    current = e.cause
  }
  return false
}
