import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { BlobRef, BlobStore, PersistedBucket, PersistedObject, WrittenBlob } from './types.js'

/**
 * Bytes in process memory, kept as the received chunks (no concatenation copies). For tests and
 * small data; use the disk store for large objects.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, readonly Buffer[]>()

  const save = (chunks: Buffer[], size: number, md5: Buffer): WrittenBlob => {
    const id = randomUUID()
    blobs.set(id, chunks)
    return { blob: { id, size }, md5 }
  }

  return {
    kind: 'memory',
    async write(source) {
      const hash = createHash('md5')
      if (Buffer.isBuffer(source)) {
        hash.update(source)
        return save([Buffer.from(source)], source.length, hash.digest())
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of source) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
        hash.update(buffer)
        chunks.push(buffer)
        size += buffer.length
      }
      return save(chunks, size, hash.digest())
    },
    async concat(refs) {
      const chunks: Buffer[] = []
      let size = 0
      for (const ref of refs) {
        for (const chunk of chunksOf(blobs, ref)) {
          chunks.push(chunk)
          size += chunk.length
        }
      }
      const id = randomUUID()
      blobs.set(id, chunks)
      return { blob: { id, size } }
    },
    async open(ref, range) {
      const chunks = chunksOf(blobs, ref)
      return Readable.from(sliceChunks(chunks, range?.start ?? 0, range ? range.end + 1 : ref.size), {
        objectMode: false,
      })
    },
    async delete(ref) {
      blobs.delete(ref.id)
    },
    async persistObject(_record: PersistedObject) {},
    async persistBucket(_record: PersistedBucket) {},
    async deletePersistedBucket() {},
    async load() {
      return { buckets: [], objects: [] }
    },
    async close() {
      blobs.clear()
    },
  }
}

function chunksOf(blobs: Map<string, readonly Buffer[]>, ref: BlobRef): readonly Buffer[] {
  const chunks = blobs.get(ref.id)
  if (!chunks) throw new Error(`memory blob store: no blob ${ref.id}`)
  return chunks
}

/** Yields the bytes [start, end) of a chunk list without copying whole chunks. */
function* sliceChunks(chunks: readonly Buffer[], start: number, end: number): Generator<Buffer> {
  let offset = 0
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length
    if (chunkEnd > start && offset < end) {
      yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset))
    }
    offset = chunkEnd
    if (offset >= end) return
  }
}
