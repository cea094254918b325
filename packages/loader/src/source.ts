import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { LoadError } from './errors.js'

/**
 * The part of @oci-focus/core's ObjectStore the loader reads through (structurally identical,
 * so a core ObjectStore is passed as is).
 */
export interface BucketReader {
  readonly namespace: string
  readonly bucket: string
  list(
    prefix: string,
    options?: { signal?: AbortSignal },
  ): AsyncIterable<{ readonly name: string; readonly size: number; readonly etag: string }>
  head(
    name: string,
    options?: { signal?: AbortSignal },
  ): Promise<
    | {
        readonly size: number
        readonly etag: string
        readonly md5: string | undefined
        readonly metadata: Readonly<Record<string, string>>
      }
    | undefined
  >
  get(
    name: string,
    options?: { ifMatch?: string; signal?: AbortSignal },
  ): Promise<{ readonly stream: Readable }>
}

/** Where files come from: a bucket prefix written by `oci-focus copy`, or a local folder. */
export type LoadSource =
  | { readonly kind: 'bucket'; readonly store: BucketReader; readonly prefix?: string }
  | { readonly kind: 'dir'; readonly path: string }

/** One file to consider loading. */
export interface SourceFile {
  /** Object name, or the path relative to the folder with '/' separators. */
  readonly file: string
  /**
   * What makes this version of the file this version. Bucket: the copy engine's `source-etag` /
   * `source-md5` metadata (the ORIGINAL report's identity), else the object's own etag.
   * Folder: size + SHA-256 of the bytes.
   */
  readonly identity: string
  /** Stored bytes (compressed size for .gz). */
  readonly bytes: number
  /** Opens the DECOMPRESSED content. */
  open(signal?: AbortSignal): Promise<Readable>
}

const REPORT_FILE = /\.csv(\.gz)?$/i

/** Lists the candidate files of a source in name order. */
export async function listSourceFiles(source: LoadSource, signal?: AbortSignal): Promise<SourceFile[]> {
  return source.kind === 'dir' ? listDirectory(source.path, signal) : listBucket(source, signal)
}

async function listDirectory(root: string, signal?: AbortSignal): Promise<SourceFile[]> {
  let entries: string[]
  try {
    const info = await stat(root)
    if (!info.isDirectory()) throw new Error('not a directory')
    entries = (await readdir(root, { recursive: true })).map(String)
  } catch (cause) {
    throw new LoadError(
      'LOAD_SOURCE_NOT_FOUND',
      `dir ${root}: must be a readable folder, got ${cause instanceof Error ? cause.message : String(cause)}`,
      { file: root },
      { cause },
    )
  }
  const files: SourceFile[] = []
  for (const entry of entries.filter((e) => REPORT_FILE.test(e)).sort()) {
    const path = join(root, entry)
    const info = await stat(path)
    if (!info.isFile()) continue
    const name = relative(root, path).split(sep).join('/')
    const sha256 = await hashFile(path, signal)
    files.push({
      file: name,
      identity: `size=${info.size};sha256=${sha256}`,
      bytes: info.size,
      open: async () => decode(name, createReadStream(path)),
    })
  }
  return files
}

async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, signal === undefined ? {} : { signal }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function listBucket(
  source: Extract<LoadSource, { kind: 'bucket' }>,
  signal?: AbortSignal,
): Promise<SourceFile[]> {
  const { store } = source
  const files: SourceFile[] = []
  const options = signal === undefined ? {} : { signal }
  for await (const object of store.list(source.prefix ?? '', options)) {
    if (!REPORT_FILE.test(object.name)) continue
    const head = await store.head(object.name, options)
    if (head === undefined) continue // deleted between list and head
    const sourceEtag = head.metadata['source-etag']
    const sourceMd5 = head.metadata['source-md5']
    const identity =
      sourceEtag !== undefined || sourceMd5 !== undefined
        ? `source-etag=${sourceEtag ?? ''};source-md5=${sourceMd5 ?? ''}`
        : `etag=${head.etag}`
    const etag = head.etag
    files.push({
      file: object.name,
      identity,
      bytes: head.size,
      open: async (openSignal) => {
        // ifMatch pins the version we identified: a rewrite mid-load fails instead of mixing.
        const body = await store.get(
          object.name,
          openSignal === undefined ? { ifMatch: etag } : { ifMatch: etag, signal: openSignal },
        )
        return decode(object.name, body.stream)
      },
    })
  }
  return files
}

function decode(name: string, stream: Readable): Readable {
  if (!/\.gz$/i.test(name)) return stream
  const gunzip = createGunzip()
  stream.on('error', (error) => gunzip.destroy(error))
  return stream.pipe(gunzip)
}
