import { generateFocusReports, seedReports } from '@oci-focus/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyReports } from '../src/copy/copy-reports.js'
import {
  type CopyEnv,
  countOperations,
  DEST_BUCKET,
  DEST_NS,
  startCopyEnv,
  TENANCY,
} from './helpers/copy-env.js'

describe('copyReports: credentials → clients → namespace → copy, as the CLI and the action call it', () => {
  let env: CopyEnv
  const day = '2026-01-20'
  const now = new Date('2026-01-21T06:00:00Z')

  beforeAll(async () => {
    env = await startCopyEnv()
    const reports = generateFocusReports({
      startDate: day,
      days: 1,
      filesPerDay: 3,
      tenancyOcid: TENANCY,
      seed: 11,
    })
    await seedReports(env.emulator, reports.files, TENANCY)
  })
  afterAll(async () => {
    await env?.close()
  })

  it('copies bling/<tenancy> into the destination, discovering its namespace', async () => {
    env.emulator.requests.clear()
    const lines: string[] = []
    const result = await copyReports({
      auth: env.authOptions,
      endpoint: env.emulator.url,
      destination: { bucket: DEST_BUCKET, prefix: 'focus' },
      window: { date: day, now },
      logger: { debug() {}, info: (line) => lines.push(line), warn: (line) => lines.push(line) },
    })
    expect(result.window).toEqual({ kind: 'focus', from: day, to: day, days: [day] })
    expect(result.totals).toMatchObject({ planned: 3, copied: 3, failed: 0 })
    const log = env.emulator.requests.list()
    expect(log.find((entry) => entry.operation === 'GetNamespace')).toBeDefined()
    expect(
      log.filter((entry) => entry.operation === 'ListObjects').every((entry) => entry.namespace === 'bling'),
    ).toBe(true)
    expect(log.filter((entry) => entry.operation === 'ListObjects')[0]?.bucket).toBe(TENANCY)
    // The home region was discovered (the emulator's identity API), then every Object Storage call signed.
    expect(log.find((entry) => entry.operation === 'ListRegionSubscriptions')?.status).toBe(200)
    const storage = log.filter((entry) => entry.operation !== 'ListRegionSubscriptions')
    expect(storage.every((entry) => entry.keyId?.startsWith(`${TENANCY}/`))).toBe(true)
    const names = await env.emulator.listObjectNames(DEST_NS, DEST_BUCKET)
    expect(names.filter((name) => name.startsWith('focus/FOCUS Reports/2026/01/20/'))).toHaveLength(3)
    expect(lines.some((line) => line.includes('3 to copy'))).toBe(true)
  })

  it('plans a dry run with an explicit namespace and home region, and no writes', async () => {
    env.emulator.requests.clear()
    const result = await copyReports({
      auth: env.authOptions,
      homeRegion: 'us-ashburn-1',
      endpoint: env.emulator.url,
      destination: { bucket: DEST_BUCKET, namespace: DEST_NS, prefix: 'elsewhere/' },
      window: { date: day, now },
      dryRun: true,
    })
    expect(result.totals).toMatchObject({ planned: 3, copied: 0 })
    expect(
      countOperations(env.emulator, 'GetNamespace', 'ListRegionSubscriptions', 'PutObject', 'GetObject'),
    ).toBe(0)
  })

  it('fails the whole run with a clear error when the destination bucket does not exist', async () => {
    await expect(
      copyReports({
        auth: env.authOptions,
        endpoint: env.emulator.url,
        destination: { bucket: 'no-such-bucket' },
        window: { date: day, now },
      }),
    ).rejects.toMatchObject({ code: 'CORE_BUCKET_NOT_FOUND', bucket: 'no-such-bucket' })
  })
})
