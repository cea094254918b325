import { CoreError } from '../errors.js'

/**
 * Maps `items` through `fn` with at most `concurrency` calls running, keeping input order.
 * Stops starting new calls once `signal` aborts; the first rejection rejects the whole map.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (signal?.aborted) throw abortedError(signal)
      const index = next++
      try {
        results[index] = await fn(items[index]!, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker)
  await Promise.all(workers)
  return results
}

export function abortedError(signal: AbortSignal): CoreError {
  const reason: unknown = signal.reason
  const detail =
    reason instanceof Error ? reason.message : reason === undefined ? 'no reason' : String(reason)
  return new CoreError(
    'CORE_ABORTED',
    `copy: stopped by the abort signal, got ${detail}`,
    {},
    { cause: reason },
  )
}
