import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { OCI_FOCUS_HEADER } from '../src/dialect.js'
import { loadReports } from '../src/load.js'
import { sharedDir, tempDuckDb } from './helpers.js'

/**
 * The one public OCI FOCUS row (oracle-quickstart/oci-o11y-solutions, FOCUS_OCI parser example),
 * copied by the fixture builder below from shared/reference/oci-focus-reports.md §9 at test time,
 * so the test uses the published text and not a hand copy.
 */
async function ociSample(): Promise<{ header: string; row: string }> {
  const md = await readFile(join(sharedDir(), 'reference', 'oci-focus-reports.md'), 'utf8')
  const section = md.slice(md.indexOf('## 9. The public sample OCI FOCUS row'))
  const blocks = [...section.matchAll(/```\n([^`]+?)\n```/g)].map((m) => m[1] as string)
  const [header, row] = blocks
  if (header === undefined || row === undefined)
    throw new Error('oci-focus-reports.md §9: must hold header and row')
  return { header, row }
}

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('the OCI sample row (reference §9)', () => {
  test('loads with OCI names mapped to FOCUS 1.2 columns and exact values', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const { row } = await ociSample()
    // A clean OCI header (§4) with a UTF-8 BOM and stray spaces, CRLF line ends.
    const header = `\uFEFF${OCI_FOCUS_HEADER.map((n, i) => (i % 7 === 0 ? ` ${n} ` : n)).join(',')}`
    const dir = join(db.dir, 'reports', 'FOCUS Reports', '2025', '09', '25')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, '0001000000000001-00001.csv'), `${header}\r\n${row}\r\n`)

    const result = await loadReports({
      source: { kind: 'dir', path: join(db.dir, 'reports') },
      sink: db.sink,
    })
    expect(result.totals).toEqual({ loaded: 1, skipped: 0, failed: 0, rows: 1, rejectedRows: 0 })
    expect(result.files[0]).toMatchObject({
      file: 'FOCUS Reports/2025/09/25/0001000000000001-00001.csv',
      dialect: 'oci-focus',
      outcome: 'loaded',
    })
    const [loaded] = await db.sink.query(
      `SELECT PROVIDER_NAME, PUBLISHER_NAME, INVOICE_ISSUER_NAME, REGION_ID, CONSUMED_UNIT,
        CAST(CONSUMED_QUANTITY AS VARCHAR) AS CQ, CAST(BILLED_COST AS VARCHAR) AS BC, BILLING_CURRENCY,
        strftime(CHARGE_PERIOD_START, '%Y-%m-%dT%H:%M:%S.%g') AS CPS,
        strftime(BILLING_PERIOD_END, '%Y-%m-%dT%H:%M:%S.%g') AS BPE, CHARGE_FREQUENCY, AVAILABILITY_ZONE,
        OCI_REFERENCE_NUMBER, OCI_COMPARTMENT_NAME, OCI_BACK_REFERENCE_NUMBER, CHARGE_SUBCATEGORY,
        CAST(TAGS AS VARCHAR) AS TAGS, X_COLUMNS, SOURCE_LINE, SERVICE_NAME, BILLING_ACCOUNT_ID
       FROM OCI_FOCUS`,
    )
    expect(loaded).toEqual({
      PROVIDER_NAME: 'Oracle',
      PUBLISHER_NAME: 'Oracle',
      INVOICE_ISSUER_NAME: 'Oracle',
      REGION_ID: 'ap-hyderabad-1',
      CONSUMED_UNIT: 'GB Months',
      CQ: '0.000000000000000000',
      BC: '0.000000000000000000',
      BILLING_CURRENCY: null,
      CPS: '2025-09-25T19:00:00.000',
      BPE: '2025-09-30T23:59:59.999',
      CHARGE_FREQUENCY: 'Usage-based',
      AVAILABILITY_ZONE: 'NoEK:AP-HYDERABAD-1-AD-1',
      OCI_REFERENCE_NUMBER: 'V2.3eYCk8/m8cR15GqO7PlHLo6g+oEFDdjo3qz00005OQv37OKzmZA==',
      OCI_COMPARTMENT_NAME: 'CGBU',
      OCI_BACK_REFERENCE_NUMBER: null,
      CHARGE_SUBCATEGORY: null,
      TAGS: '{"ArchitectureCenter\\\\deploy-tomcat-adb-d593.release":"","AutoScript":"","CCA_Basic_Tag.CCA_Country":"","wlsoci-dgc-system-tag":""}',
      X_COLUMNS: null,
      SOURCE_LINE: 2n,
      SERVICE_NAME: 'NETWORK',
      BILLING_ACCOUNT_ID: '7356189',
    })
    // The tags view decodes the JSON key: one backslash.
    const tags = await db.sink.query(`SELECT TAG_KEY, TAG_VALUE FROM OCI_FOCUS_TAGS ORDER BY TAG_KEY`)
    expect(tags[0]).toEqual({ TAG_KEY: 'ArchitectureCenter\\deploy-tomcat-adb-d593.release', TAG_VALUE: '' })
    expect(tags).toHaveLength(4)
  })

  test('the verbatim §9 header (leading "l" artifact) loads; the mangled column is kept in X_COLUMNS', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const { header, row } = await ociSample()
    expect(header.startsWith('lAvailabilityZone,')).toBe(true)
    await writeFile(join(db.dir, 'verbatim.csv'), `${header}\n${row}\n`)
    const result = await loadReports({ source: { kind: 'dir', path: db.dir }, sink: db.sink })
    // AvailabilityZone is only Recommended, so the mangled name is kept, not refused: it lands in X_COLUMNS.
    expect(result.totals).toMatchObject({ loaded: 1, failed: 0, rows: 1 })
    const [loaded] = await db.sink.query(`SELECT AVAILABILITY_ZONE, X_COLUMNS FROM OCI_FOCUS`)
    expect(loaded).toEqual({
      AVAILABILITY_ZONE: null,
      X_COLUMNS: '{"lAvailabilityZone":"NoEK:AP-HYDERABAD-1-AD-1"}',
    })
  })
})
