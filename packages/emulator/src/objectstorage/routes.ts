import { decodeComponent, ServiceError } from './wire.js'

/** Every Object Storage operation the emulator answers (names as in the OCI API reference). */
export type ObjectStorageOperation =
  | 'GetNamespace'
  | 'GetNamespaceMetadata'
  | 'ListBuckets'
  | 'CreateBucket'
  | 'GetBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'ListObjects'
  | 'GetObject'
  | 'HeadObject'
  | 'PutObject'
  | 'DeleteObject'
  | 'RenameObject'
  | 'CreateMultipartUpload'
  | 'ListMultipartUploads'
  | 'UploadPart'
  | 'CommitMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListMultipartUploadParts'

export interface Route {
  readonly operation: ObjectStorageOperation
  readonly namespace?: string
  readonly bucket?: string
  readonly object?: string
}

const COLLECTION = /^\/n\/([^/]+)\/b\/([^/]+)\/(o|u)(?:\/(.*))?$/s
const ACTION = /^\/n\/([^/]+)\/b\/([^/]+)\/actions\/([^/]+)$/
const BUCKET = /^\/n\/([^/]+)\/b\/([^/]+)\/?$/
const BUCKETS = /^\/n\/([^/]+)\/b\/?$/
const NAMESPACE = /^\/n\/([^/]+)\/?$/

/**
 * Maps a method and the RAW request path (before `?`, never normalised) to an operation. Each
 * segment is percent-decoded once; the object name is everything after `/o/` or `/u/`, decoded
 * once as a whole, so `%2F` and raw `/` both work and `..` inside a bucket name (tenancy OCIDs)
 * or an object name is kept as is. Returns undefined for paths outside `/n`.
 */
export function routeObjectStorage(method: string, rawPath: string): Route | undefined {
  if (rawPath !== '/n' && !rawPath.startsWith('/n/')) return undefined
  const verb = method.toUpperCase()
  const pick = (table: Partial<Record<string, ObjectStorageOperation>>): ObjectStorageOperation => {
    const operation = table[verb]
    if (!operation) throw new ServiceError(405, 'MethodNotAllowed', `${verb} is not allowed on ${rawPath}`)
    return operation
  }

  if (rawPath === '/n' || rawPath === '/n/') return { operation: pick({ GET: 'GetNamespace' }) }

  let match = COLLECTION.exec(rawPath)
  if (match) {
    const namespace = decodeComponent(match[1]!, 'namespace name')
    const bucket = decodeComponent(match[2]!, 'bucket name')
    const rawObject = match[4]
    const isUploads = match[3] === 'u'
    if (rawObject === undefined || rawObject === '') {
      const operation = isUploads
        ? pick({ GET: 'ListMultipartUploads', POST: 'CreateMultipartUpload' })
        : pick({ GET: 'ListObjects' })
      return { operation, namespace, bucket }
    }
    const object = decodeComponent(rawObject, 'object name')
    const operation = isUploads
      ? pick({
          PUT: 'UploadPart',
          POST: 'CommitMultipartUpload',
          DELETE: 'AbortMultipartUpload',
          GET: 'ListMultipartUploadParts',
        })
      : pick({ GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject', DELETE: 'DeleteObject' })
    return { operation, namespace, bucket, object }
  }

  match = ACTION.exec(rawPath)
  if (match) {
    const namespace = decodeComponent(match[1]!, 'namespace name')
    const bucket = decodeComponent(match[2]!, 'bucket name')
    if (match[3] === 'renameObject') return { operation: pick({ POST: 'RenameObject' }), namespace, bucket }
    throw new ServiceError(404, 'NotFound', `The action '${match[3]}' is not supported by the emulator`)
  }

  match = BUCKET.exec(rawPath)
  if (match) {
    const namespace = decodeComponent(match[1]!, 'namespace name')
    const bucket = decodeComponent(match[2]!, 'bucket name')
    return {
      operation: pick({ GET: 'GetBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket' }),
      namespace,
      bucket,
    }
  }

  match = BUCKETS.exec(rawPath)
  if (match) {
    const namespace = decodeComponent(match[1]!, 'namespace name')
    return { operation: pick({ GET: 'ListBuckets', POST: 'CreateBucket' }), namespace }
  }

  match = NAMESPACE.exec(rawPath)
  if (match) {
    return {
      operation: pick({ GET: 'GetNamespaceMetadata' }),
      namespace: decodeComponent(match[1]!, 'namespace name'),
    }
  }

  throw new ServiceError(404, 'NotFound', `No Object Storage route matches ${rawPath}`)
}

/** Operations whose body is a small JSON document (read whole, and signed with x-content-sha256). */
export function hasJsonBody(operation: ObjectStorageOperation): boolean {
  return (
    operation === 'CreateBucket' ||
    operation === 'CreateMultipartUpload' ||
    operation === 'CommitMultipartUpload' ||
    operation === 'RenameObject'
  )
}
