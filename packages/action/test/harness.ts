import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

const packageDir = join(import.meta.dirname, '..')

/** Which action to run, by its action.yml. */
export type ActionName = 'copy' | 'load'
const ACTION_FILES: Record<ActionName, string> = { copy: 'action.yml', load: 'load/action.yml' }

export interface ActionRun {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  /** Outputs parsed from the GITHUB_OUTPUT file. */
  readonly outputs: Record<string, string>
  /** The GITHUB_STEP_SUMMARY file. */
  readonly summary: string
  /** Values registered with `::add-mask::`, unescaped. */
  readonly masks: string[]
  /** `::error` workflow commands, unescaped messages. */
  readonly errors: string[]
  /** stdout without the `::add-mask::` lines, i.e. what the runner would show (before masking). */
  readonly visibleStdout: string
  /** What the run left in its TMPDIR (it should clean up after itself). */
  readonly leftoverTempFiles: string[]
}

interface ActionSpec {
  inputs: Record<string, { default?: string }>
  runs: { main: string }
}

function spec(action: ActionName): ActionSpec {
  return parse(readFileSync(join(packageDir, ACTION_FILES[action]), 'utf8')) as ActionSpec
}

/** The runner's name mangling: `INPUT_` + upper case, spaces to `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Runs the BUILT action (dist/) in a child process the way the runner does: every declared input
 * with a default gets it unless overridden, inputs arrive as `INPUT_*` variables, outputs and the
 * summary go to fresh files. Only the variables given here reach the child.
 */
export async function runAction(
  action: ActionName,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: { onStart?: (child: ChildProcess) => void } = {},
): Promise<ActionRun> {
  const actionSpec = spec(action)
  for (const name of Object.keys(inputs)) {
    if (!(name in actionSpec.inputs)) throw new Error(`${ACTION_FILES[action]} has no input ${name}`)
  }
  const dir = await mkdtemp(join(tmpdir(), `oci-focus-action-${action}-`))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  const tempDir = join(dir, 'tmp')
  await mkdir(tempDir)
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const childEnv: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    TMPDIR: tempDir,
    TZ: 'UTC',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    // Fault tests must not wait for the SDK's breaker or long back-offs.
    OCI_SDK_DEFAULT_CIRCUITBREAKER_ENABLED: 'false',
    ...env,
  }
  for (const [name, input] of Object.entries(actionSpec.inputs)) {
    const value = inputs[name] ?? input.default
    if (value !== undefined) childEnv[inputVariable(name)] = value
  }
  const main = join(packageDir, ACTION_FILES[action], '..', actionSpec.runs.main)
  try {
    const { exitCode, stdout, stderr } = await new Promise<{
      exitCode: number | null
      stdout: string
      stderr: string
    }>((resolve, reject) => {
      const child = spawn(process.execPath, [main], {
        env: childEnv,
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      options.onStart?.(child)
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({
          exitCode: code,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        })
      })
    })
    const lines = stdout.split(/\r?\n/)
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
      masks: lines
        .filter((line) => line.startsWith('::add-mask::'))
        .map((line) => unescapeCommand(line.slice(12))),
      errors: lines
        .filter((line) => line.startsWith('::error'))
        .map((line) => unescapeCommand(line.slice(line.indexOf('::', 2) + 2))),
      visibleStdout: lines.filter((line) => !line.startsWith('::add-mask::')).join('\n'),
      leftoverTempFiles: await readdir(tempDir),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// The workflow command escaping of @actions/core (escapeData), reversed.
function unescapeCommand(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Parses the file-command format `name<<DELIMITER\nvalue\nDELIMITER\n` (and `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      if (i >= lines.length) throw new Error(`output ${name}: no closing delimiter ${delimiter}`)
      outputs[name] = value.join('\n')
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return outputs
}

/**
 * Every place a secret could leak to: what the runner would display (stdout without the mask
 * commands), stderr, the outputs file and the summary. Returns the secrets found, with where.
 */
export function leakedSecrets(run: ActionRun, secrets: readonly string[]): string[] {
  const places = {
    stdout: run.visibleStdout,
    stderr: run.stderr,
    outputs: JSON.stringify(run.outputs),
    summary: run.summary,
  }
  const leaks: string[] = []
  for (const secret of secrets) {
    // Check the whole value and each of its lines (a PEM or a wrapped base64 blob).
    const pieces = [
      secret,
      ...secret.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
    ]
    for (const [place, text] of Object.entries(places)) {
      if (pieces.some((piece) => text.includes(piece))) leaks.push(`${place}: ${secret.slice(0, 12)}…`)
    }
  }
  return leaks
}
