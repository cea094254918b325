import { formatMoney, fromScaled, sumDecimals, toChartNumber, toScaled } from './money.js'
import type { ReportData } from './types.js'

// One self-contained page: inline CSS and SVG, no scripts, fonts or network, so it opens from a mail
// attachment or an artifact download exactly as it was rendered.

const PALETTE = [
  '#2f6fab',
  '#e07b39',
  '#3a9e6b',
  '#c44e52',
  '#8172b2',
  '#937860',
  '#da8bc3',
  '#8c8c8c',
  '#ccb974',
  '#64b5cd',
]
const OTHER_COLOR = '#b0b0b0'
const MAX_SERVICES = 8

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** A round axis step (1, 2 or 5 × 10^k) giving about `target` ticks over `span`. */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0)) return 1
  const raw = span / target
  const power = 10 ** Math.floor(Math.log10(raw))
  const mantissa = raw / power
  const nice = mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10
  return nice * power
}

function axisLabel(value: number): string {
  const abs = Math.abs(value)
  if (abs >= 1_000_000) return `${(value / 1_000_000).toFixed(abs >= 10_000_000 ? 0 : 1)}M`
  if (abs >= 1_000) return `${(value / 1_000).toFixed(abs >= 10_000 ? 0 : 1)}k`
  if (abs >= 1 || value === 0) return value.toFixed(abs >= 10 || value === 0 ? 0 : 1)
  return value.toPrecision(2)
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  const end = Date.parse(`${to}T00:00:00Z`)
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}

/** Services ordered by total cost; beyond MAX_SERVICES they fold into "Other" so the legend stays legible. */
function rankServices(data: ReportData): { shown: string[]; folded: Set<string> } {
  const totals = new Map<string, bigint>()
  for (const row of data.dailyByService) {
    totals.set(row.service, (totals.get(row.service) ?? 0n) + toScaled(row.billedCost))
  }
  const ranked = [...totals.entries()].sort((a, b) =>
    b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]),
  )
  const shown = ranked.slice(0, MAX_SERVICES).map(([service]) => service)
  const folded = new Set(ranked.slice(MAX_SERVICES).map(([service]) => service))
  return { shown, folded }
}

