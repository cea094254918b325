import { existsSync } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatMoney, renderReport, sumDecimals } from '../src/report/index.js'
import type { ReportData } from '../src/report/types.js'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

function sampleData(): ReportData {
  const services = ['COMPUTE', 'BLOCK_STORAGE', 'NETWORK', 'DATABASE']
  const dailyByService: Array<{ day: string; service: string; billedCost: string }> = []
  for (let d = 1; d <= 7; d++) {
    for (const [index, service] of services.entries()) {
      // NETWORK has no cost on day 3: that stack has one segment less.
      if (service === 'NETWORK' && d === 3) continue
      dailyByService.push({
        day: `2025-04-0${d}`,
        service,
        billedCost: `${(index + 1) * 10 + d}.123456789012`,
      })
    }
  }
  dailyByService.push({ day: '2025-04-05', service: 'COMPUTE', billedCost: '-5.000000000000' })
  return {
    generatedAt: '2025-04-08T06:00:00.000Z',
    window: { from: '2025-04-01', to: '2025-04-07' },
    currency: 'USD',
    dailyByService,
    topCompartments: [
      { name: 'prod', id: 'ocid1.compartment.oc1..prod', billedCost: '812.500000000000' },
      { name: '<script>alert(1)</script>', id: 'ocid1.compartment.oc1..evil', billedCost: '12.000000000000' },
      { name: '', id: 'ocid1.compartment.oc1..unnamed', billedCost: '1.000000000000' },
    ],
    topResources: [{ id: 'ocid1.instance.oc1.iad.abc', service: 'COMPUTE', billedCost: '301.999000000000' }],
    monthToDate: {
      month: '2025-04',
      billedCost: '1000.000000000000',
      previousMonth: '2025-03',
      previousMonthSamePeriod: '800.000000000000',
      previousMonthTotal: '3500.000000000000',
    },
    ledger: {
      loaded: 12,
      failed: 1,
      rows: 3456,
      lastLoadedAt: '2025-04-08T05:59:00Z',
      failures: [{ file: 'x.csv', error: 'bad' }],
    },
  }
}

describe('report money', () => {
  it('sums exactly where doubles would drift', () => {
    expect(sumDecimals(['0.1', '0.2', '-0.3'])).toBe('0.000000000000000000')
    expect(sumDecimals(['123456789012345678.000000000001', '0.000000000001'])).toBe(
      '123456789012345678.000000000002000000',
    )
  })
  it('rounds half away from zero and groups thousands', () => {
    expect(formatMoney('1234.565')).toBe('1,234.57')
    expect(formatMoney('-1234.565')).toBe('-1,234.57')
    expect(formatMoney('-0.001')).toBe('0.00')
  })
  it('rejects text that is not a decimal', () => {
    expect(() => sumDecimals(['1e5'])).toThrow(/Invalid decimal/)
  })
})

describe('renderReport', () => {
  it('is self-contained: no scripts, external URLs or fonts', () => {
    const html = renderReport(sampleData())
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/(src|href)=["']?https?:/i)
    expect(html).not.toMatch(/@import|@font-face|url\(/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
  it('prints the exact window total', () => {
    const data = sampleData()
    const html = renderReport(data)
    expect(html).toContain(`${formatMoney(sumDecimals(data.dailyByService.map((r) => r.billedCost)))} USD`)
  })
})

// Locally the browser test skips (saying so) without Chromium; in CI, where .ci/run installs Debian's
// chromium, a missing browser is a failure rather than a silent skip.
const HAVE_CHROMIUM = existsSync(CHROMIUM)
if (!HAVE_CHROMIUM) console.warn(`report-render: ${CHROMIUM} not found, skipping the headless Chromium test`)

describe('the Chromium check', () => {
  it.runIf(Boolean(process.env['CI']))('has a browser in CI', () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} must exist when CI is set (apt-get install chromium)`).toBe(true)
  })
})

describe.skipIf(!HAVE_CHROMIUM)(`report in headless Chromium (${CHROMIUM})`, () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oci-focus-report-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true }).catch(() => {})
  })

  it('renders with no console errors, the expected bars, and a screenshot', async () => {
    const { chromium } = await import('playwright-core')
    const data = sampleData()
    const file = path.join(dir, 'report.html')
    await writeFile(file, renderReport(data))
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
      const problems: string[] = []
      const requests: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
      })
      page.on('pageerror', (error) => problems.push(error.message))
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(`file://${file}`)
      // 7 days × 4 services, less NETWORK on day 3, plus the negative COMPUTE credit on day 5 that nets into
      // the same segment (one rect per day and service).
      expect(await page.locator('#daily-cost rect.bar').count()).toBe(7 * 4 - 1)
      expect(await page.locator('#top-compartments rect.bar').count()).toBe(3)
      expect(await page.locator('#month-to-date rect.bar').count()).toBe(3)
      expect(await page.locator('#daily-cost text.x-tick').count()).toBe(7)
      expect(await page.locator('#daily-cost text.y-tick').count()).toBeGreaterThanOrEqual(3)
      expect(await page.locator('#top-resources tbody tr').count()).toBe(1)
      const box = await page.locator('#daily-cost').boundingBox()
      expect(box?.width ?? 0).toBeGreaterThan(500)
      const screenshot = path.join(dir, 'report.png')
      await page.screenshot({ path: screenshot, fullPage: true })
      expect((await stat(screenshot)).size).toBeGreaterThan(10_000)
      expect(problems).toEqual([])
      expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
