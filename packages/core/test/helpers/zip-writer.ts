import { deflateRawSync } from 'node:zlib'
import { crc32 } from '../../src/copy/checksums.ts'

/** One entry of a test zip. */
export interface ZipFixtureEntry {
  readonly name: string
  readonly data: Buffer | string
  /** @default 'deflate' */
  readonly method?: 'stored' | 'deflate'
  /** Write sizes and CRC after the data (flag bit 3), as streaming zippers do. */
  readonly descriptor?: boolean
}

/** Builds a zip (local headers, central directory, end record) for tests. */
export function buildZip(entries: readonly ZipFixtureEntry[]): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data)
    const method = entry.method === 'stored' ? 0 : 8
    const body = method === 8 ? deflateRawSync(data) : data
    const crc = crc32(data)
    const name = Buffer.from(entry.name, 'utf8')
    const flags = 0x0800 | (entry.descriptor ? 0x0008 : 0)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(entry.descriptor ? 0 : crc, 14)
    local.writeUInt32LE(entry.descriptor ? 0 : body.length, 18)
    local.writeUInt32LE(entry.descriptor ? 0 : data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const chunks = [local, name, body]
    if (entry.descriptor) {
      const descriptor = Buffer.alloc(16)
      descriptor.writeUInt32LE(0x08074b50, 0)
      descriptor.writeUInt32LE(crc, 4)
      descriptor.writeUInt32LE(body.length, 8)
      descriptor.writeUInt32LE(data.length, 12)
      chunks.push(descriptor)
    }
    const record = Buffer.alloc(46)
    record.writeUInt32LE(0x02014b50, 0)
    record.writeUInt16LE(20, 4)
    record.writeUInt16LE(20, 6)
    record.writeUInt16LE(flags, 8)
    record.writeUInt16LE(method, 10)
    record.writeUInt32LE(crc, 16)
    record.writeUInt32LE(body.length, 20)
    record.writeUInt32LE(data.length, 24)
    record.writeUInt16LE(name.length, 28)
    record.writeUInt32LE(offset, 42)
    central.push(record, name)
    for (const chunk of chunks) {
      parts.push(chunk)
      offset += chunk.length
    }
  }
  const centralBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, centralBytes, end])
}
