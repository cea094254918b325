import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import { parse } from 'csv-parse'
import { ConversionFailure, type Converter, converterFor } from './convert.js'
import { type HeaderMapping, mapHeader, REQUIRED_VALUES } from './dialect.js'
import { isLoadError, LoadError, type LoadErrorCode, quoteValue } from './errors.js'
import type { Logger } from './logger.js'
import { CANONICAL_COLUMNS, type CanonicalRow, type CellValue, columnIndex } from './schema.js'
import type { FileSummary, RejectRow, RowBatch } from './sink/types.js'

export type OnError = 'fail-file' | 'reject-rows'

export interface ParseFileOptions {
  /** Name used in SOURCE_FILE, errors and rejects. */
  readonly file: string
  /** 'fail-file': the first bad record throws. 'reject-rows': bad records become RejectRows. */
  readonly onError: OnError
  readonly batchSize: number
  readonly signal?: AbortSignal | undefined
  readonly logger?: Logger | undefined
}

export interface ParsedFile {
  /** Typed rows in batches; throws a LoadError on a bad file (or bad record in fail-file mode). */
  readonly batches: AsyncIterable<RowBatch>
  /** Valid once `batches` is exhausted. */
  summary(): FileSummary
}

const WIDTH = CANONICAL_COLUMNS.length
const X_COLUMNS_INDEX = columnIndex('X_COLUMNS')
const SOURCE_FILE_INDEX = columnIndex('SOURCE_FILE')
const SOURCE_LINE_INDEX = columnIndex('SOURCE_LINE')
const REQUIRED_INDEXES = REQUIRED_VALUES.map(columnIndex)
const EMPTY_ROW: CellValue[] = new Array<CellValue>(WIDTH).fill(null)

/**
 * Streams a decompressed FOCUS CSV into typed canonical rows. The header picks the dialect;
 * each field is converted by its column's type; empty fields and the NULL token become null
 * (lower-case `null` too in standard FOCUS files, whose spec examples write it). Lines are
 * physical 1-based lines (header = 1), counted here rather than by csv-parse's `info` option,
 * which costs a quarter of the parse time.
 */
