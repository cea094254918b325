import { CoreError, errorMessage } from '../errors.js'
import type { Logger } from '../logger.js'
import type { ObjectStore } from '../store/types.js'
import { md5Base64, multipartMd5, newMd5 } from './checksums.js'

export interface UploadOptions {
  readonly contentType: string
  readonly metadata: Record<string, string>
  readonly partSize: number
  readonly maxPartsInFlight: number
  readonly singlePutMaxBytes: number
  readonly signal: AbortSignal | undefined
  readonly logger: Logger
  /** Called after each part or single PUT is acknowledged, with its byte count. */
  readonly onUploaded?: (bytes: number) => void
}

export interface UploadResult {
  readonly name: string
  readonly bytes: number
  /** Base64 MD5 of the bytes (single PUT), or the multipart form `<b64>-N` the service reports. */
  readonly md5: string
  /** What the service reported: `opc-content-md5`, or `<b64>-N` for multipart. */
  readonly serviceMd5: string | undefined
  readonly parts: number
}

interface InFlightPart {
  readonly partNum: number
  readonly digest: Buffer
  readonly promise: Promise<void>
}

/**
 * Streams one destination object up with bounded memory. Bytes accumulate until they exceed
 * `singlePutMaxBytes`; a small output then goes up as ONE PUT of the complete buffer at
 * `finish()`, a large one switches to multipart with at most `maxPartsInFlight` Buffers uploading
 * (each a Buffer so the store can resend it). `write()` waits while the bound is reached, which is
 * the backpressure the SDK's UploadManager lacks. Nothing lands at the final name before
 * `finish()`: the single PUT and the multipart commit happen only there, after the caller has
 * verified the whole input. `abort()` removes any uncommitted upload.
 */
export class BoundedUpload {
  readonly #store: ObjectStore
  readonly #name: string
  readonly #options: UploadOptions
  readonly #hash = newMd5()
  #pending: Buffer[] = []
  #pendingBytes = 0
  #bytes = 0
  #uploadId: string | undefined
  #nextPart = 1
  readonly #inFlight = new Set<InFlightPart>()
  readonly #done: Array<{ partNum: number; etag: string; digest: Buffer }> = []
  #failure: unknown
  #state: 'open' | 'finished' | 'aborted' = 'open'

  constructor(store: ObjectStore, name: string, options: UploadOptions) {
    this.#store = store
    this.#name = name
    this.#options = options
  }

  get name(): string {
    return this.#name
  }

