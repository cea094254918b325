import * as core from '@actions/core'

/** An AbortSignal that fires when the runner cancels the step. */
export interface Cancellation {
  readonly signal: AbortSignal
  /** `SIGINT` / `SIGTERM` once cancelled, else undefined. */
  readonly cause: () => string | undefined
  dispose(): void
}

/**
 * Cancelling a job sends SIGINT, then SIGTERM a few seconds later, then kills. Turning the first
 * signal into an abort lets core stop between requests and abort its multipart uploads, and the
 * load action roll back and delete the unpacked wallet, instead of dying mid-write.
 */
export function cancelOnSignals(): Cancellation {
  const controller = new AbortController()
  let cause: string | undefined
  const onSignal = (name: NodeJS.Signals) => {
    // A second signal means the graceful stop is taking too long: leave now.
    if (cause !== undefined) process.exit(1)
    cause = name
    core.warning(`${name} received: stopping after the requests in flight`)
    controller.abort(new Error(`cancelled by ${name}`))
  }
  const onInt = () => onSignal('SIGINT')
  const onTerm = () => onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    cause: () => cause,
    dispose: () => {
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
    },
  }
}
