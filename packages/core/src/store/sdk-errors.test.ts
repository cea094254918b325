import { afterEach, describe, expect, it } from 'vitest'
import { CoreError } from '../errors.js'
import { sdkDateToIso } from './object-store.js'
import { backoffDelay, resolveRetry } from './retry.js'
import { isTransient, isTransientError, readSdkFailure, toCoreError } from './sdk-errors.js'

// The shapes the SDK really throws: OciError fields, and a plain object for network failures.
const ociError = (statusCode: number, serviceCode: string, message = 'msg') =>
  Object.assign(new Error(message), { statusCode, serviceCode, opcRequestId: 'r' })

const object = {
  operation: 'GetObject',
  namespace: 'bling',
  bucket: 'ocid1.tenancy.oc1..x',
  object: 'a.csv.gz',
}

describe('toCoreError', () => {
  it('401 → CORE_AUTH_FAILED with a hint and context', () => {
    const error = toCoreError(ociError(401, 'NotAuthenticated'), object)
    expect(error.code).toBe('CORE_AUTH_FAILED')
    expect(error.message).toBe(
      'GetObject bling/ocid1.tenancy.oc1..x/a.csv.gz: credentials rejected (expired or wrong key?), got 401 NotAuthenticated',
    )
    expect([error.namespace, error.bucket, error.object, error.status, error.serviceCode]).toEqual([
      'bling',
      'ocid1.tenancy.oc1..x',
      'a.csv.gz',
      401,
      'NotAuthenticated',
    ])
  })

  it('404 splits into bucket and object', () => {
    expect(toCoreError(ociError(404, 'BucketNotFound'), object).code).toBe('CORE_BUCKET_NOT_FOUND')
    expect(toCoreError(ociError(404, 'ObjectNotFound'), object).code).toBe('CORE_OBJECT_NOT_FOUND')
    // HEAD answers carry no body: serviceCode "None"
    expect(toCoreError(ociError(404, 'None'), object).code).toBe('CORE_OBJECT_NOT_FOUND')
    expect(toCoreError(ociError(404, 'None'), { operation: 'ListObjects', bucket: 'b' }).code).toBe(
      'CORE_BUCKET_NOT_FOUND',
    )
    expect(toCoreError(ociError(404, 'UploadNotFound'), object).code).toBe('CORE_REMOTE_ERROR')
  })

  it('412 → CORE_PRECONDITION_FAILED; retried transients → CORE_TRANSIENT_EXHAUSTED', () => {
    expect(toCoreError(ociError(412, 'IfMatchFailed'), object).code).toBe('CORE_PRECONDITION_FAILED')
    const exhausted = toCoreError(ociError(503, 'ServiceUnavailable', 'slow down'), object, 6)
    expect(exhausted.code).toBe('CORE_TRANSIENT_EXHAUSTED')
    expect(exhausted.message).toContain(
      'still failing after 6 attempts, last 503 ServiceUnavailable: slow down',
    )
    expect(toCoreError(ociError(400, 'InvalidParameter', 'bad limit'), object).message).toContain(
      'failed with 400 InvalidParameter: bad limit',
    )
  })

  it('keeps CoreErrors as they are', () => {
    const original = new CoreError('CORE_ABORTED', 'x')
    expect(toCoreError(original, object)).toBe(original)
  })
})

describe('transient classification', () => {
  it('matches the service retry rules', () => {
    for (const [status, code, expected] of [
      [429, 'TooManyRequests', true],
      [409, 'IncorrectState', true],
      [409, 'BucketAlreadyExists', false],
      [500, 'InternalServerError', true],
      [502, 'None', true],
      [503, 'ServiceUnavailable', true],
      [504, 'None', true],
      [400, 'InvalidParameter', false],
      [401, 'NotAuthenticated', false],
      [404, 'ObjectNotFound', false],
    ] as const) {
      expect(isTransient(readSdkFailure(ociError(status, code))), `${status} ${code}`).toBe(expected)
    }
    // the retrier's shape for a network failure: no status
    expect(isTransient(readSdkFailure({ code: undefined, message: 'fetch failed' }))).toBe(true)
  })

  it('isTransientError recognises body cuts but not data errors', () => {
    expect(isTransientError(new TypeError('terminated'))).toBe(true)
    expect(isTransientError(Object.assign(new Error('read'), { code: 'ECONNRESET' }))).toBe(true)
    expect(
      isTransientError(
        new TypeError('x', { cause: Object.assign(new Error('s'), { code: 'UND_ERR_SOCKET' }) }),
      ),
    ).toBe(true)
    expect(
      isTransientError(Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' })),
    ).toBe(false)
    expect(isTransientError(new CoreError('CORE_TRANSIENT_EXHAUSTED', 'x'))).toBe(true)
    expect(isTransientError(new CoreError('CORE_REMOTE_ERROR', 'x', { status: 503 }))).toBe(true)
    expect(isTransientError(new CoreError('CORE_OBJECT_NOT_FOUND', 'x', { status: 404 }))).toBe(false)
  })
})

describe('retry settings', () => {
  it('backoff grows, is capped and keeps at least half the step', () => {
    const retry = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 })
    for (let i = 0; i < 50; i++) {
      const first = backoffDelay(retry, 1)
      expect(first).toBeGreaterThanOrEqual(50)
      expect(first).toBeLessThanOrEqual(100)
      const later = backoffDelay(retry, 10)
      expect(later).toBeGreaterThanOrEqual(500)
      expect(later).toBeLessThanOrEqual(1000)
    }
  })

  it('rejects nonsense', () => {
    expect(() => resolveRetry({ attempts: 0 })).toThrow('retry.attempts: must be a number >= 1, got 0')
    expect(() => resolveRetry({ baseDelayMs: -1 })).toThrow(/baseDelayMs/)
  })
})

describe('sdkDateToIso undoes the SDK local-time date formatting', () => {
  const original = process.env['TZ']
  afterEach(() => {
    if (original === undefined) delete process.env['TZ']
    else process.env['TZ'] = original
  })

  it.each(['UTC', 'Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Kiritimati'])('in %s', (tz) => {
    process.env['TZ'] = tz
    const real = new Date('2026-03-10T23:05:09Z')
    // what oci-common's formatDateToRFC3339 produces for a date header
    const sdk = `${real.getFullYear()}-${`0${real.getMonth() + 1}`.slice(-2)}-${`0${real.getDate()}`.slice(
      -2,
    )}T${real.getHours()}:${`0${real.getMinutes()}`.slice(-2)}:${`0${real.getSeconds()}`.slice(-2)}Z`
    expect(sdkDateToIso(sdk)).toBe('2026-03-10T23:05:09.000Z')
    expect(sdkDateToIso(real)).toBe('2026-03-10T23:05:09.000Z')
    expect(sdkDateToIso(undefined)).toBeUndefined()
  })
})