function dailyCostChart(data: ReportData): string {
  const days = daysBetween(data.window.from, data.window.to)
  const { shown, folded } = rankServices(data)
  const series = folded.size > 0 ? [...shown, 'Other'] : shown
  const color = (service: string) =>
    service === 'Other' ? OTHER_COLOR : (PALETTE[series.indexOf(service) % PALETTE.length] ?? OTHER_COLOR)

  // day → series → exact amount
  const cells = new Map<string, Map<string, bigint>>()
  for (const row of data.dailyByService) {
    const name = folded.has(row.service) ? 'Other' : row.service
    const perDay = cells.get(row.day) ?? new Map<string, bigint>()
    perDay.set(name, (perDay.get(name) ?? 0n) + toScaled(row.billedCost))
    cells.set(row.day, perDay)
  }

  let maxPositive = 0
  let minNegative = 0
  for (const perDay of cells.values()) {
    let positive = 0
    let negative = 0
    for (const amount of perDay.values()) {
      const value = toChartNumber(fromScaled(amount))
      if (value >= 0) positive += value
      else negative += value
    }
    maxPositive = Math.max(maxPositive, positive)
    minNegative = Math.min(minNegative, negative)
  }
  const step = niceStep(maxPositive - minNegative || 1)
  const top = Math.ceil(maxPositive / step) * step || step
  const bottom = Math.floor(minNegative / step) * step

  const width = 960
  const height = 360
  const margin = { top: 16, right: 16, bottom: 64, left: 72 }
  const plotWidth = width - margin.left - margin.right
  const plotHeight = height - margin.top - margin.bottom
  const y = (value: number) => margin.top + ((top - value) / (top - bottom)) * plotHeight
  const slot = plotWidth / Math.max(days.length, 1)
  const barWidth = Math.max(2, Math.min(48, slot * 0.7))
  const labelEvery = Math.ceil(days.length / 16)

  const parts: string[] = []
  for (let tick = bottom; tick <= top + step / 2; tick += step) {
    const ty = y(tick).toFixed(1)
    parts.push(
      `<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="tick y-tick" x="${margin.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle">${axisLabel(tick)}</text>`,
    )
  }
  days.forEach((day, index) => {
    const x = margin.left + slot * index + (slot - barWidth) / 2
    const perDay = cells.get(day)
    let positiveBase = 0
    let negativeBase = 0
    for (const service of series) {
      const amount = perDay?.get(service)
      if (amount === undefined || amount === 0n) continue
      const value = toChartNumber(fromScaled(amount))
      const from = value >= 0 ? positiveBase : negativeBase
      const to = from + value
      if (value >= 0) positiveBase = to
      else negativeBase = to
      const y1 = Math.min(y(from), y(to))
      const h = Math.max(Math.abs(y(from) - y(to)), 0.5)
      parts.push(
        `<rect class="bar" data-day="${day}" data-service="${escapeHtml(service)}" x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${color(service)}"><title>${day} · ${escapeHtml(service)}: ${formatMoney(fromScaled(amount))}</title></rect>`,
      )
    }
    if (index % labelEvery === 0) {
      const lx = margin.left + slot * index + slot / 2
      const ly = height - margin.bottom + 14
      parts.push(
        `<text class="tick x-tick" x="${lx.toFixed(1)}" y="${ly}" text-anchor="end" transform="rotate(-40 ${lx.toFixed(1)} ${ly})">${day.slice(5)}</text>`,
      )
    }
  })
  parts.push(
    `<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>`,
    `<line class="axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}"/>`,
    `<text class="axis-title" x="16" y="${margin.top + plotHeight / 2}" transform="rotate(-90 16 ${margin.top + plotHeight / 2})" text-anchor="middle">Billed cost${data.currency ? ` (${escapeHtml(data.currency)})` : ''}</text>`,
    `<text class="axis-title" x="${margin.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">Charge day (UTC)</text>`,
  )
  const legend = series
    .map(
      (service) =>
        `<li><span class="swatch" style="background:${color(service)}"></span>${escapeHtml(service)}</li>`,
    )
    .join('')
  return `<svg id="daily-cost" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Billed cost per day, stacked by service">${parts.join('')}</svg><ul class="legend">${legend}</ul>`
}

function horizontalBars(
  id: string,
  label: string,
  rows: ReadonlyArray<{ label: string; title: string; amount: string }>,
): string {
  if (rows.length === 0) return `<p class="empty">No data in this window.</p>`
  const width = 960
  const rowHeight = 26
  const labelWidth = 300
  const valueWidth = 120
  const height = rows.length * rowHeight + 8
  const max = Math.max(...rows.map((row) => Math.abs(toChartNumber(row.amount))), 1e-12)
  const plot = width - labelWidth - valueWidth
  const parts = rows.map((row, index) => {
    const value = toChartNumber(row.amount)
    const w = Math.max((Math.abs(value) / max) * plot, 1)
    const ry = 4 + index * rowHeight
    const shortLabel = row.label.length > 40 ? `${row.label.slice(0, 18)}…${row.label.slice(-18)}` : row.label
    return (
      `<text class="tick" x="${labelWidth - 8}" y="${ry + rowHeight / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shortLabel)}</text>` +
      `<rect class="bar" x="${labelWidth}" y="${ry + 3}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${value < 0 ? '#c44e52' : '#2f6fab'}"><title>${escapeHtml(row.title)}: ${formatMoney(row.amount)}</title></rect>` +
      `<text class="value" x="${(labelWidth + w + 6).toFixed(1)}" y="${ry + rowHeight / 2}" dominant-baseline="middle">${formatMoney(row.amount)}</text>`
    )
  })
  return `<svg id="${id}" class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`
}

