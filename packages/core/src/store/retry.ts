import { CoreError } from '../errors.js'
import type { Logger } from '../logger.js'
import { type CallTarget, isTransient, readSdkFailure, toCoreError } from './sdk-errors.js'

export interface RetryOptions {
  /** Total attempts per call, the first included. @default 6 */
  readonly attempts?: number
  /** Delay before the first retry; doubles each time, with full jitter. @default 500 */
  readonly baseDelayMs?: number
  /** Cap on one delay. @default 20000 */
  readonly maxDelayMs?: number
}

export interface RetryContext {
  readonly retry: Required<RetryOptions>
  readonly logger: Logger | undefined
  /** Renew credentials once after a 401 (token re-exchange); undefined for static keys. */
  readonly refreshAuth: (() => Promise<void>) | undefined
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 }

export function resolveRetry(options: RetryOptions | undefined): Required<RetryOptions> {
  const retry = { ...DEFAULT_RETRY, ...options }
  for (const [name, value, min] of [
    ['attempts', retry.attempts, 1],
    ['baseDelayMs', retry.baseDelayMs, 0],
    ['maxDelayMs', retry.maxDelayMs, 0],
  ] as const) {
    if (!Number.isFinite(value) || value < min) {
      throw new CoreError('CORE_INVALID_OPTION', `retry.${name}: must be a number >= ${min}, got ${value}`)
    }
  }
  return retry
}

/**
 * Run one SDK call with retries on transient failures (429 TooManyRequests, 409 IncorrectState,
 * 5xx, resets) and one credential refresh on 401, then translate the final failure to CoreError.
 * The SDK's own retrier is switched off on our clients: it sleeps up to 30 s between attempts,
 * logs through console.warn and cannot be aborted.
 */
export async function withRetry<T>(
  ctx: RetryContext,
  target: CallTarget,
  call: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let refreshed = false
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, target)
    try {
      return await call()
    } catch (error) {
      const failure = readSdkFailure(error)
      if (failure.status === 401 && !refreshed && ctx.refreshAuth !== undefined) {
        refreshed = true
        ctx.logger?.debug(`${target.operation}: 401, renewing credentials and trying once more`)
        try {
          await ctx.refreshAuth()
        } catch (refreshError) {
          throw toCoreError(refreshError, target)
        }
        attempt--
        continue
      }
      if (!isTransient(failure) || attempt >= ctx.retry.attempts) throw toCoreError(error, target, attempt)
      const delay = backoffDelay(ctx.retry, attempt)
      ctx.logger?.debug(
        `${target.operation} ${target.object ?? target.bucket ?? ''}: attempt ${attempt} of ${ctx.retry.attempts} failed (${
          failure.status ?? 'network'
        } ${failure.serviceCode ?? ''}), retrying in ${delay} ms`,
      )
      await sleep(delay, signal, target)
    }
  }
}

/** Exponential backoff with jitter (half fixed, half random), so many concurrent copies do not retry in lockstep. */
export function backoffDelay(retry: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2))
}

export function throwIfAborted(signal: AbortSignal | undefined, target: CallTarget): void {
  if (signal?.aborted) {
    throw new CoreError('CORE_ABORTED', `${target.operation}: aborted`, {
      ...(target.bucket === undefined ? {} : { bucket: target.bucket }),
      ...(target.object === undefined ? {} : { object: target.object }),
    })
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, target: CallTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(target))
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortError(target))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function abortError(target: CallTarget): CoreError {
  return new CoreError('CORE_ABORTED', `${target.operation}: aborted`, {
    ...(target.bucket === undefined ? {} : { bucket: target.bucket }),
    ...(target.object === undefined ? {} : { object: target.object }),
  })
}
