import { createHash } from 'node:crypto'
import {
  copyReports,
  createAuth,
  createObjectStorageClient,
  createObjectStore,
  silenceSdkRetryWarnings,
} from '@oci-focus/core'
import {
  createTestApiKey,
  type Emulator,
  type GeneratedFile,
  generateFocusReports,
  seedReports,
  startEmulator,
} from '@oci-focus/emulator'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReports } from '../src/load.js'
import { normDecimal, tempDuckDb } from './helpers.js'

/**
 * Bucket-prefix loads through the emulator's Object Storage API and the official, unmodified
 * oci-objectstorage client (wrapped by core's ObjectStore), with objects laid out and tagged the
 * way `oci-focus copy` writes them: decompressed `.csv`, metadata source-etag / source-md5 / …
 */
const NS = 'emulatorns'
const BUCKET = 'focus-landing'
let emulator: Emulator
let store: ReturnType<typeof createObjectStore>
const key = createTestApiKey()
const apiKey = {
  kind: 'api-key',
  tenancy: 'ocid1.tenancy.oc1..loadertest',
  user: 'ocid1.user.oc1..loadertest',
  fingerprint: key.fingerprint,
  privateKey: key.privateKeyPem,
  region: 'us-ashburn-1',
} as const

let restoreWarn: (() => void) | undefined
beforeAll(async () => {
  // The SDK prints a line for every expected 404 (copy planning HEADs); keep test output readable.
  restoreWarn = silenceSdkRetryWarnings()
  emulator = await startEmulator({ namespace: NS })
  const auth = await createAuth(apiKey)
  const client = createObjectStorageClient({ auth, endpoint: emulator.url })
  store = createObjectStore({
    client,
    namespace: NS,
    bucket: BUCKET,
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
  })
  await emulator.createBucket(NS, BUCKET)
})
afterAll(async () => {
  await emulator?.stop()
  restoreWarn?.()
})

/** Puts a generated report as the copy engine would (decompressed unless keepCompressed). */
async function putCopied(
  file: GeneratedFile,
  options: { keepCompressed?: boolean; sourceEtag?: string } = {},
): Promise<string> {
  const name = options.keepCompressed === true ? file.name : file.name.replace(/\.gz$/, '')
  await emulator.putObject(NS, BUCKET, name, options.keepCompressed === true ? file.gz : file.csv, {
    contentType: 'text/csv',
    metadata: {
      'source-name': file.name,
      'source-etag': options.sourceEtag ?? `etag-${file.version}-${file.name.slice(-14, -7)}`,
      'source-md5': createHash('md5').update(file.gz).digest('base64'),
      'source-size': String(file.gz.length),
      'source-modified': file.timeModified.toISOString(),
      'tool-version': 'test',
    },
  })
  return name
}

