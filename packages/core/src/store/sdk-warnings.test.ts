import { afterEach, describe, expect, it, vi } from 'vitest'
import { silenceSdkRetryWarnings } from './sdk-warnings.js'

describe('silenceSdkRetryWarnings', () => {
  let restore: (() => void) | undefined
  afterEach(() => restore?.())

  it('drops only the SDK retrier lines, and restores console.warn', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {})
    restore = silenceSdkRetryWarnings()
    console.warn('Request cannot be retried. Not Retrying. Exception occurred : Error: Not Found')
    console.warn('All retry attempts have exhausted. Total Attempts : 1. Last exception occurred : Error: x')
    console.warn('something else', 1)
    expect(spy.mock.calls).toEqual([['something else', 1]])
    restore()
    restore = undefined
    console.warn('All retry attempts have exhausted. again')
    expect(spy).toHaveBeenCalledTimes(2)
  })
})