export function parseFocusCsv(input: Readable, options: ParseFileOptions): ParsedFile {
  const { file, onError, batchSize, signal, logger } = options
  let summary: FileSummary | undefined
  const parser = parse({ relax_column_count: true })
  // pipeline() forwards a source or gunzip error into the parser, so the iterator below sees it.
  pipeline(input, parser, () => {})

  async function* batches(): AsyncGenerator<RowBatch> {
    let mapping: HeaderMapping | undefined
    let converters: Converter[] = []
    let nullLower = false
    let nextLine = 1
    let rows: CanonicalRow[] = []
    let rejects: RejectRow[] = []
    let rowCount = 0
    let rejectCount = 0

    const fail = (
      code: LoadErrorCode,
      line: number,
      rule: string,
      column?: string,
      value?: string,
    ): LoadError => {
      const where = column === undefined ? `${file} line ${line}` : `${file} line ${line}, column ${column}`
      const got = value === undefined ? '' : `, got ${quoteValue(value)}`
      return new LoadError(code, `${where}: ${rule}${got}`, {
        file,
        line,
        ...(column === undefined ? {} : { column }),
        ...(value === undefined ? {} : { value }),
      })
    }
    const reject = (error: LoadError, record: readonly string[]): void => {
      rejects.push({
        file,
        line: error.line ?? 0,
        code: error.code,
        reason: error.message,
        column: error.column,
        value: error.value,
        rawText: toCsvLine(record),
        rejectedAt: new Date(),
      })
      rejectCount++
    }

    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const line = nextLine
        nextLine += 1 + countNewlines(record)
        if (mapping === undefined) {
          mapping = mapHeader(record, file)
          converters = mapping.targets.map((t) => (t === undefined ? identity : converterFor(t)))
          nullLower = mapping.dialect !== 'oci-focus'
          if (mapping.unprefixed.length > 0) {
            logger?.warn(
              `${file}: columns without the FOCUS x_ prefix kept in X_COLUMNS: ${mapping.unprefixed.join(', ')}`,
            )
          }
          continue
        }
        // A blank line parses as one empty field; it is not a record.
        if (record.length === 1 && record[0] === '') continue
        const width = mapping.names.length
        if (record.length !== width) {
          const error = fail(
            'LOAD_FIELD_COUNT',
            line,
            `must have ${width} fields like the header, got ${record.length}`,
          )
          if (onError === 'fail-file') throw error
          reject(error, record)
          continue
        }
        const row = EMPTY_ROW.slice()
        let extras: Record<string, string> | undefined
        let error: LoadError | undefined
        const targets = mapping.targetIndexes
        for (let i = 0; i < width; i++) {
          const text = record[i] as string
          if (text === '' || text === 'NULL' || (nullLower && text === 'null')) continue
          const target = targets[i] as number
          if (target < 0) {
            extras ??= {}
            extras[mapping.names[i] as string] = text
            continue
          }
          try {
            row[target] = (converters[i] as Converter)(text)
          } catch (cause) {
            if (!(cause instanceof ConversionFailure)) throw cause
            error = fail(cause.code, line, cause.rule, mapping.names[i], text)
            break
          }
        }
        if (error === undefined) {
          for (const index of REQUIRED_INDEXES) {
            if (row[index] === null) {
              const column =
                mapping.names[targets.indexOf(index)] ?? (CANONICAL_COLUMNS[index]?.name as string)
              error = fail('LOAD_REQUIRED_VALUE', line, 'must not be empty', column, '')
              break
            }
          }
        }
        if (error !== undefined) {
          if (onError === 'fail-file') throw error
          reject(error, record)
          continue
        }
        if (extras !== undefined) row[X_COLUMNS_INDEX] = JSON.stringify(extras)
        row[SOURCE_FILE_INDEX] = file
        row[SOURCE_LINE_INDEX] = line
        rows.push(row)
        rowCount++
        if (rows.length >= batchSize) {
          if (signal?.aborted) throw aborted(file)
          yield { rows, rejects }
          rows = []
          rejects = []
        }
      }
    } catch (cause) {
      parser.destroy()
      input.destroy()
      throw toLoadError(cause, file)
    }
    if (mapping === undefined) {
      throw new LoadError('LOAD_EMPTY_FILE', `${file}: file: must start with a header line, got no data`, {
        file,
      })
    }
    if (signal?.aborted) throw aborted(file)
    if (rows.length > 0 || rejects.length > 0) yield { rows, rejects }
    summary = { rows: rowCount, rejectedRows: rejectCount, dialect: mapping.dialect }
  }

  return {
    batches: batches(),
    summary() {
      if (summary === undefined)
        throw new Error('parseFocusCsv: summary() called before the batches were consumed')
      return summary
    },
  }
}

const identity: Converter = (text) => text

function countNewlines(record: readonly string[]): number {
  let count = 0
  for (const field of record) {
    let at = field.indexOf('\n')
    while (at !== -1) {
      count++
      at = field.indexOf('\n', at + 1)
    }
  }
  return count
}

/** Re-serializes a record as one RFC 4180 line (quotes only where needed), for rejects. */
export function toCsvLine(record: readonly string[]): string {
  return record.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')
}

function aborted(file: string): LoadError {
  return new LoadError('LOAD_ABORTED', `${file}: load: aborted by the caller`, { file })
}

/** Classifies what a parse loop can throw: ours, csv-parse's, zlib's, or the source stream's. */
export function toLoadError(cause: unknown, file: string): LoadError {
  if (isLoadError(cause)) return cause
  const error = cause as { code?: unknown; message?: unknown; lines?: unknown; name?: unknown }
  const message = typeof error?.message === 'string' ? error.message : String(cause)
  const code = typeof error?.code === 'string' ? error.code : ''
  if (code.startsWith('CSV_')) {
    const line = typeof error.lines === 'number' ? error.lines : undefined
    return new LoadError(
      'LOAD_CSV_SYNTAX',
      `${file}${line === undefined ? '' : ` line ${line}`}: CSV: must be RFC 4180 (balanced quotes), got ${code}: ${message}`,
      { file, ...(line === undefined ? {} : { line }) },
      { cause },
    )
  }
  if (
    code.startsWith('Z_') ||
    code === 'ERR_ZLIB' ||
    /incorrect header check|unexpected end of file/.test(message)
  ) {
    return new LoadError(
      'LOAD_BAD_GZIP',
      `${file}: gzip: must be a complete gzip stream, got ${message}`,
      { file },
      { cause },
    )
  }
  if (error?.name === 'AbortError') return aborted(file)
  return new LoadError(
    'LOAD_SOURCE_READ',
    `${file}: read: must stream to the end, got ${message}`,
    { file },
    { cause },
  )
}
