import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { generateFocusReports, seedReports } from '@oci-focus/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copyObjects } from '../src/copy/engine.js'
import {
  type CopyEnv,
  countOperations,
  DEST_BUCKET,
  DEST_NS,
  dayWindow,
  startCopyEnv,
  TENANCY,
} from './helpers/copy-env.js'
import { buildZip } from './helpers/zip-writer.js'

const FAST = { retryBaseDelayMs: 5 }

describe('copyObjects failures: per object, retried when transient, nothing left behind', () => {
  let env: CopyEnv

  beforeAll(async () => {
    env = await startCopyEnv()
  })
  afterAll(async () => {
    await env?.close()
  })
  beforeEach(() => {
    env.emulator.faults.clear()
    env.emulator.requests.clear()
  })

  async function destinationNames(prefix: string): Promise<string[]> {
    return (await env.emulator.listObjectNames(DEST_NS, DEST_BUCKET)).filter((name) =>
      name.startsWith(prefix),
    )
  }

  it('gets every object right through 429/503 storms and bodies cut in both directions', async () => {
    const day = '2026-03-02'
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 12,
      rowsPerFile: 300,
      tenancyOcid: TENANCY,
      seed: 7,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    const big = [...reports.files].sort((a, b) => b.csv.length - a.csv.length)[0]!
    const { faults } = env.emulator
    faults.add({ operation: 'GetObject', status: 503, count: 6 })
    faults.add({ operation: 'HeadObject', status: 429, code: 'TooManyRequests', count: 5 })
    faults.add({ operation: 'PutObject', status: 429, code: 'TooManyRequests', count: 6 })
    faults.add({ operation: 'PutObject', status: 503, count: 3 })
    faults.add({ operation: 'GetObject', cut: 'response', cutAfterBytes: 300, count: 3 })
    faults.add({ operation: 'PutObject', cut: 'request', cutAfterBytes: 200, count: 3 })
    faults.add({ operation: 'UploadPart', cut: 'request', cutAfterBytes: 1000, count: 2 })
    faults.add({ operation: 'UploadPart', status: 503, count: 2 })
    faults.add({ operation: 'CommitMultipartUpload', status: 503, count: 1 })

    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      concurrency: 4,
      // Small parts so the largest file goes multipart and part uploads meet the faults too.
      partSize: Math.ceil(big.csv.length / 3),
      singlePutMaxBytes: big.csv.length - 1,
      ...FAST,
    })
    expect(result.objects.filter((object) => object.outcome === 'failed')).toEqual([])
    expect(result.totals).toMatchObject({ copied: 12, failed: 0 })
    expect(faults.list().filter((fault) => fault.remaining > 0)).toEqual([])
    expect(env.emulator.requests.list().filter((entry) => entry.faulted).length).toBeGreaterThanOrEqual(30)
    for (const file of reports.files) {
      const copied = await env.emulator.getObject(DEST_NS, DEST_BUCKET, file.name.replace(/\.gz$/, ''))
      expect(copied?.body.equals(file.csv), file.name).toBe(true)
    }
    expect(await env.emulator.listMultipartUploads(DEST_NS, DEST_BUCKET)).toEqual([])
  })

  it('rejects a corrupt gzip, a truncated gzip, a zip-slip entry and a bomb, copies the others, leaves nothing', async () => {
    const day = '2026-03-03'
    const folder = 'FOCUS Reports/2026/03/03/'
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 3,
      tenancyOcid: TENANCY,
      seed: 8,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    const goodGz = reports.files[0]!.gz
    const corrupt = Buffer.from(goodGz)
    for (let at = 200; at < corrupt.length - 100; at += 50) corrupt[at] = corrupt[at]! ^ 0xff
    // 256 KiB of real CSV cut in half: the first 128 KiB of output would already be uploading.
    const csv = Buffer.from(randomBytes(96 * 1024).toString('hex'))
    const truncated = gzipSync(csv).subarray(0, Math.floor(gzipSync(csv).length / 2))
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024))
    const slip = buildZip([
      { name: 'fine.csv', data: 'a,b\n1,2\n' },
      { name: '../../escape.csv', data: 'x\n' },
    ])
    await env.emulator.putObject('bling', TENANCY, `${folder}corrupt.csv.gz`, corrupt)
    await env.emulator.putObject('bling', TENANCY, `${folder}truncated.csv.gz`, truncated)
    await env.emulator.putObject('bling', TENANCY, `${folder}bomb.csv.gz`, bomb)
    await env.emulator.putObject('bling', TENANCY, `${folder}slip.zip`, slip)

    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      // Small parts: the bomb and the truncated file are mid-multipart when they fail.
      partSize: 64 * 1024,
      singlePutMaxBytes: 64 * 1024,
      ...FAST,
    })
    const byName = (suffix: string) => result.objects.find((object) => object.source.endsWith(suffix))
    expect(result.totals).toMatchObject({ copied: 3, failed: 4 })
    expect(byName('corrupt.csv.gz')).toMatchObject({ outcome: 'failed', errorCode: 'CORE_CORRUPT_ARCHIVE' })
    expect(byName('truncated.csv.gz')).toMatchObject({
      outcome: 'failed',
      errorCode: 'CORE_TRUNCATED_ARCHIVE',
    })
    expect(byName('bomb.csv.gz')).toMatchObject({ outcome: 'failed', errorCode: 'CORE_DECOMPRESSION_BOMB' })
    expect(byName('slip.zip')).toMatchObject({ outcome: 'failed', errorCode: 'CORE_UNSAFE_ENTRY_NAME' })
    expect(byName('slip.zip')?.reason).toContain('../../escape.csv')
    expect(byName('bomb.csv.gz')?.reason).toMatch(/200×/)
    // Permanent failures are not retried: one GET each.
    expect(countOperations(env.emulator, 'GetObject')).toBe(7)
    expect(countOperations(env.emulator, 'CreateMultipartUpload')).toBeGreaterThanOrEqual(2)
    expect(await destinationNames(folder)).toEqual(
      reports.files.map((file) => file.name.replace(/\.gz$/, '')).sort(),
    )
    expect(await env.emulator.listMultipartUploads(DEST_NS, DEST_BUCKET)).toEqual([])
  })

  it('applies the absolute output limit', async () => {
    const day = '2026-03-04'
    const name = 'FOCUS Reports/2026/03/04/big.csv.gz'
    await env.emulator.putObject(
      'bling',
      TENANCY,
      name,
      gzipSync(Buffer.from(randomBytes(600_000).toString('hex'))),
    )
    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      limits: { maxOutputBytes: 1_000_000 },
      ...FAST,
    })
    expect(result.objects[0]).toMatchObject({ outcome: 'failed', errorCode: 'CORE_DECOMPRESSION_BOMB' })
    expect(result.objects[0]?.reason).toContain('1000000 bytes')
    expect(await destinationNames('FOCUS Reports/2026/03/04/')).toEqual([])
  })

  it('fails a source whose bytes do not match its recorded MD5, after retrying, and copies the others', async () => {
    const day = '2026-03-12'
    const folder = 'FOCUS Reports/2026/03/12/'
    const good = gzipSync(Buffer.from('a,b\r\n1,2\r\n'))
    const rotten = gzipSync(Buffer.from('a,b\r\n3,4\r\n'))
    // The service records the MD5 of other bytes than it serves, as a corrupt replica would.
    const { md5: otherMd5 } = await env.emulator.putObject('bling', TENANCY, `${folder}good.csv.gz`, good)
    await env.emulator.putObject('bling', TENANCY, `${folder}rotten.csv.gz`, rotten, {
      recordedMd5: otherMd5,
    })

    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      ...FAST,
    })
    const rottenResult = result.objects.find((object) => object.source.endsWith('rotten.csv.gz'))
    expect(rottenResult).toMatchObject({ outcome: 'failed', errorCode: 'CORE_CHECKSUM_MISMATCH' })
    expect(rottenResult?.reason).toContain(otherMd5)
    expect(result.totals).toMatchObject({ copied: 1, failed: 1 })
    // A checksum mismatch may be a bad read: the object is fetched again before it fails.
    const gets = env.emulator.requests
      .list()
      .filter((entry) => entry.operation === 'GetObject' && entry.object?.endsWith('rotten.csv.gz'))
    expect(gets.length).toBeGreaterThanOrEqual(2)
    expect(await destinationNames(folder)).toEqual([`${folder}good.csv`])
    expect(await env.emulator.listMultipartUploads(DEST_NS, DEST_BUCKET)).toEqual([])
  })

  it('fails a source rewritten between listing and reading (if-match) and copies the others', async () => {
    const day = '2026-03-05'
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 3,
      tenancyOcid: TENANCY,
      seed: 9,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    const victim = reports.files[1]!
    // Hold the victim's GET long enough for the rewrite below to land first.
    env.emulator.faults.add({ operation: 'GetObject', object: victim.name, latencyMs: 400 })
    let rewrite: Promise<unknown> | undefined
    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      onProgress: (event) => {
        if (event.type === 'planned') {
          rewrite = env.emulator.putObject('bling', TENANCY, victim.name, gzipSync('new,content\n'))
        }
      },
      ...FAST,
    })
    await rewrite
    const failed = result.objects.find((object) => object.source === victim.name)
    expect(failed).toMatchObject({ outcome: 'failed', errorCode: 'CORE_SOURCE_CHANGED' })
    expect(result.totals).toMatchObject({ copied: 2, failed: 1 })
    expect(
      await env.emulator.getObject(DEST_NS, DEST_BUCKET, victim.name.replace(/\.gz$/, '')),
    ).toBeUndefined()
  })

  it('stops on abort: in-flight multipart uploads are aborted and nothing is committed', async () => {
    const day = '2026-03-06'
    const name = 'FOCUS Reports/2026/03/06/large.csv.gz'
    const csv = Buffer.from(randomBytes(1024 * 1024).toString('hex'))
    await env.emulator.putObject('bling', TENANCY, name, gzipSync(csv))
    await env.emulator.putObject('bling', TENANCY, 'FOCUS Reports/2026/03/06/later.csv.gz', gzipSync('a\n'))
    env.emulator.faults.add({ operation: 'UploadPart', latencyMs: 100, count: Number.POSITIVE_INFINITY })
    const controller = new AbortController()
    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      concurrency: 1,
      partSize: 64 * 1024,
      onProgress: (event) => {
        if (event.type === 'bytes' && event.bytesOut > 0)
          controller.abort(new Error('operator pressed Ctrl-C'))
      },
      signal: controller.signal,
      ...FAST,
    })
    expect(result.totals).toMatchObject({ copied: 0, failed: 2 })
    expect(result.objects.map((object) => object.errorCode)).toEqual(['CORE_ABORTED', 'CORE_ABORTED'])
    expect(result.objects[0]?.reason).toContain('Ctrl-C')
    expect(countOperations(env.emulator, 'AbortMultipartUpload')).toBe(1)
    expect(countOperations(env.emulator, 'CommitMultipartUpload')).toBe(0)
    expect(await env.emulator.listMultipartUploads(DEST_NS, DEST_BUCKET)).toEqual([])
    expect(await destinationNames('FOCUS Reports/2026/03/06/')).toEqual([])
  })
})
