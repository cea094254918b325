/**
 * `@oci-focus/loader`: FOCUS dialects, the canonical schema, streaming parse + typed conversion,
 * per-file idempotent loads and the Sink port. The DuckDB sink lives at
 * `@oci-focus/loader/duckdb` so this entry never loads native DuckDB bindings.
 */
export { ConversionFailure, toDecimal, toJsonObject, toTimestamp } from './convert.js'
export {
  DIALECTS,
  type Dialect,
  FOCUS_MANDATORY,
  type HeaderMapping,
  mapHeader,
  OCI_ALIASES,
  OCI_FOCUS_HEADER,
  OCI_MANDATORY,
  REQUIRED_VALUES,
} from './dialect.js'
export * from './errors.js'
export {
  type LoadFileResult,
  type LoadOptions,
  type LoadProgress,
  type LoadResult,
  loadReports,
} from './load.js'
export { type Logger, silentLogger } from './logger.js'
export { createOracleSink, type OracleSinkOptions } from './oracle/index.js'
export { type OnError, type ParsedFile, type ParseFileOptions, parseFocusCsv } from './parse.js'
export * from './schema.js'
export { dayStart, type MonthWindows, monthWindows, rangeBounds } from './sink/report-ranges.js'
export type * from './sink/types.js'
export { type BucketReader, type LoadSource, listSourceFiles, type SourceFile } from './source.js'
