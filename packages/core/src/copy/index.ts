export { isPlainMd5, multipartMd5 } from './checksums.js'
export { type CopyReportsOptions, copyReports, REPORTS_NAMESPACE } from './copy-reports.js'
export { COPY_DEFAULTS, copyObjects } from './engine.js'
export { destinationName, METADATA_KEYS, staleReason } from './naming.js'
export type {
  CopyAction,
  CopyObjectResult,
  CopyObjectsOptions,
  CopyOutcome,
  CopyProgress,
  CopyResult,
  DecompressionLimits,
} from './types.js'
export { CORE_VERSION } from './version.js'
