import { stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import type { Logger } from '@oci-focus/core'
import { type LoadResult, loadReports } from '@oci-focus/loader'
import { CliError, EXIT } from '../errors.js'
import type { CommandContext, CommandOutcome } from '../main.js'
import { authFromEnv } from '../options/auth.js'
import { type OpenedStore, openBucketStore, parseBucketRef } from '../options/bucket.js'
import { endpointFromFlags } from '../options/copy.js'
import { describeTarget, openSink, type Target, targetFromFlags } from '../options/target.js'
import { loadProgressListener } from '../output/load-progress.js'
import { formatLoadResult } from '../output/load-summary.js'
import type { Reporter } from '../output/reporter.js'

export type OnError = 'fail-file' | 'reject-rows'

export type LoadSource =
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'bucket'; readonly opened: OpenedStore; readonly prefixes: readonly string[] }

/**
 * Loads one source into the target: opens the sink, runs loadReports once per prefix (a bucket
 * source may cover several day folders) and merges the results, then closes everything.
 */
export async function loadIntoTarget(options: {
  readonly source: LoadSource
  readonly target: Target
  readonly onError: OnError
  readonly force: boolean
  readonly reporter: Reporter
  readonly signal: AbortSignal | undefined
  /** Default: the reporter's logger. */
  readonly logger?: Logger
}): Promise<LoadResult> {
  const { source, reporter } = options
  const sink = await openSink(options.target)
  const common = {
    sink,
    onError: options.onError,
    force: options.force,
    logger: options.logger ?? reporter.logger,
    onProgress: loadProgressListener(reporter),
    ...(options.signal ? { signal: options.signal } : {}),
  }
  try {
    if (source.kind === 'dir')
      return await loadReports({ ...common, source: { kind: 'dir', path: source.path } })
    const results: LoadResult[] = []
    for (const prefix of source.prefixes) {
      results.push(
        await loadReports({ ...common, source: { kind: 'bucket', store: source.opened.store, prefix } }),
      )
    }
    return mergeLoadResults(results)
  } finally {
    await sink.close()
  }
}

export function mergeLoadResults(results: readonly LoadResult[]): LoadResult {
  const files = results.flatMap((result) => result.files)
  const sum = (key: keyof LoadResult['totals']) =>
    results.reduce((total, result) => total + result.totals[key], 0)
  return {
    files,
    totals: {
      loaded: sum('loaded'),
      skipped: sum('skipped'),
      failed: sum('failed'),
      rows: sum('rows'),
      rejectedRows: sum('rejectedRows'),
    },
  }
}

/** `oci-focus load`: (--bucket | --dir) → loadReports into --target. */
export async function runLoad(ctx: CommandContext): Promise<CommandOutcome> {
  const { flags, reporter } = ctx
  const bucketRef = flags.string('bucket')
  const dir = flags.string('dir')
  if ((bucketRef === undefined) === (dir === undefined)) {
    throw CliError.usage(
      `Load source: give exactly one of --bucket NS/BUCKET[/PREFIX] or --dir PATH, got ${
        bucketRef === undefined ? 'neither' : 'both'
      }`,
      { flag: 'bucket' },
    )
  }
  const target = targetFromFlags(flags, ctx.env, ctx.redactor, ctx.io.cwd)
  const onError = (flags.string('on-error') ?? 'fail-file') as OnError
  const endpoint = endpointFromFlags(flags)

  let source: LoadSource
  if (dir !== undefined) {
    const path = isAbsolute(dir) ? dir : resolve(ctx.io.cwd, dir)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isDirectory()) {
      throw CliError.usage(`Invalid --dir: expected an existing folder, got ${JSON.stringify(dir)}`, {
        flag: 'dir',
        value: dir,
      })
    }
    source = { kind: 'dir', path }
  } else {
    const ref = parseBucketRef(bucketRef ?? '')
    const region = flags.string('region')
    const opened = await openBucketStore({
      auth: await authFromEnv({ flags, env: ctx.env, redactor: ctx.redactor, cwd: ctx.io.cwd }),
      bucket: ref.bucket,
      namespace: ref.namespace,
      ...(region === undefined ? {} : { region }),
      ...(endpoint === undefined ? {} : { endpoint }),
      logger: reporter.logger,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })
    source = { kind: 'bucket', opened, prefixes: [ref.prefix] }
  }

  try {
    const result = await loadIntoTarget({
      source,
      target,
      onError,
      force: flags.boolean('force'),
      reporter,
      signal: ctx.signal,
    })
    reporter.endProgress()
    reporter.print(formatLoadResult(result, describeTarget(target)))
    if (result.totals.rejectedRows > 0 && result.totals.failed === 0) {
      reporter.warn(
        `${result.totals.rejectedRows} rows were rejected (see the ${target.table ?? 'OCI_FOCUS'}_REJECTS table)`,
      )
    }
    return {
      exitCode: result.totals.failed > 0 ? EXIT.failed : EXIT.ok,
      document: { target: describeTarget(target), load: result },
    }
  } finally {
    if (source.kind === 'bucket') source.opened.close()
  }
}
