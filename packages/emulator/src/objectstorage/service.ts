import { createHash, randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import type { BlobRef, BlobStore, PersistedBucket, PersistedObject } from '../store/types.js'
import { listPage, parseFields } from './list.js'
import type { Route } from './routes.js'
import { SortedNames } from './sorted-names.js'
import {
  drainBody,
  type Exchange,
  type Query,
  requestBody,
  ServiceError,
  sendEmpty,
  sendJson,
  sendStream,
} from './wire.js'

/** Content headers stored with an object and echoed on GET/HEAD. */
export interface ContentHeaders {
  contentType: string
  contentEncoding?: string
  contentLanguage?: string
  contentDisposition?: string
  cacheControl?: string
}

export interface StoredObject extends ContentHeaders {
  readonly name: string
  readonly blob: BlobRef
  readonly size: number
  readonly etag: string
  readonly versionId: string
  /** base64 MD5 for single PUTs; `<base64>-<parts>` for multipart objects. */
  readonly md5: string
  readonly multipart: boolean
  /** Keys without `opc-meta-`, lower-case. */
  readonly metadata: Readonly<Record<string, string>>
  readonly storageTier: string
  readonly timeCreated: Date
  readonly timeModified: Date
  readonly sequence: number
}

interface Part {
  readonly partNumber: number
  readonly etag: string
  readonly md5: Buffer
  readonly size: number
  readonly blob: BlobRef
}

interface Upload extends ContentHeaders {
  readonly uploadId: string
  readonly object: string
  readonly timeCreated: Date
  readonly storageTier: string
  readonly metadata: Record<string, string>
  readonly parts: Map<number, Part>
  committing: boolean
}

interface Bucket {
  readonly namespace: string
  readonly name: string
  readonly etag: string
  readonly compartmentId: string
  readonly timeCreated: Date
  readonly metadata: Record<string, string>
  readonly objects: Map<string, StoredObject>
  readonly names: SortedNames
  readonly uploads: Map<string, Upload>
}

export interface PutAttributes extends Partial<ContentHeaders> {
  metadata?: Record<string, string>
  storageTier?: string
  /** Overrides the write time (tests of look-back windows and late files). */
  timeModified?: Date
  /**
   * Records this MD5 instead of the body's own, as if the stored bytes no longer matched their
   * checksum (bit rot, a corrupt replica): tests of clients that verify what they download.
   */
  md5?: string
}

const MAX_LIST_LIMIT = 1000
const MAX_PART_NUMBER = 10_000
const DEFAULT_CONTENT_TYPE = 'application/octet-stream'
const META_PREFIX = 'opc-meta-'

/**
 * The Object Storage native API over an in-memory index and a BlobStore: buckets, objects,
 * listing, conditional requests, ranges and multipart uploads, answering as the real service does
 * (reference/objectstorage-api.md). Direct (non-HTTP) helpers serve test set-up and seeding.
 */
export class ObjectStorageService {
  readonly defaultNamespace: string
  readonly #blobs: BlobStore
  readonly #namespaces = new Map<string, Map<string, Bucket>>()
  #sequence = 0

  constructor(options: { blobs: BlobStore; defaultNamespace: string }) {
    this.#blobs = options.blobs
    this.defaultNamespace = options.defaultNamespace
  }

  /** Restores what a disk store persisted in an earlier run; stale duplicates left by a crash are freed. */
  async restore(): Promise<void> {
    const { buckets, objects } = await this.#blobs.load()
    for (const record of buckets) {
      this.#addBucket({
        namespace: record.namespace,
        name: record.name,
        etag: record.etag,
        compartmentId: record.compartmentId,
        timeCreated: new Date(record.timeCreated),
        metadata: record.metadata,
      })
    }
    for (const record of objects.sort((a, b) => a.sequence - b.sequence)) {
      this.#sequence = Math.max(this.#sequence, record.sequence)
      const bucket = this.#namespaces.get(record.namespace)?.get(record.bucket)
      const blob = { id: record.blobId, size: record.size }
      if (!bucket) {
        await this.#blobs.delete(blob)
        continue
      }
      const previous = bucket.objects.get(record.name)
      const { namespace: _n, bucket: _b, blobId: _id, ...fields } = record
      this.#setObject(bucket, {
        ...fields,
        blob,
        timeCreated: new Date(record.timeCreated),
        timeModified: new Date(record.timeModified),
      })
      if (previous) await this.#blobs.delete(previous.blob)
    }
  }

  // ---- direct helpers -------------------------------------------------------------------------

  hasNamespace(namespace: string): boolean {
    return namespace === this.defaultNamespace || this.#namespaces.has(namespace)
  }

  /** Creates a bucket; returns false if it already existed. */
  async createBucket(
    namespace: string,
    name: string,
    options: { compartmentId?: string; metadata?: Record<string, string> } = {},
  ): Promise<boolean> {
    if (this.#namespaces.get(namespace)?.has(name)) return false
    const record: PersistedBucket = {
      namespace,
      name,
      etag: randomUUID(),
      // the cost-report bucket is named after the tenancy and lives in its root compartment
      compartmentId:
        options.compartmentId ??
        (name.startsWith('ocid1.tenancy.') ? name : 'ocid1.compartment.oc1..emulator'),
      timeCreated: new Date().toISOString(),
      metadata: options.metadata ?? {},
    }
    this.#addBucket({ ...record, timeCreated: new Date(record.timeCreated) })
    await this.#blobs.persistBucket(record)
    return true
  }

  /** Stores an object from a buffer or stream (no preconditions). */
  async putObject(
    namespace: string,
    bucketName: string,
    name: string,
    body: Readable | Buffer,
    attributes: PutAttributes = {},
  ): Promise<StoredObject> {
    const bucket = this.#bucket(namespace, bucketName)
    const written = await this.#blobs.write(body)
    return this.#commitObject(bucket, name, {
      blob: written.blob,
      md5: written.md5.toString('base64'),
      multipart: false,
      ...attributes,
    })
  }

  getObjectRecord(namespace: string, bucketName: string, name: string): StoredObject | undefined {
    return this.#namespaces.get(namespace)?.get(bucketName)?.objects.get(name)
  }

  async readObject(record: StoredObject): Promise<Buffer> {
    const chunks: Buffer[] = []
    for await (const chunk of await this.#blobs.open(record.blob)) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  listObjectNames(namespace: string, bucketName: string): string[] {
    const bucket = this.#bucket(namespace, bucketName)
    return [...bucket.names.from('', false)].map((entry) => entry.name)
  }

  listUploads(namespace: string, bucketName: string): Array<{ object: string; uploadId: string }> {
    const bucket = this.#bucket(namespace, bucketName)
    return [...bucket.uploads.values()].map((upload) => ({
      object: upload.object,
      uploadId: upload.uploadId,
    }))
  }

  /** Frees every blob (memory store) at shutdown. */
  async close(): Promise<void> {
    await this.#blobs.close()
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  /** Answers one routed request. `jsonBody` is the already-read body of JSON operations. */
  async handle(exchange: Exchange, route: Route, query: Query, jsonBody: Buffer | undefined): Promise<void> {
    const { req } = exchange
    switch (route.operation) {
      case 'GetNamespace':
        return sendJson(exchange, 200, this.defaultNamespace)
      case 'GetNamespaceMetadata': {
        const namespace = route.namespace!
        if (!this.hasNamespace(namespace)) {
          throw new ServiceError(
            404,
            'NamespaceNotFound',
            `You do not have authorization to perform this request, or the requested resource could not be found.`,
          )
        }
        return sendJson(exchange, 200, {
          namespace,
          defaultS3CompartmentId: 'ocid1.compartment.oc1..emulator',
          defaultSwiftCompartmentId: 'ocid1.compartment.oc1..emulator',
        })
      }
      case 'ListBuckets':
        return this.#listBuckets(exchange, route.namespace!, query)
      case 'CreateBucket':
        return this.#createBucketHttp(exchange, route.namespace!, parseJson(jsonBody))
      case 'GetBucket':
      case 'HeadBucket':
        return this.#getBucket(exchange, this.#bucket(route.namespace!, route.bucket!), query)
      case 'DeleteBucket':
        return this.#deleteBucket(exchange, this.#bucket(route.namespace!, route.bucket!))
      case 'ListObjects':
        return this.#listObjects(exchange, this.#bucket(route.namespace!, route.bucket!), query)
      case 'GetObject':
      case 'HeadObject':
        return this.#getObject(exchange, this.#bucket(route.namespace!, route.bucket!), route.object!, query)
      case 'PutObject':
        return this.#putObjectHttp(exchange, this.#bucket(route.namespace!, route.bucket!), route.object!)
      case 'DeleteObject':
        return this.#deleteObject(exchange, this.#bucket(route.namespace!, route.bucket!), route.object!)
      case 'RenameObject':
        return this.#renameObject(
          exchange,
          this.#bucket(route.namespace!, route.bucket!),
          parseJson(jsonBody),
        )
      case 'CreateMultipartUpload':
        return this.#createUpload(
          exchange,
          this.#bucket(route.namespace!, route.bucket!),
          parseJson(jsonBody),
        )
      case 'ListMultipartUploads':
        return this.#listUploadsHttp(exchange, this.#bucket(route.namespace!, route.bucket!), query)
      case 'UploadPart':
        return this.#uploadPart(exchange, this.#bucket(route.namespace!, route.bucket!), route.object!, query)
      case 'CommitMultipartUpload':
        return this.#commitUpload(
          exchange,
          this.#bucket(route.namespace!, route.bucket!),
          route.object!,
          query,
          parseJson(jsonBody),
        )
      case 'AbortMultipartUpload': {
        const bucket = this.#bucket(route.namespace!, route.bucket!)
        const upload = this.#upload(bucket, route.object!, query)
        bucket.uploads.delete(upload.uploadId)
        await this.#freeParts(upload.parts.values())
        return sendEmpty(exchange, 204)
      }
      case 'ListMultipartUploadParts':
        return this.#listParts(exchange, this.#bucket(route.namespace!, route.bucket!), route.object!, query)
      default: {
        const unreachable: never = route.operation
        throw new ServiceError(404, 'NotFound', `Unsupported operation ${String(unreachable)} for ${req.url}`)
      }
    }
  }

  // ---- buckets --------------------------------------------------------------------------------

  #addBucket(fields: Omit<Bucket, 'objects' | 'names' | 'uploads'>): Bucket {
    let buckets = this.#namespaces.get(fields.namespace)
    if (!buckets) {
      buckets = new Map()
      this.#namespaces.set(fields.namespace, buckets)
    }
    const bucket: Bucket = { ...fields, objects: new Map(), names: new SortedNames(), uploads: new Map() }
    buckets.set(fields.name, bucket)
    return bucket
  }

  #bucket(namespace: string, name: string): Bucket {
    const bucket = this.#namespaces.get(namespace)?.get(name)
    if (!bucket) {
      throw new ServiceError(
        404,
        'BucketNotFound',
        `Either the bucket named '${name}' does not exist in the namespace '${namespace}' or you are not authorized to access it`,
      )
    }
    return bucket
  }

  #bucketJson(bucket: Bucket, fields: Set<string>): Record<string, unknown> {
    const json: Record<string, unknown> = {
      namespace: bucket.namespace,
      name: bucket.name,
      compartmentId: bucket.compartmentId,
      metadata: bucket.metadata,
      createdBy: 'ocid1.user.oc1..emulator',
      timeCreated: bucket.timeCreated.toISOString(),
      etag: bucket.etag,
      publicAccessType: 'NoPublicAccess',
      storageTier: 'Standard',
      objectEventsEnabled: false,
      freeformTags: {},
      definedTags: {},
      kmsKeyId: null,
      versioning: 'Disabled',
      replicationEnabled: false,
      isReadOnly: false,
      id: `ocid1.bucket.oc1..${createHash('sha1').update(`${bucket.namespace}/${bucket.name}`).digest('hex')}`,
    }
    if (fields.has('autotiering')) json['autoTiering'] = 'Disabled'
    if (fields.has('approximatecount')) json['approximateCount'] = bucket.objects.size
    if (fields.has('approximatesize')) {
      let size = 0
      for (const object of bucket.objects.values()) size += object.size
      json['approximateSize'] = size
    }
    return json
  }

  #getBucket(exchange: Exchange, bucket: Bucket, query: Query): void {
    const headers = { etag: bucket.etag }
    checkConditions(exchange.req.headers, bucket.etag, 'read')
    if (exchange.req.method === 'HEAD') {
      sendEmpty(exchange, 200, headers)
      return
    }
    const fields = new Set(
      (query.get('fields') ?? [])
        .flatMap((value) => value.split(','))
        .map((field) => field.trim().toLowerCase()),
    )
    sendJson(exchange, 200, this.#bucketJson(bucket, fields), headers)
  }

  #listBuckets(exchange: Exchange, namespace: string, query: Query): void {
    const buckets = [...(this.#namespaces.get(namespace)?.values() ?? [])].sort((a, b) =>
      compare(a.name, b.name),
    )
    const limit = parseLimit(query)
    const page = parsePage(query)
    const slice = buckets.slice(page, page + limit)
    const headers: OutgoingHttpHeaders = {}
    if (page + limit < buckets.length) headers['opc-next-page'] = String(page + limit)
    sendJson(
      exchange,
      200,
      slice.map((bucket) => ({
        namespace: bucket.namespace,
        name: bucket.name,
        compartmentId: bucket.compartmentId,
        createdBy: 'ocid1.user.oc1..emulator',
        timeCreated: bucket.timeCreated.toISOString(),
        etag: bucket.etag,
        freeformTags: {},
        definedTags: {},
      })),
      headers,
    )
  }

  async #createBucketHttp(
    exchange: Exchange,
    namespace: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    const name = requireString(body, 'name')
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(name)) {
      throw new ServiceError(
        400,
        'InvalidBucketName',
        `Bucket names may contain only letters, digits, '.', '-' and '_' (1 to 256 characters), got '${name}'`,
      )
    }
    const compartmentId = typeof body['compartmentId'] === 'string' ? body['compartmentId'] : undefined
    const metadata = isStringRecord(body['metadata']) ? body['metadata'] : undefined
    const created = await this.createBucket(namespace, name, {
      ...(compartmentId ? { compartmentId } : {}),
      ...(metadata ? { metadata } : {}),
    })
    if (!created) {
      throw new ServiceError(
        409,
        'BucketAlreadyExists',
        `Either the bucket '${name}' in namespace '${namespace}' already exists or you are not authorized to create it`,
      )
    }
    const bucket = this.#bucket(namespace, name)
    sendJson(exchange, 200, this.#bucketJson(bucket, new Set()), {
      etag: bucket.etag,
      location: `/n/${encodeURIComponent(namespace)}/b/${encodeURIComponent(name)}`,
    })
  }

  async #deleteBucket(exchange: Exchange, bucket: Bucket): Promise<void> {
    checkConditions(exchange.req.headers, bucket.etag, 'write')
    if (bucket.objects.size > 0 || bucket.uploads.size > 0) {
      throw new ServiceError(
        409,
        'BucketNotEmpty',
        `Bucket named '${bucket.name}' is not empty. Delete all objects first.`,
      )
    }
    this.#namespaces.get(bucket.namespace)?.delete(bucket.name)
    await this.#blobs.deletePersistedBucket(bucket.namespace, bucket.name)
    sendEmpty(exchange, 204)
  }

  // ---- objects --------------------------------------------------------------------------------

  #listObjects(exchange: Exchange, bucket: Bucket, query: Query): void {
    const delimiter = single(query, 'delimiter')
    if (delimiter !== undefined && delimiter !== '/') {
      throw new ServiceError(400, 'InvalidParameter', `The delimiter must be '/', got '${delimiter}'`)
    }
    const fields = parseFields(query.get('fields'))
    const start = single(query, 'start')
    const startAfter = single(query, 'startAfter')
    const end = single(query, 'end')
    const page = listPage(bucket.names, {
      prefix: single(query, 'prefix') ?? '',
      limit: parseLimit(query),
      ...(start !== undefined ? { start } : {}),
      ...(startAfter !== undefined ? { startAfter } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(delimiter ? { delimiter: '/' as const } : {}),
    })
    const objects: Array<Record<string, unknown>> = []
    const prefixes: string[] = []
    for (const entry of page.entries) {
      if (entry.kind === 'prefix') {
        prefixes.push(entry.prefix)
        continue
      }
      const object = bucket.objects.get(entry.name)!
      const json: Record<string, unknown> = { name: object.name }
      if (fields.has('size')) json['size'] = object.size
      if (fields.has('timeCreated')) json['timeCreated'] = object.timeCreated.toISOString()
      if (fields.has('timeModified')) json['timeModified'] = object.timeModified.toISOString()
      if (fields.has('etag')) json['etag'] = object.etag
      if (fields.has('storageTier')) json['storageTier'] = object.storageTier
      if (fields.has('md5')) json['md5'] = object.md5
      objects.push(json)
    }
    const body: Record<string, unknown> = { objects }
    if (delimiter) body['prefixes'] = prefixes
    if (page.nextStartWith !== undefined) body['nextStartWith'] = page.nextStartWith
    sendJson(exchange, 200, body)
  }

  #object(bucket: Bucket, name: string): StoredObject {
    const object = bucket.objects.get(name)
    if (!object) {
      throw new ServiceError(
        404,
        'ObjectNotFound',
        `The object '${name}' was not found in the bucket '${bucket.name}'`,
      )
    }
    return object
  }

  async #getObject(exchange: Exchange, bucket: Bucket, name: string, query: Query): Promise<void> {
    const object = this.#object(bucket, name)
    const headers = objectHeaders(object)
    checkConditions(exchange.req.headers, object.etag, 'read', headers)
    overrideResponseHeaders(headers, query)
    if (exchange.req.method === 'HEAD') {
      return sendEmpty(exchange, 200, { ...headers, 'content-length': object.size })
    }
    const range = parseRange(exchange.req.headers.range, object.size)
    if (range === 'unsatisfiable') {
      throw new ServiceError(
        416,
        'InvalidRange',
        `The requested range '${exchange.req.headers.range}' is not satisfiable for an object of ${object.size} bytes`,
        { 'content-range': `bytes */${object.size}` },
      )
    }
    const body = await this.#blobs.open(object.blob, range)
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${object.size}`
      return sendStream(exchange, 206, headers, body, range.end - range.start + 1)
    }
    return sendStream(exchange, 200, headers, body, object.size)
  }

  async #putObjectHttp(exchange: Exchange, bucket: Bucket, name: string): Promise<void> {
    const { headers } = exchange.req
    const preconditions = () => checkWritePreconditions(headers, bucket.objects.get(name))
    const expectedMd5 = parseContentMd5(headers['content-md5'])
    try {
      preconditions()
    } catch (error) {
      await drainBody(exchange)
      throw error
    }
    const written = await this.#blobs.write(requestBody(exchange))
    try {
      checkMd5(written.md5, expectedMd5)
      // the object may have changed while the body was streaming in
      preconditions()
    } catch (error) {
      await this.#blobs.delete(written.blob)
      throw error
    }
    const object = await this.#commitObject(bucket, name, {
      blob: written.blob,
      md5: written.md5.toString('base64'),
      multipart: false,
      ...contentHeadersFrom(headers),
      metadata: metadataFromHeaders(headers),
      storageTier: headerValue(headers, 'storage-tier') ?? 'Standard',
    })
    sendEmpty(exchange, 200, {
      etag: object.etag,
      'last-modified': object.timeModified.toUTCString(),
      'opc-content-md5': object.md5,
      'version-id': object.versionId,
    })
  }

  async #commitObject(
    bucket: Bucket,
    name: string,
    fields: PutAttributes & { blob: BlobRef; md5: string; multipart: boolean },
  ): Promise<StoredObject> {
    const now = fields.timeModified ?? new Date()
    const previous = bucket.objects.get(name)
    const object: StoredObject = {
      name,
      blob: fields.blob,
      size: fields.blob.size,
      etag: randomUUID(),
      versionId: randomUUID(),
      md5: fields.md5,
      multipart: fields.multipart,
      contentType: fields.contentType ?? DEFAULT_CONTENT_TYPE,
      ...(fields.contentEncoding ? { contentEncoding: fields.contentEncoding } : {}),
      ...(fields.contentLanguage ? { contentLanguage: fields.contentLanguage } : {}),
      ...(fields.contentDisposition ? { contentDisposition: fields.contentDisposition } : {}),
      ...(fields.cacheControl ? { cacheControl: fields.cacheControl } : {}),
      metadata: { ...(fields.metadata ?? {}) },
      storageTier: fields.storageTier ?? 'Standard',
      timeCreated: now,
      timeModified: now,
      sequence: ++this.#sequence,
    }
    // record first, then switch the index, then free the old bytes: a crash keeps one good copy
    await this.#blobs.persistObject(toPersisted(bucket, object))
    this.#setObject(bucket, object)
    if (previous) await this.#blobs.delete(previous.blob)
    return object
  }

  #setObject(bucket: Bucket, object: StoredObject): void {
    bucket.objects.set(object.name, object)
    bucket.names.add(object.name)
  }

  async #deleteObject(exchange: Exchange, bucket: Bucket, name: string): Promise<void> {
    const object = this.#object(bucket, name)
    checkConditions(exchange.req.headers, object.etag, 'write')
    bucket.objects.delete(name)
    bucket.names.delete(name)
    await this.#blobs.delete(object.blob)
    sendEmpty(exchange, 204, { 'last-modified': new Date().toUTCString() })
  }

  async #renameObject(exchange: Exchange, bucket: Bucket, body: Record<string, unknown>): Promise<void> {
    const sourceName = requireString(body, 'sourceName')
    const newName = requireString(body, 'newName')
    const source = this.#object(bucket, sourceName)
    const srcIfMatch = body['srcObjIfMatchETag']
    if (typeof srcIfMatch === 'string' && unquote(srcIfMatch) !== source.etag) {
      throw new ServiceError(
        412,
        'IfMatchFailed',
        `The If-Match ETag does not match the current ETag of '${sourceName}'`,
      )
    }
    const target = bucket.objects.get(newName)
    const newIfMatch = body['newObjIfMatchETag']
    if (typeof newIfMatch === 'string' && (!target || unquote(newIfMatch) !== target.etag)) {
      throw new ServiceError(
        412,
        'IfMatchFailed',
        `The If-Match ETag does not match the current ETag of '${newName}'`,
      )
    }
    if (body['newObjIfNoneMatchETag'] === '*' && target) {
      throw new ServiceError(412, 'IfNoneMatchFailed', `The object '${newName}' already exists`)
    }
    if (sourceName !== newName) {
      const renamed: StoredObject = {
        ...source,
        name: newName,
        timeModified: new Date(),
        sequence: ++this.#sequence,
      }
      await this.#blobs.persistObject(toPersisted(bucket, renamed))
      bucket.objects.delete(sourceName)
      bucket.names.delete(sourceName)
      this.#setObject(bucket, renamed)
      if (target) await this.#blobs.delete(target.blob)
    }
    const current = bucket.objects.get(newName)!
    sendEmpty(exchange, 200, {
      etag: current.etag,
      'last-modified': current.timeModified.toUTCString(),
      'version-id': current.versionId,
    })
  }

  // ---- multipart ------------------------------------------------------------------------------

  #upload(bucket: Bucket, object: string, query: Query): Upload {
    const uploadId = single(query, 'uploadId')
    if (uploadId === undefined || uploadId === '') {
      throw new ServiceError(400, 'MissingParameter', 'The uploadId query parameter is required')
    }
    const upload = bucket.uploads.get(uploadId)
    if (!upload || upload.object !== object || upload.committing) {
      throw new ServiceError(404, 'UploadNotFound', `No such upload`)
    }
    return upload
  }

  async #createUpload(exchange: Exchange, bucket: Bucket, body: Record<string, unknown>): Promise<void> {
    const object = requireString(body, 'object', 'MissingParameter')
    checkWritePreconditions(exchange.req.headers, bucket.objects.get(object))
    const metadata: Record<string, string> = {}
    if (isStringRecord(body['metadata'])) {
      for (const [key, value] of Object.entries(body['metadata'])) {
        const lower = key.toLowerCase()
        metadata[lower.startsWith(META_PREFIX) ? lower.slice(META_PREFIX.length) : lower] = value
      }
    }
    const upload: Upload = {
      uploadId: randomUUID(),
      object,
      timeCreated: new Date(),
      storageTier: typeof body['storageTier'] === 'string' ? body['storageTier'] : 'Standard',
      contentType: typeof body['contentType'] === 'string' ? body['contentType'] : DEFAULT_CONTENT_TYPE,
      ...optionalString(body, 'contentEncoding'),
      ...optionalString(body, 'contentLanguage'),
      ...optionalString(body, 'contentDisposition'),
      ...optionalString(body, 'cacheControl'),
      metadata,
      parts: new Map(),
      committing: false,
    }
    bucket.uploads.set(upload.uploadId, upload)
    sendJson(exchange, 200, uploadJson(bucket, upload), {
      location: `/n/${encodeURIComponent(bucket.namespace)}/b/${encodeURIComponent(bucket.name)}/u/${encodeURIComponent(object)}?uploadId=${upload.uploadId}`,
    })
  }

  async #uploadPart(exchange: Exchange, bucket: Bucket, object: string, query: Query): Promise<void> {
    const { headers } = exchange.req
    let upload: Upload
    let partNumber: number
    let expectedMd5: Buffer | undefined
    try {
      upload = this.#upload(bucket, object, query)
      const rawNumber = single(query, 'uploadPartNum')
      partNumber = Number(rawNumber)
      if (!rawNumber || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
        throw new ServiceError(
          400,
          'InvalidParameter',
          `The uploadPartNum must be an integer from 1 to ${MAX_PART_NUMBER}, got '${rawNumber ?? ''}'`,
        )
      }
      expectedMd5 = parseContentMd5(headers['content-md5'])
      // if-match / if-none-match apply to the existing part, as in real OCI
      checkWritePreconditions(headers, upload.parts.get(partNumber))
    } catch (error) {
      await drainBody(exchange)
      throw error
    }
    const written = await this.#blobs.write(requestBody(exchange))
    try {
      checkMd5(written.md5, expectedMd5)
      if (!bucket.uploads.has(upload.uploadId) || upload.committing) {
        throw new ServiceError(404, 'UploadNotFound', 'No such upload')
      }
    } catch (error) {
      await this.#blobs.delete(written.blob)
      throw error
    }
    const part: Part = {
      partNumber,
      etag: randomUUID(),
      md5: written.md5,
      size: written.blob.size,
      blob: written.blob,
    }
    const previous = upload.parts.get(partNumber)
    upload.parts.set(partNumber, part)
    if (previous) await this.#blobs.delete(previous.blob)
    sendEmpty(exchange, 200, { etag: part.etag, 'opc-content-md5': part.md5.toString('base64') })
  }

  async #commitUpload(
    exchange: Exchange,
    bucket: Bucket,
    object: string,
    query: Query,
    body: Record<string, unknown>,
  ): Promise<void> {
    const upload = this.#upload(bucket, object, query)
    const listed = body['partsToCommit']
    if (listed !== undefined && !Array.isArray(listed)) {
      throw new ServiceError(400, 'InvalidParameter', 'partsToCommit must be an array of {partNum, etag}')
    }
    if (!listed || listed.length === 0) {
      throw new ServiceError(400, 'InvalidUploadPart', 'There are no parts to commit')
    }
    const chosen: Part[] = []
    const seen = new Set<number>()
    for (const entry of listed as unknown[]) {
      const partNum = (entry as { partNum?: unknown })?.partNum
      const etag = (entry as { etag?: unknown })?.etag
      const part = typeof partNum === 'number' ? upload.parts.get(partNum) : undefined
      if (!part || typeof etag !== 'string' || unquote(etag) !== part.etag || seen.has(part.partNumber)) {
        throw new ServiceError(
          400,
          'InvalidUploadPart',
          `There were some invalid part (partNum/etag) combination for the upload ${upload.uploadId}: partNum ${String(partNum)}, etag ${String(etag)}`,
        )
      }
      seen.add(part.partNumber)
      chosen.push(part)
    }
    chosen.sort((a, b) => a.partNumber - b.partNumber)
    checkWritePreconditions(exchange.req.headers, bucket.objects.get(object))

    upload.committing = true
    let written: Awaited<ReturnType<BlobStore['concat']>>
    try {
      written = await this.#blobs.concat(chosen.map((part) => part.blob))
    } catch (error) {
      upload.committing = false
      throw error
    }
    const multipartMd5 = `${createHash('md5')
      .update(Buffer.concat(chosen.map((part) => part.md5)))
      .digest('base64')}-${chosen.length}`
    bucket.uploads.delete(upload.uploadId)
    const stored = await this.#commitObject(bucket, object, {
      blob: written.blob,
      md5: multipartMd5,
      multipart: true,
      contentType: upload.contentType,
      ...(upload.contentEncoding ? { contentEncoding: upload.contentEncoding } : {}),
      ...(upload.contentLanguage ? { contentLanguage: upload.contentLanguage } : {}),
      ...(upload.contentDisposition ? { contentDisposition: upload.contentDisposition } : {}),
      ...(upload.cacheControl ? { cacheControl: upload.cacheControl } : {}),
      metadata: upload.metadata,
      storageTier: upload.storageTier,
    })
    await this.#freeParts(upload.parts.values())
    sendEmpty(exchange, 200, {
      etag: stored.etag,
      'last-modified': stored.timeModified.toUTCString(),
      'opc-multipart-md5': stored.md5,
      'version-id': stored.versionId,
    })
  }

  async #freeParts(parts: Iterable<Part>): Promise<void> {
    for (const part of [...parts]) await this.#blobs.delete(part.blob)
  }

  #listUploadsHttp(exchange: Exchange, bucket: Bucket, query: Query): void {
    const uploads = [...bucket.uploads.values()]
      .filter((upload) => !upload.committing)
      .sort((a, b) => compare(a.object, b.object) || a.timeCreated.getTime() - b.timeCreated.getTime())
    const limit = parseLimit(query)
    const page = parsePage(query)
    const headers: OutgoingHttpHeaders = {}
    if (page + limit < uploads.length) headers['opc-next-page'] = String(page + limit)
    sendJson(
      exchange,
      200,
      uploads.slice(page, page + limit).map((upload) => uploadJson(bucket, upload)),
      headers,
    )
  }

  #listParts(exchange: Exchange, bucket: Bucket, object: string, query: Query): void {
    const upload = this.#upload(bucket, object, query)
    const parts = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber)
    const limit = parseLimit(query)
    const page = parsePage(query)
    const headers: OutgoingHttpHeaders = {}
    if (page + limit < parts.length) headers['opc-next-page'] = String(page + limit)
    sendJson(
      exchange,
      200,
      parts.slice(page, page + limit).map((part) => ({
        partNumber: part.partNumber,
        etag: part.etag,
        md5: part.md5.toString('base64'),
        size: part.size,
      })),
      headers,
    )
  }
}

// ---- helpers ----------------------------------------------------------------------------------

function toPersisted(bucket: Bucket, object: StoredObject): PersistedObject {
  const { blob, timeCreated, timeModified, ...fields } = object
  return {
    ...fields,
    namespace: bucket.namespace,
    bucket: bucket.name,
    blobId: blob.id,
    metadata: { ...object.metadata },
    timeCreated: timeCreated.toISOString(),
    timeModified: timeModified.toISOString(),
  }
}

function uploadJson(bucket: Bucket, upload: Upload): Record<string, unknown> {
  return {
    namespace: bucket.namespace,
    bucket: bucket.name,
    object: upload.object,
    uploadId: upload.uploadId,
    timeCreated: upload.timeCreated.toISOString(),
    storageTier: upload.storageTier,
  }
}

function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function single(query: Query, key: string): string | undefined {
  const values = query.get(key)
  return values === undefined ? undefined : values[values.length - 1]
}

function parseLimit(query: Query): number {
  const raw = single(query, 'limit')
  if (raw === undefined) return MAX_LIST_LIMIT
  const limit = Number(raw)
  if (raw === '' || !Number.isInteger(limit) || limit < 1) {
    throw new ServiceError(400, 'InvalidParameter', `The limit must be a positive integer, got '${raw}'`)
  }
  return Math.min(limit, MAX_LIST_LIMIT)
}

function parsePage(query: Query): number {
  const raw = single(query, 'page')
  if (raw === undefined) return 0
  const page = Number(raw)
  if (!Number.isInteger(page) || page < 0) {
    throw new ServiceError(400, 'InvalidParameter', `The page token is not one this service issued: '${raw}'`)
  }
  return page
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function unquote(etag: string): string {
  const trimmed = etag.trim()
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed
}

/**
 * GET/HEAD/DELETE conditions against an existing resource: if-match must equal the current ETag
 * (412 IfMatchFailed); on reads, an if-none-match equal to it (or `*`) answers 304 with the ETag.
 */
function checkConditions(
  headers: IncomingHttpHeaders,
  etag: string,
  kind: 'read' | 'write',
  responseHeaders: OutgoingHttpHeaders = {},
): void {
  const ifMatch = headerValue(headers, 'if-match')
  if (ifMatch !== undefined && unquote(ifMatch) !== '*' && unquote(ifMatch) !== etag) {
    throw new ServiceError(
      412,
      'IfMatchFailed',
      `The If-Match header value '${ifMatch}' does not match the current ETag '${etag}'`,
    )
  }
  const ifNoneMatch = headerValue(headers, 'if-none-match')
  if (
    kind === 'read' &&
    ifNoneMatch !== undefined &&
    (unquote(ifNoneMatch) === '*' || unquote(ifNoneMatch) === etag)
  ) {
    throw new ServiceError(304, 'NotModified', '', { ...responseHeaders, etag })
  }
}

/** PUT/commit/create conditions: if-match needs the current ETag, if-none-match (only `*`) needs no object. */
function checkWritePreconditions(headers: IncomingHttpHeaders, current: { etag: string } | undefined): void {
  const ifMatch = headerValue(headers, 'if-match')
  if (ifMatch !== undefined && (!current || unquote(ifMatch) !== current.etag)) {
    throw new ServiceError(
      412,
      'IfMatchFailed',
      current
        ? `The If-Match header value '${ifMatch}' does not match the current ETag '${current.etag}'`
        : `The If-Match header value '${ifMatch}' was given but there is no current object`,
    )
  }
  const ifNoneMatch = headerValue(headers, 'if-none-match')
  if (ifNoneMatch !== undefined) {
    if (unquote(ifNoneMatch) !== '*') {
      throw new ServiceError(
        400,
        'InvalidParameter',
        `The only If-None-Match value allowed on writes is '*', got '${ifNoneMatch}'`,
      )
    }
    if (current) {
      throw new ServiceError(
        412,
        'IfNoneMatchFailed',
        "The If-None-Match header is '*' but there is an existing entity",
      )
    }
  }
}

function parseContentMd5(value: string | string[] | undefined): Buffer | undefined {
  if (value === undefined) return undefined
  const text = Array.isArray(value) ? value.join('') : value
  const digest = Buffer.from(text.trim(), 'base64')
  if (digest.length !== 16 || digest.toString('base64') !== text.trim()) {
    throw new ServiceError(
      400,
      'InvalidParameter',
      `The Content-MD5 header must be the base64 of a 16-byte MD5 digest, got '${text}'`,
    )
  }
  return digest
}

function checkMd5(actual: Buffer, expected: Buffer | undefined): void {
  if (expected && !actual.equals(expected)) {
    throw new ServiceError(
      400,
      'UnmatchedContentMD5',
      `The computed MD5 of the request body (${actual.toString('base64')}) does not match the Content-MD5 header (${expected.toString('base64')})`,
    )
  }
}

function contentHeadersFrom(headers: IncomingHttpHeaders): Partial<ContentHeaders> {
  const result: Partial<ContentHeaders> = {}
  const contentType = headerValue(headers, 'content-type')
  if (contentType) result.contentType = contentType
  const contentEncoding = headerValue(headers, 'content-encoding')
  if (contentEncoding) result.contentEncoding = contentEncoding
  const contentLanguage = headerValue(headers, 'content-language')
  if (contentLanguage) result.contentLanguage = contentLanguage
  const contentDisposition = headerValue(headers, 'content-disposition')
  if (contentDisposition) result.contentDisposition = contentDisposition
  const cacheControl = headerValue(headers, 'cache-control')
  if (cacheControl) result.cacheControl = cacheControl
  return result
}

function metadataFromHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX) && value !== undefined) {
      metadata[name.slice(META_PREFIX.length)] = Array.isArray(value) ? value.join(', ') : value
    }
  }
  return metadata
}

function objectHeaders(object: StoredObject): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    etag: object.etag,
    'last-modified': object.timeModified.toUTCString(),
    'content-type': object.contentType,
    'accept-ranges': 'bytes',
    'storage-tier': object.storageTier,
    'version-id': object.versionId,
  }
  if (object.multipart) headers['opc-multipart-md5'] = object.md5
  else headers['content-md5'] = object.md5
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding
  if (object.contentLanguage) headers['content-language'] = object.contentLanguage
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition
  if (object.cacheControl) headers['cache-control'] = object.cacheControl
  for (const [key, value] of Object.entries(object.metadata)) headers[`${META_PREFIX}${key}`] = value
  return headers
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  httpResponseContentDisposition: 'content-disposition',
  httpResponseCacheControl: 'cache-control',
  httpResponseContentType: 'content-type',
  httpResponseContentLanguage: 'content-language',
  httpResponseContentEncoding: 'content-encoding',
  httpResponseExpires: 'expires',
}

function overrideResponseHeaders(headers: OutgoingHttpHeaders, query: Query): void {
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = single(query, parameter)
    if (value !== undefined) headers[header] = value
  }
}

/**
 * `bytes=S-E`, `bytes=S-` and `bytes=-N` (RFC 7233). Anything unparseable (including the SDK's
 * `bytes=0-null`) is ignored and the whole object is sent, as HTTP requires.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  if (match[2] !== '' && Number(match[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end: match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1) }
}

function parseJson(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {}
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch {
    throw new ServiceError(400, 'CannotParseRequest', 'The request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError(400, 'CannotParseRequest', 'The request body must be a JSON object')
  }
  return value as Record<string, unknown>
}

function requireString(body: Record<string, unknown>, key: string, code = 'MissingParameter'): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') {
    throw new ServiceError(400, code, `The '${key}' field is required and must be a non-empty string`)
  }
  return value
}

function optionalString(body: Record<string, unknown>, key: keyof ContentHeaders): Partial<ContentHeaders> {
  const value = body[key]
  return typeof value === 'string' && value !== '' ? { [key]: value } : {}
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  )
}
