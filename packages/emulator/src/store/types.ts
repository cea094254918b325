import type { Readable } from 'node:stream'

/**
 * Where object bytes (and, for the disk store, the durable record of each object) live. The
 * service keeps its index in memory; a BlobStore holds immutable blobs, written once, so a GET
 * still streaming an old blob is unaffected by a concurrent overwrite of the same object name.
 */
export interface BlobStore {
  readonly kind: 'memory' | 'disk'
  /**
   * Consumes `source` completely into a new blob, hashing while streaming. On any source error
   * the partial blob is discarded and the error rethrown, so nothing half-written is left behind.
   */
  write(source: Readable | Buffer): Promise<WrittenBlob>
  /**
   * A new blob holding the given blobs back to back (multipart commit). Not hashed: a multipart
   * object's MD5 is built from its part digests, and re-hashing every byte at commit would stall
   * the commit answer for as long as hashing the whole object takes.
   */
  concat(blobs: readonly BlobRef[]): Promise<{ readonly blob: BlobRef }>
  /** Opens the blob for reading; `end` is inclusive. Opening first means a later delete cannot break the read. */
  open(blob: BlobRef, range?: { start: number; end: number }): Promise<Readable>
  /** Frees the blob and its persisted object record, if any; reads already opened keep working. */
  delete(blob: BlobRef): Promise<void>
  /** Durably records that `record.blobId` is the current content of an object (disk store). */
  persistObject(record: PersistedObject): Promise<void>
  persistBucket(record: PersistedBucket): Promise<void>
  deletePersistedBucket(namespace: string, name: string): Promise<void>
  /** What a previous run persisted (empty for the memory store). */
  load(): Promise<{ buckets: PersistedBucket[]; objects: PersistedObject[] }>
  close(): Promise<void>
}

export interface BlobRef {
  readonly id: string
  readonly size: number
}

export interface WrittenBlob {
  readonly blob: BlobRef
  /** Raw 16-byte MD5 digest of the content. */
  readonly md5: Buffer
}

export interface PersistedBucket {
  namespace: string
  name: string
  etag: string
  compartmentId: string
  timeCreated: string
  metadata: Record<string, string>
}

export interface PersistedObject {
  namespace: string
  bucket: string
  name: string
  /** Increases with every write in this data directory; the highest wins if a crash left two records. */
  sequence: number
  blobId: string
  size: number
  etag: string
  versionId: string
  /** base64 MD5, or `<base64>-<parts>` for multipart objects. */
  md5: string
  multipart: boolean
  contentType: string
  contentEncoding?: string
  contentLanguage?: string
  contentDisposition?: string
  cacheControl?: string
  /** Keys without the `opc-meta-` prefix, lower-case. */
  metadata: Record<string, string>
  storageTier: string
  timeCreated: string
  timeModified: string
}
