import { main } from '../src/main.js'

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** A writable that remembers what was written. */
export function captureStream(isTTY = false): {
  write(chunk: string): boolean
  isTTY: boolean
  columns: number
  text(): string
} {
  const chunks: string[] = []
  return {
    isTTY,
    columns: 120,
    write(chunk: string) {
      chunks.push(chunk)
      return true
    },
    text: () => chunks.join(''),
  }
}

/** Runs `main` in-process with an injected environment; nothing from process.env leaks in. */
export async function runCli(
  argv: readonly string[],
  options: {
    env?: Record<string, string | undefined>
    cwd?: string
    tty?: boolean
    now?: Date
    signal?: AbortSignal
  } = {},
): Promise<CliRun> {
  const stdout = captureStream(false)
  const stderr = captureStream(options.tty ?? false)
  const code = await main(
    argv,
    { HOME: '/nonexistent-home', ...options.env },
    {
      stdout,
      stderr,
      cwd: options.cwd ?? process.cwd(),
      ...(options.now ? { now: () => options.now as Date } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  )
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}
