import { Transform, type TransformCallback } from 'node:stream'
import { CoreError } from '../errors.js'
import { newMd5 } from './checksums.js'

// Downstream decompressors see at most this much per write, which bounds what one write can
// expand to before the bomb guard sees it.
const SLICE = 16 * 1024

/**
 * Counts and hashes the downloaded bytes; at the end checks them against the size and the plain
 * MD5 OCI gave, so a cut or altered download never reaches the destination. Its failures are
 * `retryable`: a fresh GET may succeed.
 */
export class DownloadVerifier extends Transform {
  readonly #hash = newMd5()
  readonly #object: string
  readonly #expectedSize: number
  readonly #expectedMd5: string | undefined
  readonly #onBytes: (bytes: number) => void
  bytes = 0
  verified = false
  md5: string | undefined

  constructor(
    object: string,
    expectedSize: number,
    expectedMd5: string | undefined,
    onBytes: (bytes: number) => void,
  ) {
    super()
    this.#object = object
    this.#expectedSize = expectedSize
    this.#expectedMd5 = expectedMd5
    this.#onBytes = onBytes
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk)
    this.bytes += chunk.length
    this.#onBytes(chunk.length)
    for (let at = 0; at < chunk.length; at += SLICE) this.push(chunk.subarray(at, at + SLICE))
    callback()
  }

  override _flush(callback: TransformCallback): void {
    this.md5 = this.#hash.digest('base64')
    if (this.bytes !== this.#expectedSize) {
      callback(
        new DownloadIncompleteError(
          `download of ${this.#object}: must deliver the listed ${this.#expectedSize} bytes, got ${this.bytes}`,
          this.#object,
          'CORE_TRUNCATED_ARCHIVE',
        ),
      )
      return
    }
    if (this.#expectedMd5 !== undefined && this.md5 !== this.#expectedMd5) {
      callback(
        new DownloadIncompleteError(
          `download of ${this.#object}: bytes must match the source MD5 ${this.#expectedMd5}, got ${this.md5}`,
          this.#object,
          'CORE_CHECKSUM_MISMATCH',
        ),
      )
      return
    }
    this.verified = true
    callback()
  }
}

/** A download that ended short or hashed wrong: worth another GET. */
export class DownloadIncompleteError extends CoreError {
  readonly retryable = true
  constructor(message: string, object: string, code: 'CORE_TRUNCATED_ARCHIVE' | 'CORE_CHECKSUM_MISMATCH') {
    super(code, message, { object })
  }
}
