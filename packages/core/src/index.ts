/**
 * @oci-focus/core: OCI auth, FOCUS report windows, the Object Storage adapter and the streaming,
 * idempotent copy engine. Libraries and entry points import from here only.
 */
export * from './auth/index.js'
export * from './copy/index.js'
export {
  CORE_ERROR_CODES,
  CoreError,
  type CoreErrorCode,
  type CoreErrorContext,
  errorMessage,
  isCoreError,
} from './errors.js'
export { type Logger, silentLogger } from './logger.js'
export * from './regions.js'
export * from './store/index.js'
export {
  DEFAULT_LOOKBACK_DAYS,
  DEFAULT_RETENTION_DAYS,
  FOCUS_PREFIX,
  focusDayOf,
  REPORT_KINDS,
  type ReportKind,
  type ReportWindow,
  resolveWindow,
  type WindowOptions,
} from './window.js'
