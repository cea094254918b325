import type { Readable } from 'node:stream'

/** One entry of a listing, as ListObjects returns it with fields=name,size,etag,md5,timeModified. */
export interface ObjectSummary {
  readonly name: string
  readonly size: number
  readonly etag: string
  /** base64 MD5, or the multipart form `<b64>-N`; absent when the service gives none. */
  readonly md5: string | undefined
  /** ISO 8601 string, as the service sent it. */
  readonly timeModified: string
}

/** What HeadObject tells about one object. */
export interface ObjectHead {
  readonly name: string
  readonly size: number
  readonly etag: string
  readonly md5: string | undefined
  readonly contentType: string | undefined
  readonly lastModified: string | undefined
  /** `opc-meta-*` metadata with the `opc-meta-` prefix removed, keys lower-cased. */
  readonly metadata: Readonly<Record<string, string>>
}

/** A body being read: a Node stream plus what the GET response headers said. */
export interface ObjectBody {
  readonly stream: Readable
  readonly size: number
  readonly etag: string
  readonly md5: string | undefined
}

export interface PutResult {
  readonly etag: string
  /** The MD5 the service computed (`opc-content-md5` or `opc-multipart-md5`). */
  readonly md5: string | undefined
}

/**
 * One bucket seen through the official `oci-objectstorage` client. Every method retries
 * transient failures (429 TooManyRequests, 409 IncorrectState, 5xx, connection resets) with
 * backoff; request bodies are Buffers so retries can resend them.
 */
export interface ObjectStore {
  readonly namespace: string
  readonly bucket: string
  readonly region: string | undefined
  /** All pages, in name order. */
  list(
    prefix: string,
    options?: { start?: string; end?: string; signal?: AbortSignal },
  ): AsyncIterable<ObjectSummary>
  /** undefined when the object does not exist. */
  head(name: string, options?: { signal?: AbortSignal }): Promise<ObjectHead | undefined>
  /** `ifMatch` pins the etag so a source rewritten mid-read fails instead of mixing versions. */
  get(name: string, options?: { ifMatch?: string; signal?: AbortSignal }): Promise<ObjectBody>
  put(
    name: string,
    body: Buffer,
    options: { contentType?: string; metadata?: Record<string, string>; md5?: string; signal?: AbortSignal },
  ): Promise<PutResult>
  createMultipart(
    name: string,
    options: { contentType?: string; metadata?: Record<string, string>; signal?: AbortSignal },
  ): Promise<{ uploadId: string }>
  uploadPart(
    name: string,
    uploadId: string,
    partNum: number,
    body: Buffer,
    options?: { md5?: string; signal?: AbortSignal },
  ): Promise<{ etag: string; md5: string | undefined }>
  commitMultipart(
    name: string,
    uploadId: string,
    parts: ReadonlyArray<{ partNum: number; etag: string }>,
    options?: { signal?: AbortSignal },
  ): Promise<PutResult>
  abortMultipart(name: string, uploadId: string): Promise<void>
  listMultipartUploads(): AsyncIterable<{ object: string; uploadId: string }>
  delete(name: string): Promise<void>
}
