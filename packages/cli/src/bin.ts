#!/usr/bin/env node
import { main } from './main.js'

// The thin entry: real process streams and environment in, an exit status out. Ctrl-C aborts the
// running command cleanly (in-flight uploads are aborted, nothing half-written is left); a second
// Ctrl-C exits at once.
const controller = new AbortController()
let interrupted = false
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) process.exit(130)
  interrupted = true
  process.stderr.write(`\noci-focus: ${signal} received, stopping (press Ctrl-C again to exit now)\n`)
  controller.abort(new Error(`interrupted by ${signal}`))
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

const code = await main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  signal: controller.signal,
})
// 130 = ended by an interrupt, whatever the partial result, so a scheduler never reads it as success.
process.exitCode = interrupted ? 130 : code