  async write(chunk: Buffer): Promise<void> {
    this.#throwIfFailed()
    if (chunk.length === 0) return
    // A whole-object MD5 only matters for a single PUT; multipart objects are identified by the
    // `<b64>-N` form built from the part digests, so large outputs are hashed once, not twice.
    if (this.#uploadId === undefined) this.#hash.update(chunk)
    this.#bytes += chunk.length
    this.#pending.push(chunk)
    this.#pendingBytes += chunk.length
    if (this.#uploadId === undefined && this.#pendingBytes <= this.#options.singlePutMaxBytes) return
    await this.#ensureMultipart()
    while (this.#pendingBytes >= this.#options.partSize) {
      await this.#startPart(this.#take(this.#options.partSize))
    }
  }

  /**
   * Sends everything written so far as uncommitted multipart parts, so nothing stays in memory
   * while the caller waits to `finish()` (zip entries wait for the whole archive's checks). An
   * empty output stays a (free) pending empty PUT: a multipart upload cannot have zero parts.
   */
  async stage(): Promise<void> {
    this.#throwIfFailed()
    if (this.#pendingBytes === 0) {
      await this.#drain(0)
      this.#throwIfFailed()
      return
    }
    await this.#ensureMultipart()
    await this.#startPart(this.#take(this.#pendingBytes))
    await this.#drain(0)
    this.#throwIfFailed()
  }

  /** Uploads what remains and makes the object visible at its name; verifies the service's MD5. */
  async finish(): Promise<UploadResult> {
    this.#throwIfFailed()
    const signal = this.#options.signal ? { signal: this.#options.signal } : {}
    if (this.#uploadId === undefined) {
      const md5 = this.#hash.digest('base64')
      const body = this.#take(this.#pendingBytes)
      const put = await this.#store.put(this.#name, body, {
        contentType: this.#options.contentType,
        metadata: this.#options.metadata,
        md5,
        ...signal,
      })
      this.#state = 'finished'
      this.#options.onUploaded?.(body.length)
      if (put.md5 !== undefined && put.md5 !== md5) {
        await this.#deleteQuietly()
        throw this.#mismatch(md5, put.md5)
      }
      return { name: this.#name, bytes: this.#bytes, md5, serviceMd5: put.md5, parts: 0 }
    }
    if (this.#pendingBytes > 0) await this.#startPart(this.#take(this.#pendingBytes))
    await this.#drain(0)
    this.#throwIfFailed()
    const parts = [...this.#done].sort((a, b) => a.partNum - b.partNum)
    const expected = multipartMd5(parts.map((part) => part.digest))
    const committed = await this.#store.commitMultipart(
      this.#name,
      this.#uploadId,
      parts.map(({ partNum, etag }) => ({ partNum, etag })),
      signal,
    )
    this.#state = 'finished'
    if (committed.md5 !== undefined && committed.md5 !== expected) {
      await this.#deleteQuietly()
      throw this.#mismatch(expected, committed.md5)
    }
    return {
      name: this.#name,
      bytes: this.#bytes,
      md5: expected,
      serviceMd5: committed.md5,
      parts: parts.length,
    }
  }

  /** Stops uploading and removes the uncommitted multipart upload, if any. Never throws. */
  async abort(): Promise<void> {
    if (this.#state !== 'open') return
    this.#state = 'aborted'
    this.#pending = []
    this.#pendingBytes = 0
    // Parts still uploading are cancelled by the caller's signal or finish on their own; the
    // abort below makes their upload id invalid either way.
    await Promise.allSettled([...this.#inFlight].map((part) => part.promise))
    if (this.#uploadId === undefined) return
    try {
      await this.#store.abortMultipart(this.#name, this.#uploadId)
    } catch (error) {
      this.#options.logger.warn(
        `copy: could not abort multipart upload of ${this.#name}: ${errorMessage(error)}; a lifecycle rule should clean it up`,
      )
    }
  }

  async #ensureMultipart(): Promise<void> {
    if (this.#uploadId !== undefined) return
    const created = await this.#store.createMultipart(this.#name, {
      contentType: this.#options.contentType,
      metadata: this.#options.metadata,
      ...(this.#options.signal ? { signal: this.#options.signal } : {}),
    })
    // abort() may have run while the create was in flight; the upload must not outlive it.
    this.#uploadId = created.uploadId
    if (this.#state === 'aborted')
      await this.#store.abortMultipart(this.#name, created.uploadId).catch(() => {})
  }

  #take(bytes: number): Buffer {
    if (bytes === this.#pendingBytes) {
      const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, bytes)
      this.#pending = []
      this.#pendingBytes = 0
      return all
    }
    const out = Buffer.allocUnsafe(bytes)
    let filled = 0
    while (filled < bytes) {
      const head = this.#pending[0]!
      const need = bytes - filled
      if (head.length <= need) {
        head.copy(out, filled)
        filled += head.length
        this.#pending.shift()
      } else {
        head.copy(out, filled, 0, need)
        this.#pending[0] = head.subarray(need)
        filled += need
      }
    }
    this.#pendingBytes -= bytes
    return out
  }

  async #startPart(body: Buffer): Promise<void> {
    await this.#drain(this.#options.maxPartsInFlight - 1)
    this.#throwIfFailed()
    const uploadId = this.#uploadId!
    const partNum = this.#nextPart++
    const digest = Buffer.from(md5Base64(body), 'base64')
    const promise = this.#store
      .uploadPart(this.#name, uploadId, partNum, body, {
        md5: digest.toString('base64'),
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
      })
      .then((result) => {
        if (result.md5 !== undefined && result.md5 !== digest.toString('base64')) {
          throw this.#mismatch(digest.toString('base64'), result.md5, partNum)
        }
        this.#done.push({ partNum, etag: result.etag, digest })
        this.#options.onUploaded?.(body.length)
      })
      .catch((error: unknown) => {
        this.#failure ??= error
      })
      .finally(() => {
        this.#inFlight.delete(part)
      })
    const part: InFlightPart = { partNum, digest, promise }
    this.#inFlight.add(part)
  }

  /** Waits until at most `limit` parts are uploading. */
  async #drain(limit: number): Promise<void> {
    while (this.#inFlight.size > limit) {
      await Promise.race([...this.#inFlight].map((part) => part.promise))
    }
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure
    if (this.#state !== 'open') {
      throw new CoreError('CORE_INVALID_OPTION', `upload: ${this.#name} is already ${this.#state}`, {
        object: this.#name,
      })
    }
  }

  #mismatch(expected: string, got: string, partNum?: number): CoreError {
    const what = partNum === undefined ? this.#name : `${this.#name} part ${partNum}`
    return new CoreError(
      'CORE_CHECKSUM_MISMATCH',
      `upload of ${what}: the service's MD5 must match the bytes sent (${expected}), got ${got}`,
      { bucket: this.#store.bucket, namespace: this.#store.namespace, object: this.#name, value: got },
    )
  }

  async #deleteQuietly(): Promise<void> {
    try {
      await this.#store.delete(this.#name)
    } catch (error) {
      this.#options.logger.warn(`copy: could not delete mismatched ${this.#name}: ${errorMessage(error)}`)
    }
  }
}
