/** Where the CLI writes: just enough of a Node stream to test with plain objects. */
export interface OutputStream {
  write(chunk: string): unknown
  /** A terminal: progress is drawn as one line rewritten in place. */
  readonly isTTY?: boolean | undefined
  readonly columns?: number | undefined
}

/** Everything `main` touches outside its arguments, injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: OutputStream
  readonly stderr: OutputStream
  /** Relative paths (--dir, --target duckdb:PATH, --out) resolve against this. */
  readonly cwd: string
  /** Aborts the running command (the bin wires SIGINT/SIGTERM to it). */
  readonly signal?: AbortSignal
  /** The clock: what "today" and the look-back window are computed from. */
  readonly now?: () => Date
}

/** The environment as `main` reads it (process.env in the bin, a plain object in tests). */
export type CliEnv = Readonly<Record<string, string | undefined>>
