import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { generateFocusReports, seedReports } from '@oci-focus/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { copyObjects } from '../src/copy/engine.js'
import type { CopyProgress } from '../src/copy/types.js'
import {
  type CopyEnv,
  countOperations,
  DEST_BUCKET,
  DEST_NS,
  dayWindow,
  maxOverlap,
  startCopyEnv,
  TENANCY,
} from './helpers/copy-env.js'
import { buildZip } from './helpers/zip-writer.js'

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('base64')
const WRITES = ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CommitMultipartUpload']

describe('copyObjects against the emulator (strict signatures, official client)', () => {
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

  it('copies a day of 2,500 reports byte for byte with provenance, then a re-run writes nothing', async () => {
    const reports = generateFocusReports({
      startDate: '2026-02-10',
      days: 1,
      filesPerDay: 2500,
      rowsPerFile: 2,
      tenancyOcid: TENANCY,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    const window = dayWindow('2026-02-10')
    const events: CopyProgress[] = []
    const first = await copyObjects({
      source: env.source,
      destination: env.destination,
      window,
      concurrency: 8,
      toolVersion: 'test-1',
      onProgress: (event) => events.push(event),
    })
    expect(first.totals).toMatchObject({ planned: 2500, copied: 2500, skipped: 0, failed: 0 })
    expect(first.totals.bytesIn).toBe(reports.files.reduce((sum, file) => sum + file.gz.length, 0))
    expect(first.totals.bytesOut).toBe(reports.files.reduce((sum, file) => sum + file.csv.length, 0))
    expect(events.filter((event) => event.type === 'object-done')).toHaveLength(2500)

    for (const file of reports.files.filter((_, index) => index % 97 === 0)) {
      const name = file.name.replace(/\.gz$/, '')
      const copied = await env.emulator.getObject(DEST_NS, DEST_BUCKET, name)
      const source = await env.emulator.getObject('bling', TENANCY, file.name)
      expect(copied?.body.equals(file.csv)).toBe(true)
      expect(copied?.md5).toBe(md5(file.csv))
      expect(copied?.contentType).toBe('text/csv')
      const result = first.objects.find((object) => object.source === file.name)
      expect(result).toMatchObject({
        destination: [name],
        action: 'copy',
        outcome: 'copied',
        md5: md5(file.csv),
      })
      expect(copied?.metadata).toMatchObject({
        'source-name': file.name,
        'source-etag': source?.etag,
        'source-md5': md5(file.gz),
        'source-size': String(file.gz.length),
        'tool-version': 'test-1',
      })
      expect(copied?.metadata['source-modified']).toMatch(/^\d{4}-\d\d-\d\dT/)
    }

    env.emulator.requests.clear()
    const second = await copyObjects({
      source: env.source,
      destination: env.destination,
      window,
      concurrency: 8,
    })
    expect(second.totals).toMatchObject({ planned: 0, copied: 0, skipped: 2500, failed: 0, bytesIn: 0 })
    expect(countOperations(env.emulator, ...WRITES, 'GetObject')).toBe(0)
    expect(countOperations(env.emulator, 'HeadObject')).toBe(2500)
  }, 600_000)

  it('recopies a source OCI rewrote and skips the rest; force recopies everything', async () => {
    const day = '2026-02-11'
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 4,
      tenancyOcid: TENANCY,
      seed: 2,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    const window = dayWindow(day)
    await copyObjects({ source: env.source, destination: env.destination, window })
    const target = reports.files[1]!
    const rewritten = Buffer.concat([target.csv, Buffer.from('late,row\n')])
    await env.emulator.putObject('bling', TENANCY, target.name, gzipSync(rewritten))

    env.emulator.requests.clear()
    const rerun = await copyObjects({ source: env.source, destination: env.destination, window })
    expect(rerun.totals).toMatchObject({ planned: 1, copied: 1, skipped: 3, failed: 0 })
    const recopied = rerun.objects.find((object) => object.source === target.name)
    expect(recopied).toMatchObject({ action: 'recopy', outcome: 'copied' })
    expect(recopied?.reason).toMatch(/etag changed/)
    const copied = await env.emulator.getObject(DEST_NS, DEST_BUCKET, target.name.replace(/\.gz$/, ''))
    expect(copied?.body.equals(rewritten)).toBe(true)
    expect(countOperations(env.emulator, 'PutObject')).toBe(1)

    const forced = await copyObjects({
      source: env.source,
      destination: env.destination,
      window,
      force: true,
    })
    expect(forced.totals).toMatchObject({ planned: 4, copied: 4, skipped: 0 })
    expect(forced.objects.every((object) => object.action === 'recopy' && object.reason === 'forced')).toBe(
      true,
    )
  })

  it('plans without writing in a dry run', async () => {
    const day = '2026-02-12'
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 3,
      tenancyOcid: TENANCY,
      seed: 3,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
    env.emulator.requests.clear()
    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      dryRun: true,
    })
    expect(result.dryRun).toBe(true)
    expect(result.totals).toMatchObject({ planned: 3, copied: 0, failed: 0 })
    expect(result.objects.map((object) => object.outcome)).toEqual(['planned', 'planned', 'planned'])
    expect(countOperations(env.emulator, ...WRITES, 'GetObject')).toBe(0)
  })

  it('extracts every zip entry to <dir>/<entry>, keeps .gz bytes with keepCompressed, and copies empty files', async () => {
    const day = '2026-02-13'
    const folder = 'FOCUS Reports/2026/02/13/'
    const a = Buffer.from('x,y\n1,2\n'.repeat(1000))
    const b = Buffer.from('p,q\n'.repeat(300))
    await env.emulator.putObject(
      'bling',
      TENANCY,
      `${folder}bundle.zip`,
      buildZip([
        { name: 'a.csv', data: a },
        { name: 'sub/b.csv', data: b, descriptor: true },
        { name: 'nothing.csv', data: '', method: 'stored' },
      ]),
    )
    await env.emulator.putObject('bling', TENANCY, `${folder}empty.csv.gz`, gzipSync(Buffer.alloc(0)))
    await env.emulator.putObject('bling', TENANCY, `${folder}zero-bytes.csv`, Buffer.alloc(0))

    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      destPrefix: 'raw',
    })
    expect(result.totals).toMatchObject({ copied: 3, failed: 0 })
    const zip = result.objects.find((object) => object.source.endsWith('bundle.zip'))
    expect(zip?.destination).toEqual([
      `raw/${folder}a.csv`,
      `raw/${folder}sub/b.csv`,
      `raw/${folder}nothing.csv`,
    ])
    expect((await env.emulator.getObject(DEST_NS, DEST_BUCKET, `raw/${folder}a.csv`))?.body.equals(a)).toBe(
      true,
    )
    const entryB = await env.emulator.getObject(DEST_NS, DEST_BUCKET, `raw/${folder}sub/b.csv`)
    expect(entryB?.body.equals(b)).toBe(true)
    expect(entryB?.metadata).toMatchObject({
      'source-name': `${folder}bundle.zip`,
      'source-entry': 'sub/b.csv',
    })
    expect((await env.emulator.getObject(DEST_NS, DEST_BUCKET, `raw/${folder}nothing.csv`))?.size).toBe(0)
    const empty = await env.emulator.getObject(DEST_NS, DEST_BUCKET, `raw/${folder}empty.csv`)
    expect(empty?.md5).toBe(md5(''))
    expect((await env.emulator.getObject(DEST_NS, DEST_BUCKET, `raw/${folder}zero-bytes.csv`))?.size).toBe(0)

    env.emulator.requests.clear()
    const rerun = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      destPrefix: 'raw/',
    })
    expect(rerun.totals).toMatchObject({ copied: 0, skipped: 3 })
    expect(countOperations(env.emulator, ...WRITES)).toBe(0)

    const kept = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      destPrefix: 'gz',
      keepCompressed: true,
    })
    expect(kept.totals).toMatchObject({ copied: 3, failed: 0 })
    const keptGz = await env.emulator.getObject(DEST_NS, DEST_BUCKET, `gz/${folder}empty.csv.gz`)
    expect(keptGz?.body.equals(gzipSync(Buffer.alloc(0)))).toBe(true)
    expect(keptGz?.contentType).toBe('application/gzip')
    expect(await env.emulator.getObject(DEST_NS, DEST_BUCKET, `gz/${folder}bundle.zip`)).toBeDefined()
  })

  it('uploads a large output in multipart parts with never more than maxPartsInFlight at once', async () => {
    const day = '2026-02-14'
    const name = 'FOCUS Reports/2026/02/14/0001000000000001-00001.csv.gz'
    const lines: string[] = []
    for (let i = 0; i < 60_000; i++)
      lines.push(`${i},${(i * 7919) % 104729},service-${i % 13},${md5(String(i))}`)
    const csv = Buffer.from(`${lines.join('\n')}\n`)
    await env.emulator.putObject('bling', TENANCY, name, gzipSync(csv))
    env.emulator.faults.add({ operation: 'UploadPart', latencyMs: 40, count: Number.POSITIVE_INFINITY })
    env.emulator.requests.clear()
    const result = await copyObjects({
      source: env.source,
      destination: env.destination,
      window: dayWindow(day),
      partSize: 128 * 1024,
      maxPartsInFlight: 3,
    })
    expect(result.totals).toMatchObject({ copied: 1, failed: 0 })
    const parts = countOperations(env.emulator, 'UploadPart')
    expect(parts).toBe(Math.ceil(csv.length / (128 * 1024)))
    const overlap = maxOverlap(env.emulator, 'UploadPart')
    expect(overlap).toBeLessThanOrEqual(3)
    expect(overlap).toBeGreaterThanOrEqual(2)
    const copied = await env.emulator.getObject(DEST_NS, DEST_BUCKET, name.replace(/\.gz$/, ''))
    expect(copied?.body.equals(csv)).toBe(true)
    expect(copied?.multipart).toBe(true)
    expect(result.objects[0]?.md5).toMatch(/^[A-Za-z0-9+/]{22}==-\d+$/)
    expect(result.objects[0]?.md5).toBe(copied?.md5)
    expect(countOperations(env.emulator, 'PutObject')).toBe(0)
  })
})
