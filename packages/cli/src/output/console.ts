import { format } from 'node:util'
import type { OutputStream } from '../io.js'

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const

/**
 * Sends console output from dependencies (the OCI SDK prints debug and warning lines) to `target`
 * for the duration of a command: stdout carries results only — with --json, exactly one document —
 * and `target` is the redacting stderr. Returns a function that restores the console.
 */
export function routeConsoleTo(target: OutputStream): () => void {
  const saved = METHODS.map((method) => [method, console[method]] as const)
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      target.write(`${format(...args)}\n`)
    }
  }
  return () => {
    for (const [method, original] of saved) console[method] = original
  }
}
