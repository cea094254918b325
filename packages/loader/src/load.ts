import type { LoadErrorCode } from './errors.js'
import { isLoadError, LoadError } from './errors.js'
import { type Logger, silentLogger } from './logger.js'
import { type OnError, parseFocusCsv, toLoadError } from './parse.js'
import type { RowBatch, Sink } from './sink/types.js'
import { type LoadSource, listSourceFiles, type SourceFile } from './source.js'

export interface LoadOptions {
  readonly source: LoadSource
  readonly sink: Sink
  /** 'fail-file' (default): a bad record rolls its file back. 'reject-rows': bad records go to rejects. */
  readonly onError?: OnError
  /** Reload files whose identity is already in the ledger. */
  readonly force?: boolean
  /** Rows per batch handed to the sink (default: the sink's preferredBatchSize, else 5,000). */
  readonly batchSize?: number
  readonly signal?: AbortSignal
  readonly logger?: Logger
  readonly onProgress?: (event: LoadProgress) => void
}

export type LoadProgress =
  | { readonly type: 'listed'; readonly files: number; readonly toLoad: number }
  | { readonly type: 'file-start'; readonly file: string; readonly index: number; readonly total: number }
  /** Cumulative rows of the file handed to the sink so far. */
  | { readonly type: 'rows'; readonly file: string; readonly rows: number }
  | { readonly type: 'file-done'; readonly result: LoadFileResult }

export interface LoadFileResult {
  readonly file: string
  readonly identity: string
  readonly outcome: 'loaded' | 'skipped' | 'failed'
  readonly rows: number
  readonly rejectedRows: number
  readonly dialect?: string
  readonly reason?: string
  readonly errorCode?: LoadErrorCode
  readonly line?: number
  readonly column?: string
  readonly value?: string
}

export interface LoadResult {
  readonly files: LoadFileResult[]
  readonly totals: {
    readonly loaded: number
    readonly skipped: number
    readonly failed: number
    readonly rows: number
    readonly rejectedRows: number
  }
}

/**
 * Loads every new or changed FOCUS file of a bucket prefix or folder into a sink, one
 * transaction per file. A file whose identity the ledger already holds as 'loaded' is skipped
 * (unless `force`); a changed file replaces its previous rows; a bad file is rolled back, its
 * ledger row says why, and the load goes on with the next file. Throws only for problems that
 * stop the whole run (source not listable, sink unusable, abort).
 */
export async function loadReports(options: LoadOptions): Promise<LoadResult> {
  const { sink, signal, onProgress } = options
  const logger = options.logger ?? silentLogger
  const onError = options.onError ?? 'fail-file'
  const batchSize = options.batchSize ?? sink.preferredBatchSize ?? 5000
  if (onError !== 'fail-file' && onError !== 'reject-rows') {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `onError: must be fail-file or reject-rows, got ${String(onError)}`,
    )
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new LoadError('LOAD_INVALID_OPTION', `batchSize: must be a positive integer, got ${batchSize}`)
  }
  await sink.ensureSchema(signal === undefined ? {} : { signal })
  const ledger = new Map((await sink.listLedger()).map((e) => [e.file, e]))
  const candidates = await listSourceFiles(options.source, signal)
  const results: LoadFileResult[] = []
  const toLoad: SourceFile[] = []
  for (const candidate of candidates) {
    const entry = ledger.get(candidate.file)
    if (options.force !== true && entry?.status === 'loaded' && entry.identity === candidate.identity) {
      results.push({
        file: candidate.file,
        identity: candidate.identity,
        outcome: 'skipped',
        rows: 0,
        rejectedRows: 0,
        ...(entry.dialect === undefined ? {} : { dialect: entry.dialect }),
        reason: 'already loaded with the same identity',
      })
    } else {
      toLoad.push(candidate)
    }
  }
  onProgress?.({ type: 'listed', files: candidates.length, toLoad: toLoad.length })
  for (const skipped of results) onProgress?.({ type: 'file-done', result: skipped })

  for (const [index, candidate] of toLoad.entries()) {
    if (signal?.aborted) throw new LoadError('LOAD_ABORTED', 'load: aborted by the caller')
    onProgress?.({ type: 'file-start', file: candidate.file, index, total: toLoad.length })
    const result = await loadOne(candidate, { sink, onError, batchSize, signal, logger, onProgress })
    results.push(result)
    onProgress?.({ type: 'file-done', result })
  }

  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const count = (outcome: LoadFileResult['outcome']) => results.filter((r) => r.outcome === outcome).length
  return {
    files: results,
    totals: {
      loaded: count('loaded'),
      skipped: count('skipped'),
      failed: count('failed'),
      rows: results.reduce((n, r) => n + (r.outcome === 'loaded' ? r.rows : 0), 0),
      rejectedRows: results.reduce((n, r) => n + (r.outcome === 'loaded' ? r.rejectedRows : 0), 0),
    },
  }
}

interface LoadOneContext {
  readonly sink: Sink
  readonly onError: OnError
  readonly batchSize: number
  readonly signal: AbortSignal | undefined
  readonly logger: Logger
  readonly onProgress: ((event: LoadProgress) => void) | undefined
}

async function loadOne(candidate: SourceFile, context: LoadOneContext): Promise<LoadFileResult> {
  const { sink, signal, logger, onProgress } = context
  const startedAt = new Date()
  const { file, identity } = candidate
  try {
    let input: Awaited<ReturnType<SourceFile['open']>>
    try {
      input = await candidate.open(signal)
    } catch (cause) {
      throw toLoadError(cause, file)
    }
    const parsed = parseFocusCsv(input, {
      file,
      onError: context.onError,
      batchSize: context.batchSize,
      signal,
      logger,
    })
    const entry = await sink.loadFile({
      file,
      identity,
      bytes: candidate.bytes,
      startedAt,
      batches: withProgress(parsed.batches, file, onProgress),
      complete: () => parsed.summary(),
    })
    logger.info(
      `${file}: loaded ${entry.rows} rows${entry.rejectedRows > 0 ? `, rejected ${entry.rejectedRows}` : ''}`,
    )
    return {
      file,
      identity,
      outcome: 'loaded',
      rows: entry.rows,
      rejectedRows: entry.rejectedRows,
      ...(entry.dialect === undefined ? {} : { dialect: entry.dialect }),
    }
  } catch (cause) {
    const error = isLoadError(cause) ? cause : toLoadError(cause, file)
    if (error.code === 'LOAD_ABORTED') throw error
    logger.warn(error.message)
    await sink.recordFailure({
      file,
      identity,
      status: 'failed',
      dialect: undefined,
      rows: 0,
      rejectedRows: 0,
      bytes: candidate.bytes,
      startedAt,
      finishedAt: new Date(),
      errorCode: error.code,
      errorMessage: error.message,
      errorLine: error.line,
      errorColumn: error.column,
      errorValue: error.value,
    })
    return {
      file,
      identity,
      outcome: 'failed',
      rows: 0,
      rejectedRows: 0,
      reason: error.message,
      errorCode: error.code,
      ...(error.line === undefined ? {} : { line: error.line }),
      ...(error.column === undefined ? {} : { column: error.column }),
      ...(error.value === undefined ? {} : { value: error.value }),
    }
  }
}

async function* withProgress(
  batches: AsyncIterable<RowBatch>,
  file: string,
  onProgress: ((event: LoadProgress) => void) | undefined,
): AsyncGenerator<RowBatch> {
  let rows = 0
  for await (const batch of batches) {
    yield batch
    rows += batch.rows.length
    onProgress?.({ type: 'rows', file, rows })
  }
}
