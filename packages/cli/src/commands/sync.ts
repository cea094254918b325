import { type CopyResult, copyReports, type Logger } from '@oci-focus/core'
import type { LoadResult } from '@oci-focus/loader'
import { CliError, EXIT, errorDocument, errorText } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'
import { openBucketStore } from '../options/bucket.js'
import { type CopyInputs, copyInputsFromFlags } from '../options/copy.js'
import { describeTarget, type Target, targetFromFlags } from '../options/target.js'
import { copyProgressListener, formatCopyResult } from '../output/copy-summary.js'
import { formatLoadResult } from '../output/load-summary.js'
import type { Reporter } from '../output/reporter.js'
import { loadIntoTarget, type OnError } from './load.js'

export interface SyncRun {
  readonly copy: CopyResult
  /** Undefined in a dry run (nothing was copied, so nothing is loaded) or when the load could not run. */
  readonly load: LoadResult | undefined
  /** Why the load could not run at all (credentials, database unreachable); the copy stands. */
  readonly loadError?: unknown
}

/** `raw` → `raw/`, as core names destination objects. */
function folderPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return ''
  return prefix.endsWith('/') ? prefix : `${prefix}/`
}

/**
 * The daily job: copy the window, then load the destination's objects of the same window. The
 * load is scoped to the window's day folders so a daily run stays small; the ledger makes files
 * loaded before a no-op, and a file that failed to load is retried while its day is in the window.
 */
export async function syncReports(options: {
  readonly inputs: CopyInputs
  readonly loadPrefixes: readonly string[]
  readonly target: Target
  readonly onError: OnError
  readonly reporter: Reporter
  readonly signal: AbortSignal | undefined
  readonly label?: string
  /** Default: the reporter's logger. */
  readonly logger?: Logger
}): Promise<SyncRun> {
  const { inputs, reporter } = options
  const signal = options.signal ? { signal: options.signal } : {}
  const copy = await copyReports({
    ...inputs,
    logger: options.logger ?? reporter.logger,
    onProgress: copyProgressListener(reporter, options.label ?? 'copy'),
    ...signal,
  })
  reporter.endProgress()
  if (copy.dryRun) return { copy, load: undefined }

  try {
    return { copy, load: await loadCopies(options) }
  } catch (error) {
    reporter.endProgress()
    return { copy, load: undefined, loadError: error }
  }
}

async function loadCopies(options: Parameters<typeof syncReports>[0]): Promise<LoadResult> {
  const { inputs, reporter } = options
  const signal = options.signal ? { signal: options.signal } : {}
  const destination = inputs.destination
  const opened = await openBucketStore({
    auth: inputs.auth,
    bucket: destination.bucket,
    ...(destination.namespace === undefined ? {} : { namespace: destination.namespace }),
    ...(destination.region === undefined ? {} : { region: destination.region }),
    ...(inputs.endpoint === undefined ? {} : { endpoint: inputs.endpoint }),
    ...(inputs.fetch ? { fetch: inputs.fetch } : {}),
    logger: options.logger ?? reporter.logger,
    ...signal,
  })
  try {
    const prefix = folderPrefix(destination.prefix)
    const load = await loadIntoTarget({
      source: { kind: 'bucket', opened, prefixes: options.loadPrefixes.map((p) => prefix + p) },
      target: options.target,
      onError: options.onError,
      force: inputs.force ?? false,
      reporter,
      ...(options.logger ? { logger: options.logger } : {}),
      signal: options.signal,
    })
    reporter.endProgress()
    return load
  } finally {
    opened.close()
  }
}

/** `oci-focus sync`: copy then load, with the flags of both. */
export async function runSync(ctx: CommandContext): Promise<CommandOutcome> {
  const { flags, reporter } = ctx
  const target = targetFromFlags(flags, ctx.env, ctx.redactor, ctx.io.cwd)
  const { inputs, window } = await copyInputsFromFlags({ ...ctx, cwd: ctx.io.cwd })
  if (window.kind !== 'focus') {
    throw CliError.usage(`Invalid --report for sync: the loader reads FOCUS reports, got ${window.kind}`, {
      flag: 'report',
      value: window.kind,
    })
  }
  const run = await syncReports({
    inputs,
    loadPrefixes: window.prefixes,
    target,
    onError: (flags.string('on-error') ?? 'fail-file') as OnError,
    reporter,
    signal: ctx.signal,
  })
  reporter.print(formatCopyResult(run.copy))
  if (run.load) reporter.print(formatLoadResult(run.load, describeTarget(target)))
  else if (run.loadError === undefined) reporter.print('load skipped: dry run')
  else reporter.error(`load: ${errorText(run.loadError)}`)
  const failed = run.copy.totals.failed + (run.load?.totals.failed ?? 0)
  return {
    exitCode: failed > 0 || run.loadError !== undefined ? EXIT.failed : EXIT.ok,
    document: {
      target: describeTarget(target),
      copy: run.copy,
      load: run.load ?? null,
      ...(run.loadError === undefined ? {} : { error: errorDocument(run.loadError) }),
    },
  }
}
