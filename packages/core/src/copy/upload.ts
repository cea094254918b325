import { CoreError, errorMessage } from '../errors.js'
import type { Logger } from '../logger.js'
import type { ObjectStore } from '../store/types.js'
import { md5Base64, multipartMd5, newMd5 } from './checksums.js'

/** The first block of an upload; it doubles up to partSize as bytes arrive. */
const FIRST_BLOCK_BYTES = 64 * 1024

/** Object Storage accepts at most this many parts in one multipart upload. */
export const MAX_PARTS = 10_000

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
  readonly promise: Promise<void>
}

/**
 * Streams one destination object up with bounded memory. Bytes are copied into fixed blocks of
 * `partSize`, reused once their part is acknowledged, so one upload holds at most
 * `maxPartsInFlight + 1` blocks (plus, before it turns multipart, up to `singlePutMaxBytes`).
 * A small output goes up as ONE PUT of the complete buffer at `finish()`; a large one switches to
 * multipart with at most `maxPartsInFlight` parts uploading. `write()` waits while that bound is
 * reached: the backpressure the SDK's UploadManager lacks. Nothing lands at the final name before
 * `finish()` (single PUT or multipart commit), which the caller calls only after verifying the
 * whole input. `abort()` removes any uncommitted upload.
 */
export class BoundedUpload {
  readonly #store: ObjectStore
  readonly #name: string
  readonly #options: UploadOptions
  readonly #hash = newMd5()
  /** Full blocks not yet sent (only while still a single PUT candidate). */
  #full: Buffer[] = []
  #current: Buffer | undefined
  #filled = 0
  #free: Buffer[] = []
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
    // A whole-object MD5 only matters for a single PUT; multipart objects are identified by the
    // `<b64>-N` form built from the part digests, so large outputs are hashed once, not twice.
    if (this.#uploadId === undefined) this.#hash.update(chunk)
    this.#bytes += chunk.length
    const { partSize } = this.#options
    for (let at = 0; at < chunk.length; ) {
      this.#current ??= this.#free.pop() ?? Buffer.allocUnsafeSlow(Math.min(partSize, FIRST_BLOCK_BYTES))
      const copied = chunk.copy(this.#current, this.#filled, at)
      at += copied
      this.#filled += copied
      if (this.#filled < partSize) {
        if (this.#filled === this.#current.length) this.#current = this.#grow(this.#current)
        continue
      }
      const block = this.#current
      this.#current = undefined
      this.#filled = 0
      if (this.#uploadId === undefined) {
        this.#full.push(block)
        if (this.#bytes <= this.#options.singlePutMaxBytes) continue
        await this.#ensureMultipart()
        for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending)
      } else await this.#startPart(block, block)
    }
    if (this.#uploadId === undefined && this.#bytes > this.#options.singlePutMaxBytes) {
      await this.#ensureMultipart()
      for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending)
    }
  }

  /**
   * Sends everything written so far as uncommitted multipart parts and frees the blocks, so
   * nothing stays in memory while the caller waits to `finish()` (zip entries wait for the whole
   * archive's checks). An empty output stays a pending empty PUT: a multipart upload cannot have
   * zero parts.
   */
  async stage(): Promise<void> {
    this.#throwIfFailed()
    if (this.#bytes > 0) {
      await this.#ensureMultipart()
      for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending)
      if (this.#filled > 0) await this.#sendCurrent()
    }
    await this.#drain(0)
    this.#throwIfFailed()
    this.#free = []
  }

  /** Uploads what remains and makes the object visible at its name; verifies the service's MD5. */
  async finish(): Promise<UploadResult> {
    this.#throwIfFailed()
    const signal = this.#options.signal ? { signal: this.#options.signal } : {}
    if (this.#uploadId === undefined) {
      const md5 = this.#hash.digest('base64')
      const tail = this.#current?.subarray(0, this.#filled) ?? Buffer.alloc(0)
      const body = this.#full.length === 0 ? tail : Buffer.concat([...this.#full, tail], this.#bytes)
      const put = await this.#store.put(this.#name, body, {
        contentType: this.#options.contentType,
        metadata: this.#options.metadata,
        md5,
        ...signal,
      })
      this.#state = 'finished'
      this.#release()
      this.#options.onUploaded?.(body.length)
      if (put.md5 !== undefined && put.md5 !== md5) {
        await this.#deleteQuietly()
        throw this.#mismatch(md5, put.md5)
      }
      return { name: this.#name, bytes: this.#bytes, md5, serviceMd5: put.md5, parts: 0 }
    }
    if (this.#filled > 0) await this.#sendCurrent()
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
    this.#release()
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
    // Parts still uploading are cancelled by the caller's signal or finish on their own; the
    // abort below makes their upload id invalid either way.
    await Promise.allSettled([...this.#inFlight].map((part) => part.promise))
    this.#release()
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
    this.#uploadId = created.uploadId
    // abort() may have run while the create was in flight; the upload must not outlive it.
    if (this.#state === 'aborted')
      await this.#store.abortMultipart(this.#name, created.uploadId).catch(() => {})
  }

  async #sendCurrent(): Promise<void> {
    const block = this.#current!
    const body = block.subarray(0, this.#filled)
    this.#current = undefined
    this.#filled = 0
    await this.#startPart(body, block)
  }

  /**
   * A block twice as large (at most partSize) holding the bytes so far. Blocks start small so
   * that a small object does not allocate a whole part: 500 small objects allocated 4 GB of
   * 8 MiB blocks, and the external-memory pressure forced a full GC about every other object.
   */
  #grow(block: Buffer): Buffer {
    const grown = Buffer.allocUnsafeSlow(Math.min(this.#options.partSize, block.length * 2))
    block.copy(grown, 0, 0, this.#filled)
    return grown
  }

  /** Uploads `body` as the next part; `block` (which holds it) is reused once the part is done. */
  async #startPart(body: Buffer, block: Buffer): Promise<void> {
    await this.#drain(this.#options.maxPartsInFlight - 1)
    this.#throwIfFailed()
    const partNum = this.#nextPart++
    if (partNum > MAX_PARTS) {
      throw new CoreError(
        'CORE_INVALID_OPTION',
        `upload of ${this.#name}: an object takes at most ${MAX_PARTS} parts, got more at partSize ${this.#options.partSize}; raise partSize`,
        { object: this.#name, value: String(this.#options.partSize) },
      )
    }
    const digest = md5Base64(body)
    const part: InFlightPart = {
      promise: this.#store
        .uploadPart(this.#name, this.#uploadId!, partNum, body, {
          md5: digest,
          ...(this.#options.signal ? { signal: this.#options.signal } : {}),
        })
        .then((result) => {
          if (result.md5 !== undefined && result.md5 !== digest)
            throw this.#mismatch(digest, result.md5, partNum)
          this.#done.push({ partNum, etag: result.etag, digest: Buffer.from(digest, 'base64') })
          this.#options.onUploaded?.(body.length)
        })
        .catch((error: unknown) => {
          this.#failure ??= error
        })
        .finally(() => {
          this.#inFlight.delete(part)
          if (this.#state === 'open') this.#free.push(block)
        }),
    }
    this.#inFlight.add(part)
  }

  /** Waits until at most `limit` parts are uploading. */
  async #drain(limit: number): Promise<void> {
    while (this.#inFlight.size > limit) {
      await Promise.race([...this.#inFlight].map((part) => part.promise))
    }
  }

  #release(): void {
    this.#full = []
    this.#current = undefined
    this.#filled = 0
    this.#free = []
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
