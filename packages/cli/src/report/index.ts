export { type CollectReportOptions, collectReportData, reportTotal } from './collect.js'
export { formatMoney, sumDecimals } from './money.js'
export { renderReport } from './render.js'
export type { ReportData } from './types.js'
