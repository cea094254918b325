import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateFocusReports, OCI_FOCUS_HEADER, seedReports } from '../src/generator/index.ts'
import { type Emulator, startEmulator } from '../src/index.ts'
import { objectStorageClient, readAll } from './helpers.ts'

let emulator: Emulator
const reports = generateFocusReports({
  seed: 5,
  startDate: '2025-09-29',
  days: 3,
  filesPerDay: 2,
  rowsPerFile: 40,
  lateFile: { day: '2025-09-29', deliveredOn: '2025-10-03' },
  rewrite: { day: '2025-09-30' },
  legacyCost: true,
})

beforeAll(async () => {
  emulator = await startEmulator()
  await seedReports(emulator, reports.files, reports.tenancyOcid)
})

afterAll(async () => {
  await emulator.stop()
})

describe('seedReports into a running emulator', () => {
  it('puts the final version of every file into bling/<tenancy OCID>, the late file last', async () => {
    const finals = new Map(reports.files.map((f) => [f.name, f]))
    expect(reports.files.length).toBe(finals.size + 1) // one rewrite
    const names = await emulator.listObjectNames('bling', reports.tenancyOcid)
    expect([...names].sort()).toEqual([...finals.keys()].sort())
    const modified = new Map<string, number>()
    for (const [name, file] of finals) {
      const stored = await emulator.getObject('bling', reports.tenancyOcid, name)
      expect(stored?.body.equals(file.gz)).toBe(true)
      modified.set(name, stored!.timeModified.getTime())
    }
    const late = reports.files.at(-1)!
    expect(late.day).toBe('2025-09-29')
    expect(Math.max(...modified.values())).toBe(modified.get(late.name))
  })

  it('can be seeded twice (existing bucket) and serves the files to the official client', async () => {
    await seedReports(emulator, reports.files, reports.tenancyOcid)
    const client = objectStorageClient(emulator.url)
    try {
      const listed = await client.listObjects({
        namespaceName: 'bling',
        bucketName: reports.tenancyOcid,
        prefix: 'FOCUS Reports/2025/09/29/',
        fields: 'name,size,timeCreated,md5',
      })
      const names = listed.listObjects.objects.map((o) => o.name)
      expect(names).toHaveLength(3)
      const object = await client.getObject({
        namespaceName: 'bling',
        bucketName: reports.tenancyOcid,
        objectName: names[0]!,
      })
      const records = parse(gunzipSync(await readAll(object.value))) as string[][]
      expect(records[0]).toEqual([...OCI_FOCUS_HEADER])
      expect(records).toHaveLength(41)
    } finally {
      client.close()
    }
  })
})
