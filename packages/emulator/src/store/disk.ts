import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { EmulatorError } from '../errors.js'
import type { BlobRef, BlobStore, PersistedBucket, PersistedObject, WrittenBlob } from './types.js'

/**
 * Bytes on disk under `dataDir`, streamed in and out (a 2 GiB object never sits in memory).
 * Layout: `blobs/<id>` content, `objects/<id>.json` the object record owning that blob,
 * `buckets/<sha1>.json` bucket records, `tmp/` writes in progress (renamed into place only after
 * the whole body arrived, so a cut upload leaves nothing behind; cleared on start).
 */
export async function createDiskBlobStore(dataDir: string): Promise<BlobStore> {
  const dirs = {
    blobs: join(dataDir, 'blobs'),
    objects: join(dataDir, 'objects'),
    buckets: join(dataDir, 'buckets'),
    tmp: join(dataDir, 'tmp'),
  }
  try {
    await rm(dirs.tmp, { recursive: true, force: true })
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new EmulatorError(
      'EMULATOR_STORE_FAILED',
      `data directory: must be a writable folder, got ${dataDir}`,
      { option: 'dataDir', path: dataDir },
      { cause: error },
    )
  }

  const blobPath = (id: string) => join(dirs.blobs, id)

  /** Streams `source` into a temp file while hashing it, then renames it into place. */
  const writeFrom = async (source: Readable): Promise<WrittenBlob> => {
    const id = randomUUID()
    const tmpPath = join(dirs.tmp, id)
    const hash = createHash('md5')
    let size = 0
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk)
        size += chunk.length
        callback(null, chunk)
      },
    })
    try {
      await pipeline(source, hasher, createWriteStream(tmpPath))
      await rename(tmpPath, blobPath(id))
    } catch (error) {
      await rm(tmpPath, { force: true })
      throw error
    }
    return { blob: { id, size }, md5: hash.digest() }
  }

  /**
   * Copies blobs back to back into a temp file through one reused buffer (two syscalls per
   * CONCAT_BUFFER bytes, no per-chunk allocations), then renames it into place.
   */
  const concatFiles = async (refs: readonly BlobRef[]): Promise<{ blob: BlobRef }> => {
    const id = randomUUID()
    const tmpPath = join(dirs.tmp, id)
    const buffer = Buffer.allocUnsafe(CONCAT_BUFFER)
    let size = 0
    const out = await open(tmpPath, 'w')
    try {
      for (const ref of refs) {
        const input = await open(blobPath(ref.id), 'r')
        try {
          for (;;) {
            const { bytesRead } = await input.read(buffer, 0, buffer.length, null)
            if (bytesRead === 0) break
            for (let at = 0; at < bytesRead; ) {
              const { bytesWritten } = await out.write(buffer, at, bytesRead - at)
              at += bytesWritten
            }
            size += bytesRead
          }
        } finally {
          await input.close()
        }
      }
      await out.close()
      await rename(tmpPath, blobPath(id))
    } catch (error) {
      await out.close().catch(() => {})
      await rm(tmpPath, { force: true })
      throw error
    }
    return { blob: { id, size } }
  }

  const writeJson = async (path: string, value: unknown) => {
    const tmpPath = join(dirs.tmp, `${randomUUID()}.json`)
    await writeFile(tmpPath, JSON.stringify(value))
    await rename(tmpPath, path)
  }

  const bucketPath = (namespace: string, name: string) =>
    join(dirs.buckets, `${createHash('sha1').update(`${namespace}/${name}`).digest('hex')}.json`)

  return {
    kind: 'disk',
    write(source) {
      return writeFrom(Buffer.isBuffer(source) ? Readable.from([source]) : source)
    },
    concat(refs) {
      return concatFiles(refs)
    },
    async open(ref, range) {
      // Open now: once we hold the descriptor, an overwrite that unlinks the blob cannot break this read.
      const handle = await open(blobPath(ref.id), 'r')
      if (ref.size === 0 || (range && range.end < range.start)) {
        await handle.close()
        return Readable.from([], { objectMode: false })
      }
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {})
    },
    async delete(ref) {
      await unlink(blobPath(ref.id)).catch(ignoreMissing)
      await unlink(join(dirs.objects, `${ref.id}.json`)).catch(ignoreMissing)
    },
    async persistObject(record) {
      await writeJson(join(dirs.objects, `${record.blobId}.json`), record)
    },
    async persistBucket(record) {
      await writeJson(bucketPath(record.namespace, record.name), record)
    },
    async deletePersistedBucket(namespace, name) {
      await unlink(bucketPath(namespace, name)).catch(ignoreMissing)
    },
    async load() {
      const buckets = await readJsonDir<PersistedBucket>(dirs.buckets)
      const blobIds = new Set(await readdir(dirs.blobs))
      const objects: PersistedObject[] = []
      for (const record of await readJsonDir<PersistedObject>(dirs.objects)) {
        if (blobIds.has(record.blobId)) {
          objects.push(record)
          blobIds.delete(record.blobId)
        } else {
          // a record whose bytes are gone cannot be served; drop it rather than answer 500 later
          await unlink(join(dirs.objects, `${record.blobId}.json`)).catch(ignoreMissing)
        }
      }
      // blobs no record owns: parts of unfinished multipart uploads, or a crash between rename and record
      for (const orphan of blobIds) await unlink(blobPath(orphan)).catch(ignoreMissing)
      return { buckets, objects }
    },
    async close() {},
  }
}

const CONCAT_BUFFER = 4 * 1024 * 1024

async function readJsonDir<T>(dir: string): Promise<T[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort()
  const out: T[] = []
  for (const name of names) {
    out.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as T)
  }
  return out
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
}
