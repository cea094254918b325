/** The Oracle sink: `createOracleSink` (re-exported by '@oci-focus/loader'). */
export { createOracleSink, type OracleSinkOptions } from './sink.js'