function monthToDate(data: ReportData): string {
  const mtd = data.monthToDate
  const current = toScaled(mtd.billedCost)
  const previous = toScaled(mtd.previousMonthSamePeriod)
  const change =
    previous === 0n
      ? 'n/a'
      : `${((Number(current - previous) / Number(previous < 0n ? -previous : previous)) * 100).toFixed(1)}%`
  const chart = horizontalBars('month-to-date', 'Month to date against the same days of the previous month', [
    { label: `${mtd.month} to date`, title: `${mtd.month} to date`, amount: mtd.billedCost },
    {
      label: `${mtd.previousMonth} same days`,
      title: `${mtd.previousMonth}, same days`,
      amount: mtd.previousMonthSamePeriod,
    },
    {
      label: `${mtd.previousMonth} full month`,
      title: `${mtd.previousMonth}, full month`,
      amount: mtd.previousMonthTotal,
    },
  ])
  return `<p class="kpis"><span><b>${formatMoney(mtd.billedCost)}</b> ${escapeHtml(mtd.month)} to date</span><span><b>${change}</b> against the same days of ${escapeHtml(mtd.previousMonth)}</span></p>${chart}`
}

function ledgerHealth(data: ReportData): string {
  const ledger = data.ledger
  const failures = ledger.failures
    .map((failure) => `<tr><td>${escapeHtml(failure.file)}</td><td>${escapeHtml(failure.error)}</td></tr>`)
    .join('')
  const skipped =
    data.lastRunSkipped === undefined
      ? ''
      : `<span><b>${data.lastRunSkipped}</b> skipped in the last run</span>`
  return (
    `<p class="kpis" id="ledger"><span><b>${ledger.loaded}</b> files loaded</span>${skipped}<span class="${ledger.failed > 0 ? 'bad' : ''}"><b>${ledger.failed}</b> failed</span><span><b>${ledger.rows.toLocaleString('en-US')}</b> rows</span><span>last load ${escapeHtml(ledger.lastLoadedAt ?? 'never')}</span></p>` +
    (failures
      ? `<table><thead><tr><th>File</th><th>Error</th></tr></thead><tbody>${failures}</tbody></table>`
      : '')
  )
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0}.chart{width:100%;height:auto;display:block}
.grid{stroke:#e5e7eb;stroke-width:1}.axis{stroke:#57606a;stroke-width:1}
.tick{font-size:11px;fill:#57606a}.value{font-size:11px;fill:#1f2328}.axis-title{font-size:12px;fill:#1f2328}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;margin:8px 0}
.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px;border-radius:2px}
.kpis{display:flex;gap:24px;flex-wrap:wrap}.kpis b{font-size:18px}.bad b{color:#c44e52}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td code{font-size:12px;word-break:break-all}
.empty{color:#57606a}`

/** The whole report as one HTML document. */
export function renderReport(data: ReportData): string {
  const total = sumDecimals(data.dailyByService.map((row) => row.billedCost))
  const currency = data.currency ? ` ${escapeHtml(data.currency)}` : ''
  const compartments = horizontalBars(
    'top-compartments',
    'Top compartments by billed cost',
    data.topCompartments.map((row) => ({ label: row.name || row.id, title: row.id, amount: row.billedCost })),
  )
  const resources = data.topResources
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.id)}</code></td><td>${escapeHtml(row.service)}</td><td class="num">${formatMoney(row.billedCost)}</td></tr>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OCI cost report ${escapeHtml(data.window.from)} to ${escapeHtml(data.window.to)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>OCI cost report</h1>
<p class="meta">Charge days ${escapeHtml(data.window.from)} to ${escapeHtml(data.window.to)} (UTC) · billed cost <b id="window-total">${formatMoney(total)}${currency}</b> · generated ${escapeHtml(data.generatedAt)} by oci-focus</p>
<h2>Cost per day by service</h2>
${dailyCostChart(data)}
<h2>Month to date</h2>
${monthToDate(data)}
<h2>Top compartments</h2>
${compartments}
<h2>Top resources</h2>
${resources ? `<table id="top-resources"><thead><tr><th>Resource</th><th>Service</th><th class="num">Billed cost${currency}</th></tr></thead><tbody>${resources}</tbody></table>` : '<p class="empty">No data in this window.</p>'}
<h2>Load ledger</h2>
${ledgerHealth(data)}
</body>
</html>
`
}