describe('bucket-prefix loads through the emulator', () => {
  test('loads copied objects under the prefix, skips them next time, reloads a recopied rewrite', async () => {
    const generated = generateFocusReports({
      seed: 5,
      startDate: '2025-10-01',
      days: 2,
      filesPerDay: 3,
      rowsPerFile: 300,
      rewrite: { day: '2025-10-02' },
    })
    const focus = generated.files.filter((f) => f.name.startsWith('FOCUS Reports/'))
    const v1 = focus.filter((f) => f.version === 1)
    const v2 = focus.find((f) => f.version === 2) as GeneratedFile
    // One object kept compressed (copy --keep-compressed), the rest decompressed.
    for (const [i, f] of v1.entries()) await putCopied(f, { keepCompressed: i === 0 })
    // Outside the prefix and not a report: both ignored.
    await emulator.putObject(NS, BUCKET, 'other/ignored.csv', 'x\n1\n')
    await emulator.putObject(NS, BUCKET, 'FOCUS Reports/README.txt', 'not a report')

    const db = await tempDuckDb()
    try {
      const source = { kind: 'bucket', store, prefix: 'FOCUS Reports/' } as const
      const first = await loadReports({ source, sink: db.sink })
      expect(first.totals).toEqual({
        loaded: v1.length,
        skipped: 0,
        failed: 0,
        rows: generated.expectedFor(v1).rows,
        rejectedRows: 0,
      })
      expect(first.files.map((f) => f.file)).toContain(v1[0]?.name) // the .csv.gz object, gunzipped
      expect(first.files[0]?.identity).toMatch(/^source-etag=etag-1-.*;source-md5=.+==$/)
      const sums = async () =>
        Object.fromEntries(
          (
            await db.sink.query(
              `SELECT SERVICE_NAME || '|' || strftime(CHARGE_PERIOD_START, '%Y-%m-%d') AS K,
                CAST(SUM(BILLED_COST) AS VARCHAR) AS B, CAST(SUM(EFFECTIVE_COST) AS VARCHAR) AS E, COUNT(*) AS N
               FROM OCI_FOCUS GROUP BY 1`,
            )
          ).map((r) => [
            String(r.K),
            {
              billedCost: normDecimal(String(r.B)),
              effectiveCost: normDecimal(String(r.E)),
              rows: Number(r.N),
            },
          ]),
        )
      const expected = (files: GeneratedFile[]) =>
        Object.fromEntries(
          Object.entries(generated.expectedFor(files).byServiceDay).map(([k, v]) => [
            k,
            {
              billedCost: normDecimal(v.billedCost),
              effectiveCost: normDecimal(v.effectiveCost),
              rows: v.rows,
            },
          ]),
        )
      expect(await sums()).toEqual(expected(v1))

      const second = await loadReports({ source, sink: db.sink })
      expect(second.totals).toMatchObject({ loaded: 0, skipped: v1.length, failed: 0 })

      // OCI rewrote one report; copy re-copied it with the new source etag.
      const rewritten = await putCopied(v2, { sourceEtag: 'etag-2-rewritten' })
      const third = await loadReports({ source, sink: db.sink })
      expect(third.totals).toMatchObject({ loaded: 1, skipped: v1.length - 1, failed: 0 })
      expect(third.files.find((f) => f.outcome === 'loaded')?.file).toBe(rewritten)
      expect(await sums()).toEqual(expected(focus))
      expect(await sums()).toEqual(expected(generated.files))
    } finally {
      await db.cleanup()
    }
  })

  test('an object without copy metadata is identified by its own etag', async () => {
    const generated = generateFocusReports({
      seed: 9,
      startDate: '2025-11-01',
      days: 1,
      filesPerDay: 1,
      rowsPerFile: 20,
    })
    const file = generated.files[0] as GeneratedFile
    const { etag } = await emulator.putObject(NS, BUCKET, 'plain/report.csv', file.csv)
    const db = await tempDuckDb()
    try {
      const result = await loadReports({ source: { kind: 'bucket', store, prefix: 'plain/' }, sink: db.sink })
      expect(result.files).toEqual([
        {
          file: 'plain/report.csv',
          identity: `etag=${etag}`,
          outcome: 'loaded',
          rows: 20,
          rejectedRows: 0,
          dialect: 'oci-focus',
        },
      ])
    } finally {
      await db.cleanup()
    }
  })

  test('objects written by the real copy engine (copyReports) load with the generator exact totals', async () => {
    const generated = generateFocusReports({
      seed: 21,
      startDate: '2025-10-10',
      days: 2,
      filesPerDay: 2,
      rowsPerFile: 150,
      tenancyOcid: apiKey.tenancy,
    })
    await seedReports(emulator, generated.files, apiKey.tenancy)
    const copied = await copyReports({
      auth: apiKey,
      homeRegion: 'us-ashburn-1',
      destination: { bucket: BUCKET, namespace: NS, prefix: 'copied/' },
      window: { from: '2025-10-10', to: '2025-10-11', now: new Date('2025-10-12T06:00:00Z') },
      endpoint: emulator.url,
    })
    expect(copied.totals.failed).toBe(0)
    expect(copied.totals.copied).toBe(generated.expected.files)
    const db = await tempDuckDb()
    try {
      const source = { kind: 'bucket', store, prefix: 'copied/' } as const
      const result = await loadReports({ source, sink: db.sink })
      expect(result.totals).toEqual({
        loaded: generated.expected.files,
        skipped: 0,
        failed: 0,
        rows: generated.expected.rows,
        rejectedRows: 0,
      })
      // Identity comes from the copy engine's metadata (the source report's etag and md5).
      expect(result.files.every((f) => /^source-etag=.+;source-md5=.+$/.test(f.identity))).toBe(true)
      const [grand] = await db.sink.query(
        'SELECT CAST(SUM(BILLED_COST) AS VARCHAR) AS B, CAST(SUM(EFFECTIVE_COST) AS VARCHAR) AS E FROM OCI_FOCUS',
      )
      expect(normDecimal(String(grand?.B))).toBe(normDecimal(generated.expected.billedCost))
      expect(normDecimal(String(grand?.E))).toBe(normDecimal(generated.expected.effectiveCost))
      // A second copy skips everything, so the second load loads nothing.
      await copyReports({
        auth: apiKey,
        homeRegion: 'us-ashburn-1',
        destination: { bucket: BUCKET, namespace: NS, prefix: 'copied/' },
        window: { from: '2025-10-10', to: '2025-10-11', now: new Date('2025-10-12T06:00:00Z') },
        endpoint: emulator.url,
      })
      expect((await loadReports({ source, sink: db.sink })).totals).toMatchObject({ loaded: 0, failed: 0 })
    } finally {
      await db.cleanup()
    }
  })
})
