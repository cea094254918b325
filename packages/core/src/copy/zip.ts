import { createInflateRaw } from 'node:zlib'
import { CoreError } from '../errors.js'
import { ByteReader } from './byte-reader.js'
import { crc32 } from './checksums.js'

/** One file inside a zip, handed to the caller while its bytes stream. */
export interface ZipEntry {
  /** The entry's path as stored, already checked by {@link assertSafeEntryName}. */
  readonly name: string
  readonly data: AsyncIterable<Buffer>
}

const LOCAL_FILE_HEADER = 0x04034b50
const CENTRAL_DIRECTORY_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50
const DATA_DESCRIPTOR = 0x08074b50
const FLAG_ENCRYPTED = 0x0001
const FLAG_DATA_DESCRIPTOR = 0x0008
const FLAG_UTF8 = 0x0800
const METHOD_STORED = 0
const METHOD_DEFLATE = 8
// Inflate input is fed in slices this big: it bounds what one slice can expand to in memory
// (deflate tops out near 1032:1) and lets the bomb guard act early.
const FEED_SLICE = 16 * 1024

/**
 * Rejects entry names that would escape their folder (zip-slip) or mean something else on another
 * OS: `..` segments, absolute paths, backslashes, drive letters, NUL, empty names.
 */
export function assertSafeEntryName(name: string, object: string): void {
  const unsafe =
    name === '' ||
    name.includes('\0') ||
    name.includes('\\') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((segment) => segment === '..')
  if (unsafe) {
    throw new CoreError(
      'CORE_UNSAFE_ENTRY_NAME',
      `zip ${object}: entry names must stay inside their folder (no '..', absolute path, backslash or drive letter), got ${JSON.stringify(name)}`,
      { object, entry: name, value: name },
    )
  }
}

/**
 * Reads a zip front to back (local file headers; the central directory is not needed) and calls
 * `onEntry` for every file entry, one at a time; the entry's data must be consumed before the
 * callback returns. Supports stored and deflated entries, data descriptors (deflate only: a
 * stored entry of unknown length cannot be delimited without the central directory) and Zip64
 * sizes; checks each entry's CRC-32 and size. Reads the input to its end.
 */
export async function readZip(
  source: AsyncIterable<Buffer>,
  object: string,
  onEntry: (entry: ZipEntry) => Promise<void>,
): Promise<number> {
  const reader = new ByteReader(source)
  const corrupt = (rule: string, entry?: string): CoreError =>
    new CoreError(
      'CORE_CORRUPT_ARCHIVE',
      `zip ${object}: ${rule}`,
      entry === undefined ? { object } : { object, entry },
    )
  const truncated = (entry?: string): CoreError =>
    new CoreError(
      'CORE_TRUNCATED_ARCHIVE',
      `zip ${object}: the archive must be complete, got an end of data inside ${entry === undefined ? 'a header' : `entry ${entry}`}`,
      entry === undefined ? { object } : { object, entry },
    )
  let entries = 0
  for (;;) {
    const signatureBytes = await reader.read(4)
    if (signatureBytes === undefined) {
      if (entries === 0)
        throw corrupt('an archive needs at least an end-of-central-directory record, got no data')
      throw truncated()
    }
    const signature = signatureBytes.readUInt32LE(0)
    if (
      signature === CENTRAL_DIRECTORY_HEADER ||
      signature === END_OF_CENTRAL_DIRECTORY ||
      signature === ZIP64_END_OF_CENTRAL_DIRECTORY
    ) {
      await reader.drain()
      return entries
    }
    if (signature !== LOCAL_FILE_HEADER) {
      throw corrupt(
        `expected a local file header signature, got 0x${signature.toString(16).padStart(8, '0')}`,
      )
    }
    const header = await reader.read(26)
    if (header === undefined) throw truncated()
    const flags = header.readUInt16LE(2)
    const method = header.readUInt16LE(4)
    const expectedCrc = header.readUInt32LE(10)
    let compressedSize = header.readUInt32LE(14)
    let uncompressedSize = header.readUInt32LE(18)
    const nameLength = header.readUInt16LE(22)
    const extraLength = header.readUInt16LE(24)
    const nameBytes = await reader.read(nameLength)
    const extra = await reader.read(extraLength)
    if (nameBytes === undefined || extra === undefined) throw truncated()
    const name = nameBytes.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1')
    assertSafeEntryName(name, object)
    let zip64 = false
    for (let at = 0; at + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(at)
      const size = extra.readUInt16LE(at + 2)
      if (id === 0x0001) {
        zip64 = true
        let field = at + 4
        if (uncompressedSize === 0xffffffff && field + 8 <= at + 4 + size) {
          uncompressedSize = Number(extra.readBigUInt64LE(field))
          field += 8
        }
        if (compressedSize === 0xffffffff && field + 8 <= at + 4 + size) {
          compressedSize = Number(extra.readBigUInt64LE(field))
        }
      }
      at += 4 + size
    }
    if (flags & FLAG_ENCRYPTED) throw corrupt(`encrypted entries are not supported, got ${name}`, name)
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw corrupt(
        `entry compression must be stored (0) or deflate (8), got method ${method} for ${name}`,
        name,
      )
    }
    const hasDescriptor = (flags & FLAG_DATA_DESCRIPTOR) !== 0
    const lengthKnown = !hasDescriptor || compressedSize !== 0
    if (method === METHOD_STORED && !lengthKnown) {
      throw corrupt(
        `a stored entry needs its size in the local header, got a data descriptor for ${name}`,
        name,
      )
    }

    let crc = 0
    let produced = 0
    const counted = async function* (data: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of data) {
        crc = crc32(chunk, crc)
        produced += chunk.length
        yield chunk
      }
    }
    const raw =
      method === METHOD_STORED
        ? readExactly(reader, compressedSize, () => truncated(name))
        : inflate(reader, lengthKnown ? compressedSize : undefined, name, corrupt, truncated)
    const isDirectory = name.endsWith('/')
    if (isDirectory) {
      for await (const chunk of counted(raw))
        if (chunk.length > 0) throw corrupt(`directory ${name} holds data`, name)
    } else {
      const data = counted(raw)
      let consumed = false
      await onEntry({
        name,
        data: {
          [Symbol.asyncIterator]: () => {
            consumed = true
            return data[Symbol.asyncIterator]()
          },
        },
      })
      if (!consumed) for await (const _ of data);
    }

    if (hasDescriptor) {
      const first = await reader.read(4)
      if (first === undefined) throw truncated(name)
      if (first.readUInt32LE(0) !== DATA_DESCRIPTOR) reader.unread(first)
      const sizeBytes = zip64 ? 8 : 4
      const descriptor = await reader.read(4 + 2 * sizeBytes)
      if (descriptor === undefined) throw truncated(name)
      // The descriptor carries the real CRC and sizes when the header had zeros.
      if (expectedCrc === 0 || !lengthKnown) {
        const descriptorCrc = descriptor.readUInt32LE(0)
        const descriptorSize = zip64
          ? Number(descriptor.readBigUInt64LE(4 + 8))
          : descriptor.readUInt32LE(4 + 4)
        checkEntry(descriptorCrc, descriptorSize)
      } else checkEntry(expectedCrc, uncompressedSize)
    } else checkEntry(expectedCrc, uncompressedSize)
    entries++

    function checkEntry(wantCrc: number, wantSize: number): void {
      if (produced !== wantSize) {
        throw corrupt(
          `entry ${name} must hold the ${wantSize} bytes its header declares, got ${produced}`,
          name,
        )
      }
      if (crc !== wantCrc) {
        throw corrupt(
          `entry ${name} must match its CRC-32 ${wantCrc.toString(16)}, got ${crc.toString(16)}`,
          name,
        )
      }
    }
  }
}

