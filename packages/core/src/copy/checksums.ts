import { createHash, type Hash } from 'node:crypto'
import * as zlib from 'node:zlib'

/** True for a plain base64 MD5 (24 chars), false for the multipart form `<b64>-N` or nothing. */
export function isPlainMd5(md5: string | undefined): md5 is string {
  return md5 !== undefined && /^[A-Za-z0-9+/]{22}==$/.test(md5)
}

/**
 * The MD5 Object Storage reports for a multipart object: base64(MD5(raw part digests in part
 * order)) + `-` + part count (objectstorage-api.md §5).
 */
export function multipartMd5(partDigests: readonly Buffer[]): string {
  const hash = createHash('md5')
  for (const digest of partDigests) hash.update(digest)
  return `${hash.digest('base64')}-${partDigests.length}`
}

/** Base64 MD5 of a buffer. */
export function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64')
}

export function newMd5(): Hash {
  return createHash('md5')
}

/** CRC-32 (IEEE), as zip entries carry it. zlib.crc32 is Node >= 20.15 only, so it lives here. */
const CRC_TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32

export function crc32(chunk: Buffer, previous = 0): number {
  if (nativeCrc32) return nativeCrc32(chunk, previous)
  let crc = ~previous
  for (let i = 0; i < chunk.length; i++) crc = CRC_TABLE[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8)
  return ~crc >>> 0
}
