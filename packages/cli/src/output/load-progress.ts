import type { LoadProgress } from '@oci-focus/loader'
import type { Reporter } from './reporter.js'

/** Feeds load progress events to the live progress line. */
export function loadProgressListener(reporter: Reporter, label = 'load'): (event: LoadProgress) => void {
  return (event) => {
    reporter.progress(`${label}: ${JSON.stringify(event)}`)
  }
}
