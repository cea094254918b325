export { LEGACY_COST_HEADER, OCI_FOCUS_HEADER, tenancyOcidFor } from './catalog.js'
export { formatScaled, parseScaled } from './decimal.js'
export {
  type FocusCsvOptions,
  type FocusRowSink,
  formatTotals,
  type GroupTotals,
  generateFocusCsv,
  generateFocusCsvRows,
  type RowTotals,
  writeFocusCsvGz,
} from './focus.js'
export {
  type ExpectedTotals,
  expectedFor,
  type GeneratedFile,
  type GeneratedReports,
  type GenerateOptions,
  generateFocusReports,
  type ReportSeedTarget,
  seedReports,
} from './reports.js'
