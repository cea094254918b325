import type { Logger } from '@oci-focus/core'
import type { OutputStream } from '../io.js'

const PROGRESS_INTERVAL_MS = 100

export interface ReporterOptions {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  /** `--json`: stdout carries one JSON document only; stderr only warnings (and debug with verbose). */
  readonly json: boolean
  readonly verbose: boolean
  readonly now?: () => number
}

/**
 * Human output of a command. On a terminal a single progress line on stderr is rewritten in
 * place (carriage return) and log lines are printed above it; elsewhere (CI logs, pipes) there is
 * no progress line, only plain log lines. Results go to stdout.
 */
export class Reporter {
  readonly #out: OutputStream
  readonly #err: OutputStream
  readonly #json: boolean
  readonly #verbose: boolean
  readonly #now: () => number
  readonly #live: boolean
  #progress = ''
  #drawnAt = 0
  #drawn = false

  constructor(options: ReporterOptions) {
    this.#out = options.stdout
    this.#err = options.stderr
    this.#json = options.json
    this.#verbose = options.verbose
    this.#now = options.now ?? Date.now
    this.#live = options.stderr.isTTY === true && !options.json
  }

  /** True when a live progress line is drawn (a terminal, not --json). */
  get live(): boolean {
    return this.#live
  }

  get json(): boolean {
    return this.#json
  }

  /** The logger handed to the libraries. */
  readonly logger: Logger = {
    debug: (message) => {
      if (this.#verbose) this.#line(`debug: ${message}`)
    },
    info: (message) => this.info(message),
    warn: (message) => this.warn(message),
  }

  /** A log line (stderr), not shown with --json unless --verbose. */
  info(message: string): void {
    if (!this.#json || this.#verbose) this.#line(message)
  }

  warn(message: string): void {
    this.#line(`warning: ${message}`)
  }

  error(message: string): void {
    this.#line(`error: ${message}`)
  }

  /** Sets the progress line; drawn at most every 100 ms unless `force`. */
  progress(text: string, force = false): void {
    if (!this.#live) return
    this.#progress = text
    const now = this.#now()
    if (!force && this.#drawn && now - this.#drawnAt < PROGRESS_INTERVAL_MS) return
    this.#draw()
    this.#drawnAt = now
  }

  /** Removes the progress line (before printing results). */
  endProgress(): void {
    if (!this.#live) return
    if (this.#drawn) this.#err.write('\r\x1b[2K')
    this.#drawn = false
    this.#progress = ''
  }

  /** Human result text on stdout; suppressed with --json. */
  print(text: string): void {
    if (this.#json) return
    this.endProgressTemporarily(() => this.#out.write(text.endsWith('\n') ? text : `${text}\n`))
  }

  /** The one JSON document of a --json run. */
  printJson(document: unknown): void {
    this.#out.write(`${JSON.stringify(document, null, 2)}\n`)
  }

  endProgressTemporarily(write: () => void): void {
    const redraw = this.#drawn
    if (redraw) this.#err.write('\r\x1b[2K')
    this.#drawn = false
    write()
    if (redraw) this.#draw()
  }

  #line(text: string): void {
    this.endProgressTemporarily(() => this.#err.write(`${text}\n`))
  }

  #draw(): void {
    if (!this.#progress) return
    const columns = this.#err.columns ?? 100
    const text =
      this.#progress.length >= columns ? `${this.#progress.slice(0, columns - 2)}…` : this.#progress
    this.#err.write(`\r\x1b[2K${text}`)
    this.#drawn = true
  }
}
