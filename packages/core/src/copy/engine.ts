import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { createGunzip } from 'node:zlib'
import { CoreError, type CoreErrorCode, errorMessage, isCoreError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { isTransientError } from '../store/sdk-errors.js'
import type { ObjectStore } from '../store/types.js'
import { isPlainMd5 } from './checksums.js'
import { contentTypeFor, normalizePrefix, provenanceMetadata, zipEntryFolder } from './naming.js'
import { type PlannedObject, planCopy } from './plan.js'
import { abortedError, mapPool } from './pool.js'
import type { CopyObjectResult, CopyObjectsOptions, CopyProgress, CopyResult } from './types.js'
import { BoundedUpload, type UploadResult } from './upload.js'
import { DownloadVerifier } from './verify.js'
import { CORE_VERSION } from './version.js'
import { readZip } from './zip.js'

const MIB = 1024 * 1024
export const COPY_DEFAULTS = {
  concurrency: 4,
  partSize: 8 * MIB,
  maxPartsInFlight: 3,
  maxRatio: 200,
  maxOutputBytes: 20 * 1024 * MIB,
  maxObjectAttempts: 4,
  retryBaseDelayMs: 500,
} as const
// Below this output size the ratio limit does not apply: tiny files compress badly or absurdly
// well without being bombs.
const RATIO_GRACE_BYTES = MIB

interface Settings {
  readonly source: ObjectStore
  readonly destination: ObjectStore
  readonly destPrefix: string
  readonly partSize: number
  readonly maxPartsInFlight: number
  readonly singlePutMaxBytes: number
  readonly maxRatio: number
  readonly maxOutputBytes: number
  readonly maxObjectAttempts: number
  readonly retryBaseDelayMs: number
  readonly toolVersion: string
  readonly signal: AbortSignal | undefined
  readonly logger: Logger
  readonly progress: (event: CopyProgress) => void
  readonly counters: { bytesIn: number; bytesOut: number }
  /** Destination name → the source whose copy it is, for every non-zip object in the plan. */
  readonly claimed: Map<string, string>
  /** A failure no other object can avoid (missing bucket, rejected credentials): stops the run. */
  fatal: CoreError | undefined
}

// Failures that are about the run, not the object: every other object would fail the same way.
const RUN_FATAL_CODES: ReadonlySet<CoreErrorCode> = new Set(['CORE_BUCKET_NOT_FOUND', 'CORE_AUTH_FAILED'])

/**
 * Copies the window's report objects from `source` to `destination`: plans (list + HEAD), then
 * streams each object through gunzip / unzip / pass-through into bounded uploads, verifying MD5s
 * both ways. Failures are per object and land in the result; it throws only for a failed plan
 * (listing, HEAD), invalid options, or a failure that every object would share
 * (`CORE_BUCKET_NOT_FOUND`, `CORE_AUTH_FAILED`: the run stops starting objects, then throws). An
 * aborted signal ends the run with the remaining objects failed as `CORE_ABORTED` and no upload
 * left behind.
 */
export async function copyObjects(options: CopyObjectsOptions): Promise<CopyResult> {
  const settings = resolveSettings(options)
  const { window, signal, logger } = { ...options, logger: settings.logger }
  const concurrency = positiveInteger(options.concurrency ?? COPY_DEFAULTS.concurrency, 'concurrency')
  if (signal?.aborted) throw abortedError(signal)
  const plan = await planCopy({
    source: settings.source,
    destination: settings.destination,
    window,
    destPrefix: settings.destPrefix,
    keepCompressed: options.keepCompressed ?? false,
    force: options.force ?? false,
    headConcurrency: Math.min(32, concurrency * 4),
    signal,
  })
  for (const item of plan) {
    if (item.format !== 'zip')
      for (const name of item.destination) settings.claimed.set(name, item.source.name)
  }
  const toCopy = plan.filter((item) => item.action !== 'skip')
  logger.info(
    `copy: ${plan.length} objects in ${window.kind} ${window.from}..${window.to}; ${toCopy.length} to copy, ${plan.length - toCopy.length} up to date`,
  )
  settings.progress({
    type: 'planned',
    objects: plan.length,
    toCopy: toCopy.length,
    bytes: toCopy.reduce((sum, item) => sum + item.source.size, 0),
  })

  let done = 0
  const finish = (result: CopyObjectResult): CopyObjectResult => {
    done++
    settings.progress({ type: 'object-done', result, done, total: plan.length })
    return result
  }
  const objects = await mapPool(plan, concurrency, undefined, async (item): Promise<CopyObjectResult> => {
    const base = { source: item.source.name, destination: item.destination, action: item.action }
    if (item.action === 'skip') {
      logger.info(`copy: skip ${item.source.name}: ${item.reason}`)
      return finish({ ...base, outcome: 'skipped', bytesIn: 0, bytesOut: 0, reason: item.reason })
    }
    if (options.dryRun)
      return finish({ ...base, outcome: 'planned', bytesIn: 0, bytesOut: 0, reason: item.reason })
    if (signal?.aborted) {
      return finish(failed(base, abortedError(signal), 0))
    }
    if (settings.fatal) return finish(failed(base, settings.fatal, 0))
    settings.progress({ type: 'object-start', source: item.source.name, action: item.action })
    return finish(await copyWithRetries(item, settings))
  })

  // Objects already in flight have cleaned up; the run as a whole could not work.
  if (settings.fatal) throw settings.fatal
  const count = (outcome: string): number => objects.filter((object) => object.outcome === outcome).length
  return {
    window: { kind: window.kind, from: window.from, to: window.to, days: [...window.days] },
    dryRun: options.dryRun ?? false,
    objects,
    totals: {
      planned: toCopy.length,
      copied: count('copied'),
      skipped: count('skipped'),
      failed: count('failed'),
      bytesIn: objects.reduce((sum, object) => sum + object.bytesIn, 0),
      bytesOut: objects.reduce((sum, object) => sum + object.bytesOut, 0),
    },
  }
}

function resolveSettings(options: CopyObjectsOptions): Settings {
  const partSize = positiveInteger(options.partSize ?? COPY_DEFAULTS.partSize, 'partSize')
  const counters = { bytesIn: 0, bytesOut: 0 }
  const onProgress = options.onProgress
  const logger = options.logger ?? silentLogger
  return {
    source: options.source,
    destination: options.destination,
    destPrefix: normalizePrefix(options.destPrefix),
    partSize,
    maxPartsInFlight: positiveInteger(
      options.maxPartsInFlight ?? COPY_DEFAULTS.maxPartsInFlight,
      'maxPartsInFlight',
    ),
    singlePutMaxBytes: nonNegativeInteger(options.singlePutMaxBytes ?? partSize, 'singlePutMaxBytes'),
    maxRatio: positiveNumber(options.limits?.maxRatio ?? COPY_DEFAULTS.maxRatio, 'limits.maxRatio'),
    maxOutputBytes: positiveNumber(
      options.limits?.maxOutputBytes ?? COPY_DEFAULTS.maxOutputBytes,
      'limits.maxOutputBytes',
    ),
    maxObjectAttempts: positiveInteger(
      options.maxObjectAttempts ?? COPY_DEFAULTS.maxObjectAttempts,
      'maxObjectAttempts',
    ),
    retryBaseDelayMs: nonNegativeInteger(
      options.retryBaseDelayMs ?? COPY_DEFAULTS.retryBaseDelayMs,
      'retryBaseDelayMs',
    ),
    toolVersion: options.toolVersion ?? CORE_VERSION,
    signal: options.signal,
    logger,
    progress: (event) => {
      if (!onProgress) return
      try {
        onProgress(event)
      } catch (error) {
        // A throwing progress listener must not fail a copy.
        logger.warn(`copy: progress listener threw: ${errorMessage(error)}`)
      }
    },
    counters,
    claimed: new Map(),
    fatal: undefined,
  }
}

async function copyWithRetries(item: PlannedObject, settings: Settings): Promise<CopyObjectResult> {
  const base = { source: item.source.name, destination: item.destination, action: item.action }
  const { logger, signal } = settings
  for (let attempt = 1; ; attempt++) {
    const state: AttemptState = { bytesIn: 0, sourceFailed: false }
    try {
      const uploads = await copyOnce(item, settings, state)
      const bytesOut = uploads.reduce((sum, upload) => sum + upload.bytes, 0)
      const single = uploads.length === 1 ? uploads[0] : undefined
      logger.info(
        `copy: ${item.action === 'recopy' ? 'recopied' : 'copied'} ${item.source.name} → ${uploads.map((u) => u.name).join(', ') || '(no entries)'} (${state.bytesIn} → ${bytesOut} bytes)`,
      )
      return {
        ...base,
        destination: uploads.map((upload) => upload.name),
        outcome: 'copied',
        bytesIn: state.bytesIn,
        bytesOut,
        ...(single ? { md5: single.md5 } : {}),
        reason: item.reason,
      }
    } catch (caught) {
      if (signal?.aborted) return failed(base, abortedError(signal), state.bytesIn)
      const error = classify(caught, item, state)
      if (error.retryable && attempt < settings.maxObjectAttempts) {
        const delay =
          Math.min(30_000, settings.retryBaseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
        logger.warn(
          `copy: attempt ${attempt}/${settings.maxObjectAttempts} of ${item.source.name} failed (${error.error.message}); retrying in ${Math.round(delay)} ms`,
        )
        try {
          await sleep(delay, undefined, signal ? { signal } : {})
        } catch {
          return failed(base, abortedError(signal!), state.bytesIn)
        }
        continue
      }
      logger.warn(`copy: failed ${item.source.name}: ${error.error.message}`)
      if (RUN_FATAL_CODES.has(error.error.code)) settings.fatal ??= error.error
      return failed(base, error.error, state.bytesIn)
    }
  }
}

interface AttemptState {
  bytesIn: number
  sourceFailed: boolean
}

function failed(
  base: Pick<CopyObjectResult, 'source' | 'destination' | 'action'>,
  error: CoreError,
  bytesIn: number,
): CopyObjectResult {
  return { ...base, outcome: 'failed', bytesIn, bytesOut: 0, reason: error.message, errorCode: error.code }
}

/** Decides whether another whole-object attempt can help, and gives every failure a code. */
function classify(
  error: unknown,
  item: PlannedObject,
  state: AttemptState,
): { error: CoreError; retryable: boolean } {
  const object = item.source.name
  const status = statusOf(error)
  if (status === 412) {
    return {
      error: new CoreError(
        'CORE_SOURCE_CHANGED',
        `copy of ${object}: the source must keep etag ${item.source.etag} while it is copied, got 412 (rewritten)`,
        { object, status: 412, value: item.source.etag },
        { cause: error },
      ),
      retryable: false,
    }
  }
  if (isCoreError(error)) {
    const retryable = (error as { retryable?: boolean }).retryable === true || isTransientError(error)
    return { error, retryable: retryable || (state.sourceFailed && !isPermanentArchiveError(error.code)) }
  }
  // Anything else broke the transfer itself (socket reset, premature close): a new GET can help.
  const message = errorMessage(error)
  return {
    error: new CoreError(
      state.sourceFailed ? 'CORE_TRANSIENT_EXHAUSTED' : 'CORE_REMOTE_ERROR',
      `copy of ${object}: ${state.sourceFailed ? 'the download was cut' : 'the transfer failed'}, got ${message}`,
      status === undefined ? { object } : { object, status },
      { cause: error },
    ),
    retryable: true,
  }
}

function isPermanentArchiveError(code: CoreErrorCode): boolean {
  return (
    code === 'CORE_UNSAFE_ENTRY_NAME' || code === 'CORE_DECOMPRESSION_BOMB' || code === 'CORE_SOURCE_CHANGED'
  )
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown }
  if (typeof status === 'number') return status
  if (typeof statusCode === 'number') return statusCode
  return undefined
}

/** One attempt: GET, decode, upload; returns the committed destinations or throws, leaving nothing behind. */
async function copyOnce(
  item: PlannedObject,
  settings: Settings,
  state: AttemptState,
): Promise<UploadResult[]> {
  const { source: summary } = item
  const { signal, logger } = settings
  const name = summary.name
  const body = await settings.source.get(name, { ifMatch: summary.etag, ...(signal ? { signal } : {}) })
  if (
    body.etag !== summary.etag ||
    (isPlainMd5(summary.md5) && isPlainMd5(body.md5) && body.md5 !== summary.md5)
  ) {
    body.stream.destroy()
    throw new CoreError(
      'CORE_SOURCE_CHANGED',
      `copy of ${name}: the source must keep etag ${summary.etag} while it is copied, got ${body.etag}`,
      { object: name, value: body.etag },
    )
  }
  // The first failure of our own (decode, limits, upload) wins over the errors pipeline() then
  // raises from the streams it tears down, and a source torn down that way was not "cut".
  let ownFailure: unknown
  const own = (error: unknown): unknown => {
    ownFailure ??= error
    return error
  }
  body.stream.once('error', () => {
    if (ownFailure === undefined) state.sourceFailed = true
  })
  const expectedMd5 = isPlainMd5(summary.md5) ? summary.md5 : isPlainMd5(body.md5) ? body.md5 : undefined
  let reported = 0
  const verifier = new DownloadVerifier(name, summary.size, expectedMd5, (bytes) => {
    state.bytesIn += bytes
    settings.counters.bytesIn += bytes
    reported += bytes
    if (reported >= MIB) {
      reported = 0
      settings.progress({ type: 'bytes', source: name, ...settings.counters })
    }
  })

  const uploads: BoundedUpload[] = []
  const committed: UploadResult[] = []
  let output = 0
  const guard = (chunk: Buffer, entry?: string): void => {
    output += chunk.length
    const tooBig = output > settings.maxOutputBytes
    const ratioExceeded =
      item.format !== 'plain' && output > RATIO_GRACE_BYTES && output > settings.maxRatio * summary.size
    if (tooBig || ratioExceeded) {
      throw new CoreError(
        'CORE_DECOMPRESSION_BOMB',
        tooBig
          ? `copy of ${name}: decompressed output must stay within ${settings.maxOutputBytes} bytes, got more than ${output - 1}`
          : `copy of ${name}: decompressed output must stay within ${settings.maxRatio}× the ${summary.size} compressed bytes, got ${output} bytes`,
        entry === undefined
          ? { object: name, value: String(output) }
          : { object: name, entry, value: String(output) },
      )
    }
  }
  const newUpload = (destination: string, entry?: string): BoundedUpload => {
    const upload = new BoundedUpload(settings.destination, destination, {
      contentType: contentTypeFor(destination),
      metadata: provenanceMetadata(summary, settings.toolVersion, entry),
      partSize: settings.partSize,
      maxPartsInFlight: settings.maxPartsInFlight,
      // Zip entries stay uncommitted until the whole archive is verified, so each one must not
      // hold more than a part in memory meanwhile.
      singlePutMaxBytes: settings.singlePutMaxBytes,
      signal,
      logger,
      onUploaded: (bytes) => {
        settings.counters.bytesOut += bytes
        settings.progress({ type: 'bytes', source: name, ...settings.counters })
      },
    })
    uploads.push(upload)
    return upload
  }
  const drainInto = async (
    data: AsyncIterable<Buffer>,
    upload: BoundedUpload,
    entry?: string,
  ): Promise<void> => {
    try {
      for await (const chunk of data) {
        guard(chunk, entry)
        await upload.write(chunk)
      }
    } catch (error) {
      throw own(error)
    }
  }

  try {
    if (item.format === 'zip') {
      const folder = zipEntryFolder(name, settings.destPrefix)
      await pipeline(body.stream, verifier, async (verified: AsyncIterable<Buffer>) => {
        await readZip(verified, name, async (entry) => {
          const destination = `${folder}${entry.name}`
          const owner = settings.claimed.get(destination)
          if (owner !== undefined && owner !== name) {
            throw own(
              new CoreError(
                'CORE_UNSAFE_ENTRY_NAME',
                `zip ${name}: entry ${entry.name} must not overwrite ${destination}, the copy of ${owner}`,
                { object: name, entry: entry.name, value: destination },
              ),
            )
          }
          const upload = newUpload(destination, entry.name)
          await drainInto(entry.data, upload, entry.name)
          await upload.stage()
        }).catch((error: unknown) => {
          throw own(error)
        })
      })
    } else {
      const destination = item.destination[0]!
      const upload = newUpload(destination)
      const sink = async (data: AsyncIterable<Buffer>): Promise<void> => drainInto(data, upload)
      if (item.format === 'gzip') {
        // 64 KiB output chunks: a quarter of the per-chunk overhead of the 16 KiB default.
        const gunzip = createGunzip({ chunkSize: 64 * 1024 })
        gunzip.once('error', own)
        await pipeline(body.stream, verifier, gunzip, sink)
      } else await pipeline(body.stream, verifier, sink)
    }
    if (!verifier.verified) {
      throw new CoreError('CORE_TRUNCATED_ARCHIVE', `copy of ${name}: the download must be read to its end`, {
        object: name,
      })
    }
    // Only now, with every source byte verified, does anything appear at a destination name.
    for (const upload of uploads) committed.push(await upload.finish())
    return committed
  } catch (caught) {
    const error = ownFailure ?? caught
    await Promise.all(uploads.map((upload) => upload.abort()))
    // A zip whose later entry failed to commit must not leave its earlier entries behind.
    for (const done of committed) {
      await settings.destination.delete(done.name).catch((deleteError: unknown) => {
        logger.warn(`copy: could not remove ${done.name} after a failed copy: ${errorMessage(deleteError)}`)
      })
    }
    throw mapDecodeError(error, name)
  }
}

/** zlib's errors, renamed into core's codes with the object they came from. */
function mapDecodeError(error: unknown, object: string): unknown {
  if (isCoreError(error)) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'Z_BUF_ERROR') {
    return new CoreError(
      'CORE_TRUNCATED_ARCHIVE',
      `gunzip of ${object}: the gzip data must be complete, got an unexpected end of data`,
      { object },
      { cause: error },
    )
  }
  if (code === 'Z_DATA_ERROR' || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return new CoreError(
      'CORE_CORRUPT_ARCHIVE',
      `gunzip of ${object}: the data must be valid gzip, got ${errorMessage(error)}`,
      { object },
      { cause: error },
    )
  }
  return error
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new CoreError('CORE_INVALID_OPTION', `copy: ${option} must be a positive integer, got ${value}`, {
      value: String(value),
    })
  }
  return value
}

function nonNegativeInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `copy: ${option} must be a non-negative integer, got ${value}`,
      {
        value: String(value),
      },
    )
  }
  return value
}

function positiveNumber(value: number, option: string): number {
  if (!(value > 0)) {
    throw new CoreError('CORE_INVALID_OPTION', `copy: ${option} must be a positive number, got ${value}`, {
      value: String(value),
    })
  }
  return value
}