async function* readExactly(
  reader: ByteReader,
  length: number,
  truncated: () => Error,
): AsyncGenerator<Buffer> {
  let left = length
  while (left > 0) {
    const chunk = await reader.readSome(Math.min(left, 64 * 1024))
    if (chunk === undefined) throw truncated()
    left -= chunk.length
    yield chunk
  }
}

/**
 * Inflates one deflate entry. With a known compressed length it feeds exactly that many bytes;
 * without one (data descriptor) it feeds slices until zlib reports the end of the deflate stream
 * and pushes the bytes zlib did not consume back into the reader (`bytesWritten` counts consumed
 * input; zlib ends its readable side early when input is left over).
 */
async function* inflate(
  reader: ByteReader,
  compressedLength: number | undefined,
  name: string,
  corrupt: (rule: string, entry?: string) => CoreError,
  truncated: (entry?: string) => CoreError,
): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw()
  const output: Buffer[] = []
  let ended = false
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const notify = (): void => {
    wake?.()
    wake = undefined
  }
  inflater.on('data', (chunk: Buffer) => {
    output.push(chunk)
    if (output.length > 4) inflater.pause()
    notify()
  })
  inflater.on('end', () => {
    ended = true
    notify()
  })
  inflater.on('error', (error: Error) => {
    failure = error
    notify()
  })

  const closed = new Promise<void>((resolve) => inflater.once('close', () => resolve()))
  let fed = 0
  let feeding = true
  const feed = (async () => {
    try {
      while (feeding) {
        const max = compressedLength === undefined ? FEED_SLICE : Math.min(FEED_SLICE, compressedLength - fed)
        if (max === 0) {
          inflater.end()
          return
        }
        const slice = await reader.readSome(max)
        if (slice === undefined) {
          failure ??= truncated(name)
          notify()
          return
        }
        fed += slice.length
        const written = new Promise<void>((resolve) => inflater.write(slice, () => resolve()))
        await Promise.race([written, closed])
        if (inflater.bytesWritten < fed) {
          // zlib found the end of the deflate stream inside this slice.
          const unused = fed - inflater.bytesWritten
          if (compressedLength !== undefined) {
            failure ??= corrupt(`entry ${name} holds ${unused} bytes after its deflate data`, name)
            notify()
          } else reader.unread(slice.subarray(slice.length - unused))
          return
        }
      }
    } catch (error) {
      failure ??= error as Error
      notify()
    }
  })()

  try {
    for (;;) {
      if (failure) throw mapInflateError(failure, name, corrupt, truncated)
      const chunk = output.shift()
      if (chunk !== undefined) {
        if (output.length <= 4) inflater.resume()
        yield chunk
        continue
      }
      if (ended) break
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
    await feed
    if (failure) throw mapInflateError(failure, name, corrupt, truncated)
  } finally {
    feeding = false
    inflater.destroy()
  }
}

function mapInflateError(
  error: Error,
  name: string,
  corrupt: (rule: string, entry?: string) => CoreError,
  truncated: (entry?: string) => CoreError,
): Error {
  if (error instanceof CoreError) return error
  const code = (error as { code?: string }).code
  if (code === 'Z_BUF_ERROR') return truncated(name)
  if (code === 'Z_DATA_ERROR')
    return corrupt(`entry ${name} must be valid deflate data, got ${error.message}`, name)
  return error
}
