/**
 * `@oci-focus/loader/duckdb`: the embedded DuckDB sink. Kept out of the main entry so that
 * importing `@oci-focus/loader` never loads DuckDB's native bindings (the GitHub Action bundle
 * uses the Oracle sink only).
 */
export { createDuckDbSink, type DuckDbSink, type DuckDbSinkOptions, scaledDecimal } from './duckdb/sink.js'
