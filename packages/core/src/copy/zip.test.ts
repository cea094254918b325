import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildZip } from '../../test/helpers/zip-writer.ts'
import { assertSafeEntryName, readZip } from './zip.ts'

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

async function unzip(bytes: Buffer, chunkSize = 7): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  await readZip(chunked(bytes, chunkSize), 'test.zip', async (entry) => {
    const parts: Buffer[] = []
    for await (const chunk of entry.data) parts.push(chunk)
    out.set(entry.name, Buffer.concat(parts))
  })
  return out
}

describe('readZip', () => {
  const csv = Buffer.from('a,b\n'.repeat(5000))
  const noise = randomBytes(200_000)

  it('extracts stored, deflated and data-descriptor entries byte for byte, whatever the chunking', async () => {
    const zip = buildZip([
      { name: 'one.csv', data: csv, method: 'deflate' },
      { name: 'dir/two.bin', data: noise, method: 'stored' },
      { name: 'three.csv', data: csv, method: 'deflate', descriptor: true },
      { name: 'four.bin', data: noise, method: 'deflate', descriptor: true },
      { name: 'empty.csv', data: '', method: 'deflate', descriptor: true },
    ])
    for (const chunkSize of [1, 7, 4096, zip.length]) {
      const entries = await unzip(zip, chunkSize)
      expect([...entries.keys()]).toEqual(['one.csv', 'dir/two.bin', 'three.csv', 'four.bin', 'empty.csv'])
      expect(entries.get('one.csv')?.equals(csv)).toBe(true)
      expect(entries.get('dir/two.bin')?.equals(noise)).toBe(true)
      expect(entries.get('three.csv')?.equals(csv)).toBe(true)
      expect(entries.get('four.bin')?.equals(noise)).toBe(true)
      expect(entries.get('empty.csv')?.length).toBe(0)
    }
  })

  it('rejects names that escape their folder', async () => {
    for (const name of ['../evil.csv', 'a/../../evil.csv', '/etc/passwd', 'C:/x.csv', 'a\\b.csv', '']) {
      expect(() => assertSafeEntryName(name, 'x.zip')).toThrow(
        expect.objectContaining({ code: 'CORE_UNSAFE_ENTRY_NAME' }),
      )
    }
    expect(() => assertSafeEntryName('dir/a..b.csv', 'x.zip')).not.toThrow()
    await expect(
      unzip(
        buildZip([
          { name: 'ok.csv', data: csv },
          { name: '../x.csv', data: csv },
        ]),
      ),
    ).rejects.toMatchObject({
      code: 'CORE_UNSAFE_ENTRY_NAME',
      entry: '../x.csv',
    })
  })

  it('reports a cut archive as truncated and damaged data as corrupt', async () => {
    const zip = buildZip([{ name: 'one.csv', data: noise, method: 'deflate' }])
    await expect(unzip(zip.subarray(0, 5000))).rejects.toMatchObject({ code: 'CORE_TRUNCATED_ARCHIVE' })
    const damaged = Buffer.from(zip)
    for (let at = 100; at < 3000; at += 7) damaged[at] = damaged[at]! ^ 0x5a
    await expect(unzip(damaged)).rejects.toMatchObject({ code: 'CORE_CORRUPT_ARCHIVE' })
    await expect(unzip(Buffer.from('not a zip at all'))).rejects.toMatchObject({
      code: 'CORE_CORRUPT_ARCHIVE',
    })
  })

  it('detects a CRC mismatch in stored data', async () => {
    const zip = buildZip([{ name: 'one.bin', data: noise, method: 'stored' }])
    const damaged = Buffer.from(zip)
    damaged[1000] = damaged[1000]! ^ 1
    await expect(unzip(damaged)).rejects.toMatchObject({ code: 'CORE_CORRUPT_ARCHIVE', entry: 'one.bin' })
  })
})
