/**
 * oci-common's retrier prints a console.warn line for EVERY failed request, expected ones included
 * (a HEAD 404 while planning a copy reads "Request cannot be retried. Not Retrying. Exception
 * occurred : Error: Not Found"). Our stores already turn those failures into CoreErrors and log
 * retries through the Logger, so an entry point (the CLI, the action — never a library) may drop
 * just these lines. Returns a function that restores console.warn.
 */
export function silenceSdkRetryWarnings(): () => void {
  const original = console.warn
  const filtered = (...args: unknown[]): void => {
    const first = args[0]
    if (typeof first === 'string' && SDK_RETRY_WARNING.test(first)) return
    original.apply(console, args)
  }
  console.warn = filtered
  return () => {
    if (console.warn === filtered) console.warn = original
  }
}

const SDK_RETRY_WARNING =
  /^(Request cannot be retried\. Not Retrying\.|All retry attempts have exhausted\.|Request failed with Exception)/
