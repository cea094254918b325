import type * as os from 'oci-objectstorage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../src/index.ts'
import { objectStorageClient, testKey } from './helpers.ts'

const NS = 'listns'

describe('ListObjects', () => {
  let emulator: Emulator
  let client: os.ObjectStorageClient
  const list = async (bucketName: string, extra: Partial<os.requests.ListObjectsRequest> = {}) =>
    (await client.listObjects({ namespaceName: NS, bucketName, ...extra })).listObjects

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [testKey().privateKeyPem], namespace: NS })
    client = objectStorageClient(emulator.url, { attempts: 1 })
    await emulator.createBucket(NS, 'many')
    const writes: Promise<unknown>[] = []
    for (let day = 1; day <= 25; day++) {
      for (let file = 0; file < 100; file++) {
        const name = `FOCUS Reports/2025/04/${String(day).padStart(2, '0')}/0001000002711630-${String(file).padStart(5, '0')}.csv.gz`
        writes.push(emulator.putObject(NS, 'many', name, `${day}-${file}`))
      }
    }
    await Promise.all(writes)
    await emulator.createBucket(NS, 'tree')
    for (const name of ['a/1', 'a/2', 'b/1', 'c', 'd/e/f', 'f/1', 's/1', 's/2', 'z']) {
      await emulator.putObject(NS, 'tree', name, name)
    }
  })
  afterAll(async () => {
    client.close()
    await emulator.stop()
  })

  it('pages 2,500 objects through the SDK record iterator with nextStartWith', async () => {
    const names: string[] = []
    const request: os.requests.ListObjectsRequest = {
      namespaceName: NS,
      bucketName: 'many',
      prefix: 'FOCUS Reports/2025/04/',
      fields: 'name,size,etag,md5,timeCreated,timeModified',
    }
    for await (const summary of client.listObjectsRecordIterator(request)) {
      names.push(summary.name)
      expect(summary.size).toBeGreaterThan(0)
      expect(summary.md5).toMatch(/==$/)
      expect(summary.etag).toBeTruthy()
    }
    expect(names).toHaveLength(2500)
    expect(new Set(names).size).toBe(2500)
    expect([...names].sort()).toEqual(names)
    const pages = emulator.requests.list().filter((entry) => entry.operation === 'ListObjects')
    expect(pages).toHaveLength(3)
    expect(pages[1]?.target).toContain('start=FOCUS%20Reports/2025/04/11/0001000002711630-00000.csv.gz')
  })

  it('defaults to names only, limits to at most 1000, and omits nextStartWith on the last page', async () => {
    const first = await list('many', { limit: 5000 })
    expect(first.objects).toHaveLength(1000)
    expect(Object.keys(first.objects[0]!)).toEqual(['name'])
    expect(first.prefixes).toBeUndefined()
    expect(first.nextStartWith).toBe('FOCUS Reports/2025/04/11/0001000002711630-00000.csv.gz')
    const last = await list('many', { start: 'FOCUS Reports/2025/04/25/0001000002711630-00098.csv.gz' })
    expect(last.objects.map((o) => o.name.slice(-12))).toEqual(['00098.csv.gz', '00099.csv.gz'])
    expect(last.nextStartWith).toBeUndefined()
    await expect(list('many', { limit: 0 })).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'InvalidParameter',
    })
  })

  it('applies start (inclusive), startAfter and end (exclusive)', async () => {
    const names = async (extra: Partial<os.requests.ListObjectsRequest>) =>
      (await list('tree', extra)).objects.map((o) => o.name)
    expect(await names({ start: 'b/1', end: 'f/1' })).toEqual(['b/1', 'c', 'd/e/f'])
    expect(await names({ startAfter: 'b/1', end: 'f/1' })).toEqual(['c', 'd/e/f'])
    expect(await names({ prefix: 's/', start: 'a' })).toEqual(['s/1', 's/2'])
    expect(await names({ prefix: 's/', start: 't' })).toEqual([])
  })

  it('rolls names up to prefixes with the / delimiter, counting both against the limit', async () => {
    const page1 = await list('tree', { delimiter: '/', limit: 3 })
    expect(page1.prefixes).toEqual(['a/', 'b/'])
    expect(page1.objects).toEqual([{ name: 'c' }])
    expect(page1.nextStartWith).toBe('d/')
  })

  it('continues a rolled-up listing from a prefix used as start', async () => {
    const page1 = await list('tree', { delimiter: '/', limit: 4 })
    expect(page1.prefixes).toEqual(['a/', 'b/', 'd/'])
    expect(page1.objects.map((o) => o.name)).toEqual(['c'])
    expect(page1.nextStartWith).toBe('f/')
    const page2 = await list('tree', { delimiter: '/', limit: 2, start: page1.nextStartWith! })
    expect(page2.prefixes).toEqual(['f/', 's/'])
    expect(page2.nextStartWith).toBe('z')
    const within = await list('tree', { delimiter: '/', prefix: 'd/' })
    expect(within.prefixes).toEqual(['d/e/'])
    expect(within.objects).toEqual([])
  })

  it('orders names by UTF-8 bytes, not UTF-16 code units', async () => {
    await emulator.createBucket(NS, 'unicode')
    // In UTF-16 the emoji's high surrogate 0xD83D sorts BEFORE U+FF21; in UTF-8 (F0 9F …) it
    // sorts AFTER (EF BC A1).
    const names = ['\u{1F600}', '\uFF21', 'a', '~']
    for (const name of names) await emulator.putObject(NS, 'unicode', name, name)
    const listed = (await list('unicode')).objects.map((o) => o.name)
    expect(listed).toEqual(['a', '~', '\uFF21', '\u{1F600}'])
  })

  it('validates delimiter and fields', async () => {
    await expect(list('tree', { delimiter: ',' })).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'InvalidParameter',
    })
    await expect(list('tree', { fields: 'name,colour' })).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'InvalidParameter',
    })
    const detailed = await list('tree', { fields: 'NAME,Size,storageTier', limit: 1 })
    expect(detailed.objects[0]).toEqual({ name: 'a/1', size: 3, storageTier: 'Standard' })
    await expect(list('missing-bucket')).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'BucketNotFound',
    })
  })
})
