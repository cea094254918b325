import type { CoreErrorCode } from '../errors.js'
import type { Logger } from '../logger.js'
import type { ObjectStore } from '../store/types.js'
import type { ReportWindow } from '../window.js'

/** What the plan decided for one source object. */
export type CopyAction = 'copy' | 'recopy' | 'skip'

/** How one object ended: `planned` only in a dry run. */
export type CopyOutcome = 'copied' | 'skipped' | 'failed' | 'planned'

/** Limits that stop decompression bombs; both apply to every object (and every zip entry). */
export interface DecompressionLimits {
  /**
   * Largest allowed ratio of decompressed bytes to compressed bytes of one source object.
   * Real FOCUS CSVs compress about 6–15×; 200 leaves headroom for very repetitive files.
   * @default 200
   */
  readonly maxRatio?: number
  /**
   * Largest allowed decompressed size of one source object, in bytes.
   * @default 21474836480 (20 GiB)
   */
  readonly maxOutputBytes?: number
}

/** A progress event, emitted as objects start, move bytes and finish. */
export type CopyProgress =
  | { readonly type: 'planned'; readonly objects: number; readonly toCopy: number; readonly bytes: number }
  | { readonly type: 'object-start'; readonly source: string; readonly action: CopyAction }
  | {
      readonly type: 'bytes'
      readonly source: string
      /** Compressed bytes read from the source so far (all objects). */
      readonly bytesIn: number
      /** Bytes uploaded so far (all objects). */
      readonly bytesOut: number
    }
  | {
      readonly type: 'object-done'
      readonly result: CopyObjectResult
      readonly done: number
      readonly total: number
    }

/** Options of {@link copyObjects}. */
export interface CopyObjectsOptions {
  readonly source: ObjectStore
  readonly destination: ObjectStore
  /** Which source prefixes to list and which objects to keep (see `resolveWindow`). */
  readonly window: ReportWindow
  /** Prepended to every destination name, e.g. `raw/` (a missing trailing `/` is added). */
  readonly destPrefix?: string
  /** Copy the `.gz` bytes as they are instead of decompressing them. @default false */
  readonly keepCompressed?: boolean
  /** Objects copied at the same time. @default 4 */
  readonly concurrency?: number
  /** Plan only: list, HEAD, decide, write nothing. @default false */
  readonly dryRun?: boolean
  /** Re-copy objects the destination already has up to date. @default false */
  readonly force?: boolean
  /** Multipart part size in bytes. @default 8388608 (8 MiB) */
  readonly partSize?: number
  /** Parts of one object uploading at the same time. @default 3 */
  readonly maxPartsInFlight?: number
  /** Outputs up to this size go up in one PUT; larger ones use multipart. @default partSize */
  readonly singlePutMaxBytes?: number
  readonly limits?: DecompressionLimits
  /** Whole-object attempts when a download is cut or a transient error outlives request retries. @default 4 */
  readonly maxObjectAttempts?: number
  /** First delay between whole-object attempts, doubled each time (capped at 30 s). @default 500 */
  readonly retryBaseDelayMs?: number
  readonly signal?: AbortSignal
  readonly logger?: Logger
  readonly onProgress?: (event: CopyProgress) => void
  /** Recorded as `tool-version` metadata on every destination object. @default the core package version */
  readonly toolVersion?: string
}

/** The outcome for one source object. */
export interface CopyObjectResult {
  /** Source object name. */
  readonly source: string
  /** Destination object names: one, or one per zip entry. */
  readonly destination: string[]
  readonly action: CopyAction
  readonly outcome: CopyOutcome
  /** Bytes read from the source (compressed). */
  readonly bytesIn: number
  /** Bytes written to the destination (all entries). */
  readonly bytesOut: number
  /**
   * MD5 of the single destination as Object Storage reports it: base64 MD5 of the bytes for a
   * single PUT, `<b64>-N` (MD5 of the part digests) for a multipart upload.
   */
  readonly md5?: string
  /** Why it was skipped or recopied, or what failed. */
  readonly reason?: string
  readonly errorCode?: CoreErrorCode
}

/** What {@link copyObjects} and {@link copyReports} return. */
export interface CopyResult {
  readonly window: {
    readonly kind: string
    readonly from: string
    readonly to: string
    readonly days: string[]
  }
  readonly dryRun: boolean
  readonly objects: CopyObjectResult[]
  readonly totals: {
    /** Objects the plan wants to copy or recopy. */
    readonly planned: number
    readonly copied: number
    readonly skipped: number
    readonly failed: number
    readonly bytesIn: number
    readonly bytesOut: number
  }
}
